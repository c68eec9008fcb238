import Foundation
import PinganCore
import PinganGeo
import Testing

/// Incidents and their referrals out as NENA EIDO (STA-021 1.0) JSON and back in; a document
/// written from the standard's own sample; and the refusals of documents Pingan cannot take.
@Suite("EIDO export and import")
struct EIDOTests {
    static let sender = "pingan.example"
    static let received = Date(timeIntervalSince1970: 1_796_292_600)  // 2026-12-03T10:10:00Z
    static func at(_ seconds: TimeInterval) -> Date { received.addingTimeInterval(seconds) }

    static func incident() -> Incident {
        var incident = Incident(
            id: IncidentID("inc-7f3a"), number: "HZ-20261203-0042", jurisdictionID: JurisdictionID("hz-xihu"), category: "dispute",
            priority: .p2, location: Coordinate(lat: 30.2592441, lon: 120.1308637), address: "杭州市西湖区文三路 188 号 A&B 座",
            caller: Caller(name: "张三", phone: "+86-138-0013-8000"),
            description: "楼上邻居深夜噪音 <很吵> & 敲门无果\n第二次来电", status: .referred, times: IncidentTimes(receivedAt: received),
            path: "/cn/hz/xihu")
        incident.times.dispatchedAt = at(90)
        return incident
    }

    static func referral(_ id: String, agency: String, name: String, status: Referral.Status, sentAfter: TimeInterval) -> Referral {
        let incident = incident()
        return Referral(id: ReferralID(id), incidentID: incident.id, incidentNumber: incident.number, agencyID: AgencyID(agency),
                        agencyName: name, status: status, summary: Referral.Summary(incident), note: "请联系物业协调\n住户在 3 楼",
                        sent: .init(at: at(sentAfter), by: "dispatcher-1"), acceptDue: at(sentAfter + 900),
                        feedbackDue: at(sentAfter + 86_400), deadlinesSetBy: "standard", path: incident.path)
    }

    /// A referral the 12345 hotline finished with feedback, and an earlier one a grid returned.
    static func referrals() -> [Referral] {
        var done = referral("ref-2", agency: "hotline-12345", name: "12345 政务服务便民热线", status: .done, sentAfter: 600)
        done.accepted = .init(at: at(700), by: "agent-9")
        done.started = .init(at: at(800), by: "agent-9")
        done.feedback = .init(outcome: "resolved", summary: "已上门调解\n双方达成一致", by: "agent-9", at: at(3600))
        var returned = referral("ref-1", agency: "grid-7", name: "文三社区网格", status: .returned, sentAfter: 120)
        returned.returned = .init(at: at(300), by: "grid-user")
        returned.returnReason = "不属于本网格\n请转 12345"
        return [done, returned]
    }

    static func exported() -> EIDODocument {
        EIDOExport.document(incident: incident(), referrals: referrals(), sender: sender, now: at(4000))
    }

    /// The refusal of reading `data` and making an incoming incident of it, if any.
    static func refusal(_ data: Data) -> EIDOError? {
        do throws(EIDOError) {
            _ = try EIDOImport.incoming(try EIDOImport.parse(data), sender: sender)
            return nil
        } catch {
            return error
        }
    }

    static func refusal(_ document: EIDODocument) -> EIDOError? {
        do throws(EIDOError) {
            _ = try EIDOImport.incoming(document, sender: sender)
            return nil
        } catch {
            return error
        }
    }

    /// The exported JSON as a mutable tree, changed by `change`, written back.
    static func edited(_ change: (inout [String: Any]) -> Void) throws -> Data {
        var tree = try #require(try JSONSerialization.jsonObject(with: EIDOExport.json(exported())) as? [String: Any])
        change(&tree)
        return try JSONSerialization.data(withJSONObject: tree)
    }

    // MARK: Round trip

    @Test func exportThenImportKeepsWhatTheIncidentAndItsReferralsSay() throws {
        let data = EIDOExport.json(Self.exported())
        let document = try EIDOImport.parse(data)
        #expect(document == Self.exported())
        let incoming = try EIDOImport.incoming(document, sender: Self.sender)

        #expect(incoming.trackingIdentifier == "urn:emergency:uid:incidentid:inc-7f3a:pingan.example")
        #expect(incoming.incidentID == IncidentID("inc-7f3a"))
        #expect(incoming.externalNumber == "HZ-20261203-0042")
        let new = incoming.newIncident
        #expect(new.category == "dispute")
        #expect(new.priority == .p2)
        #expect(new.location == Coordinate(lat: 30.2592441, lon: 120.1308637))
        #expect(new.address == "杭州市西湖区文三路 188 号 A&B 座")
        #expect(new.callerPhone == "+86-138-0013-8000")
        #expect(new.description == "楼上邻居深夜噪音 <很吵> & 敲门无果\n第二次来电")

        let owner = try #require(incoming.agencies.first { $0.owning })
        #expect(owner.identifier == Self.sender)
        #expect(incoming.agencies.filter(\.owning).count == 1)

        let hotline = try #require(incoming.agencies.first { $0.agencyID == AgencyID("hotline-12345") })
        #expect(hotline.identifier == "hotline-12345.agency.pingan.example")
        #expect(hotline.name == "12345 政务服务便民热线")
        #expect(hotline.roles == ["Assisting"])
        #expect(hotline.referrals.map(\.status) == [.done])
        #expect(hotline.referrals.first?.outcome == "resolved")
        #expect(hotline.referrals.first?.feedback == "已上门调解\n双方达成一致")
        #expect(hotline.referrals.first?.at == Self.at(3600))

        let grid = try #require(incoming.agencies.first { $0.agencyID == AgencyID("grid-7") })
        #expect(grid.name == "文三社区网格")
        #expect(grid.roles == ["Informational"])
        #expect(grid.referrals.map(\.status) == [.returned])
        #expect(grid.referrals.first?.returnReason == "不属于本网格\n请转 12345")
        #expect(grid.referrals.first?.feedback == nil)

        // Every note comes back as text, the referral notes tied to their agencies.
        #expect(incoming.notes.count == 3)
        #expect(incoming.notes.first?.text == "楼上邻居深夜噪音 <很吵> & 敲门无果\n第二次来电")
        #expect(incoming.notes.first?.aboutAgency == nil)
        #expect(incoming.notes.filter { $0.aboutAgency == hotline.identifier }.count == 1)
    }

    @Test func jsonUsesTheStandardsNamesStableKeysAndTimesWithAnOffset() throws {
        let data = EIDOExport.json(Self.exported())
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.hasPrefix("{\"$id\":\"urn:emergency:uid:incidentid:inc-7f3a:pingan.example\""))
        for member in ["\"eidoVersion\":\"1.0\"", "\"issuingElementIdentification\":\"pingan.example\"", "\"incidentComponent\":{",
                       "\"callComponent\":[", "\"locationComponent\":[", "\"agencyComponent\":[", "\"notesComponent\":[",
                       "\"incidentTypeCommonRegistryText\":\"CDX\"", "\"incidentCommonPriorityNumber\":7",
                       "\"incidentStatusCommonRegistryText\":[\"Active\"]", "\"locationTypeDescriptionRegistryText\":\"CurrentIncident\"",
                       "\"callBackInformationUri\":[\"tel:+86-138-0013-8000\"]", "\"incidentOwningAgencyIndicator\":true",
                       "\"callStartTimestamp\":\"2026-12-03T18:10:00.000+08:00\"", "<gml:pos>30.2592441 120.1308637</gml:pos>",
                       "\"$ref\":\"pingan.example\""] {
            #expect(text.contains(member), "\(member)")
        }
        // The description travels as an HTML fragment: escaped, line breaks as <br>.
        #expect(text.contains("楼上邻居深夜噪音 &lt;很吵&gt; &amp; 敲门无果<br>第二次来电"))
        // Same state, same bytes, whatever order the referrals come in.
        let reversed = EIDOExport.document(incident: Self.incident(), referrals: Self.referrals().reversed(), sender: Self.sender, now: Self.at(4000))
        #expect(EIDOExport.json(reversed) == data)
        #expect(String(decoding: EIDOExport.json(Self.exported(), utcOffsetMinutes: 0), as: UTF8.self)
            .contains("\"callStartTimestamp\":\"2026-12-03T10:10:00.000+00:00\""))
    }

    @Test func theExportedDocumentPassesItsOwnRules() throws {
        try Self.exported().validate()
        // Without referrals or a caller's number it is still whole: one owner, no callback.
        var quiet = Self.incident()
        quiet.caller = Caller()
        quiet.description = ""
        let document = EIDOExport.document(incident: quiet, referrals: [], sender: Self.sender, now: Self.at(10))
        try document.validate()
        #expect(document.agencyComponent.count == 1)
        #expect(document.callbackComponent == nil)
        #expect(document.notesComponent == nil)
        let incoming = try EIDOImport.incoming(try EIDOImport.parse(EIDOExport.json(document)))
        #expect(incoming.newIncident.callerPhone == nil)
        #expect(incoming.newIncident.description == "")
        #expect(incoming.incidentID == nil)  // no sender given: not matched to our own
    }

    @Test func everyPriorityAndStandardCategoryComesBack() throws {
        for priority in Priority.allCases {
            for category in CategoryCatalogue.standard.categories.map(\.code) {
                var incident = Self.incident()
                incident.priority = priority
                incident.category = category
                let document = EIDOExport.document(incident: incident, referrals: [], sender: Self.sender, now: Self.at(10))
                let incoming = try EIDOImport.incoming(try EIDOImport.parse(EIDOExport.json(document)))
                #expect(incoming.newIncident.priority == priority)
                #expect(incoming.newIncident.category == category)
                // A receiver that ignores our internal code still gets the category back from the common type.
                #expect(EIDOImport.category(internalCode: nil, common: EIDOExport.commonType(category)) == category)
            }
        }
    }

    @Test func categoryAndPriorityMappingOfOtherSenders() {
        #expect(EIDOImport.category(internalCode: "10-101", common: "CU1") == "other")
        #expect(EIDOImport.category(internalCode: "fire", common: "TROUBLE") == "fire")
        #expect(EIDOImport.category(internalCode: nil, common: "nonemerg") == "inquiry")
        let custom = CategoryCatalogue(categories: [.init(code: "noise", nameZh: "噪音", nameEn: "Noise"), .init(code: "other", nameZh: "其他", nameEn: "Other")])
        #expect(EIDOImport.category(internalCode: "noise", common: "NOISE", catalogue: custom) == "noise")
        #expect(EIDOImport.category(internalCode: "dispute", common: "CDX", catalogue: custom) == "other")
        #expect(EIDOImport.priority(common: 10, internalText: nil) == .p1)
        #expect(EIDOImport.priority(common: 9, internalText: "P4") == .p1)
        #expect(EIDOImport.priority(common: 6, internalText: nil) == .p2)
        #expect(EIDOImport.priority(common: 5, internalText: nil) == .p3)
        #expect(EIDOImport.priority(common: 0, internalText: nil) == .p4)
        #expect(EIDOImport.priority(common: nil, internalText: " p1 ") == .p1)
        #expect(EIDOImport.priority(common: nil, internalText: "10: VERY HIGH PRIORITY") == .p3)
    }

    @Test func ownIdentifiersAreReadBackOnlyForTheirSender() {
        #expect(EIDOImport.incidentID(trackingIdentifier: "urn:emergency:uid:incidentid:inc-1:pingan.example", sender: "pingan.example") == IncidentID("inc-1"))
        #expect(EIDOImport.incidentID(trackingIdentifier: "URN:Emergency:uid:Incidentid:inc-1:pingan.example", sender: "pingan.example") == IncidentID("inc-1"))
        #expect(EIDOImport.incidentID(trackingIdentifier: "urn:emergency:uid:incidentid:inc-1:other.example", sender: "pingan.example") == nil)
        #expect(EIDOImport.incidentID(trackingIdentifier: "urn:emergency:uid:incidentid::pingan.example", sender: "pingan.example") == nil)
        #expect(EIDOImport.agencyID(agencyIdentifier: "grid-7.agency.pingan.example", sender: "pingan.example") == AgencyID("grid-7"))
        #expect(EIDOImport.agencyID(agencyIdentifier: "grid-7.agency.other.example", sender: "pingan.example") == nil)
        #expect(EIDOImport.agencyID(agencyIdentifier: "pingan.example", sender: "pingan.example") == nil)
    }

    // MARK: The standard's example

    /// NENA's sample "Sample call transfer EIDO.json" (github.com/NENA911/EIDO-JSON, Samples/),
    /// shortened (its additional-data blocks dropped) and given what the sample leaves out and
    /// Pingan needs: an incident component and a current incident location with a position. Its
    /// agent and person components, `@context` and other members Pingan does not read stay in.
    static let standardSample = #"""
    {
      "$id": "urn:emergency:uid:incidentid:a56e556d871:bcf.state.pa.us",
      "lastUpdateTimeStamp": "2021-04-30T18:43:49.439Z",
      "updatedByAgencyReference": { "$ref": "state.pa.us" },
      "updatedByAgentReference": { "$ref": "tjones.atroop@state.pa.us" },
      "eidoVersion": "1.0",
      "issuingElementIdentification": "idx.state.pa.us",
      "incidentComponent": {
        "$id": "urn:emergency:uid:eidodatacomponent:incident-a56e556d871:state.pa.us",
        "lastUpdateTimeStamp": "2021-04-30T18:43:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "incidentTypeInternalCode": "10-32",
        "incidentTypeInternalText": "NEIGHBOUR DISPUTE",
        "incidentTypeCommonRegistryText": "CDX",
        "incidentStatusCommonRegistryText": ["Active"],
        "incidentCommonPriorityNumber": 8,
        "internalIncidentId": "2021-0430-0117",
        "locationReference": [{ "$ref": "123e4567-cafe-12d3-a456-426614174000" }],
        "notesReference": [{ "$ref": "123e4567-note-12d3-a456-426614174000" }]
      },
      "callComponent": [{
        "$id": "urn:emergency:uid:callid:a56e556d871:bcf.state.pa.us",
        "lastUpdateTimeStamp": "2021-04-30T18:42:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "updatedByAgentReference": { "$ref": "tjones.atroop@state.pa.us" },
        "queueIdentifier": "sos@state.pa.us",
        "standardPrimaryCallType": "emergency",
        "direction": "incoming",
        "additionalDataReference": [{ "$ref": "123e4567-e89b-12d3-a456-426614174000" }],
        "callStartTimestamp": "2021-04-30T18:40:00.0Z",
        "answerDate": "2021-04-30T18:42:00.0Z",
        "callStateRegistryText": "callAnswered",
        "callBackReference": { "$ref": "123e4567-e89b-1234-a456-426614174000" },
        "agentReference": [{ "$ref": "tjones.atroop@state.pa.us" }],
        "locationReference": [{ "$ref": "123e4567-dead-12d3-a456-426614174000" }, { "$ref": "123e4567-beef-12d3-a456-426614174000" }],
        "personReference": [{ "$ref": "123e4567-abcd-12d3-a456-426614174000" }]
      }],
      "callbackComponent": [{
        "$id": "123e4567-e89b-1234-a456-426614174000",
        "lastUpdateTimeStamp": "2021-04-30T18:40:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "updatedByAgentReference": { "$ref": "tjones.atroop@state.pa.us" },
        "callBackInformationUri": ["sip:8195551212@osp.com", "tel:8195551212"],
        "deviceContactHeader": "sip:conferenceid3053@bridge.ngcs.com;isfocus"
      }],
      "agencyComponent": [{
        "$id": "state.pa.us",
        "lastUpdateTimeStamp": "2021-04-30T18:40:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "agencyRoleDescriptionRegistryText": ["CallReceiving"],
        "agencyType": ["psap"]
      }],
      "agentComponent": [{
        "$id": "tjones.atroop@state.pa.us",
        "lastUpdateTimeStamp": "2021-04-30T18:42:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "agentWorkstationPositionIdentification": "5",
        "agentRoleRegistryText": ["Call Taking"],
        "agencyReference": { "$ref": "state.pa.us" }
      }],
      "notesComponent": [{
        "$id": "123e4567-note-12d3-a456-426614174000",
        "lastUpdateTimeStamp": "2021-04-30T18:43:00.0-04:00",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "notesActionComments": "<p>Caller reports a dispute with the neighbour at <b>42 Cellular St</b>.</p><p>No weapons seen &amp; nobody hurt.</p>",
        "agentReference": { "$ref": "tjones.atroop@state.pa.us" }
      }],
      "locationComponent": [{
        "$id": "123e4567-dead-12d3-a456-426614174000",
        "lastUpdateTimeStamp": "2021-04-30T18:40:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "locationTypeDescriptionRegistryText": "RoutingLocation",
        "locationByValue": "<?xml version=\"1.0\" encoding=\"UTF-8\"?> <presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" entity=\"pres:alice@atlanta.example.com\"> <dm:device id=\"target123-1\"> <gp:geopriv> <gp:location-info> <civicAddress xmlns=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\"> <country>US</country> <A1>DE</A1> <A3>Wilmington</A3> <PRD>W</PRD> <RD>Cellular</RD> <STS>Street</STS> <HNO>42</HNO> </civicAddress> </gp:location-info> <gp:method>Manual</gp:method> </gp:geopriv> </dm:device> </presence>"
      }, {
        "$id": "123e4567-beef-12d3-a456-426614174000",
        "lastUpdateTimeStamp": "2021-04-30T18:40:30.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "locationTypeDescriptionRegistryText": "Caller",
        "locationByReferenceUrl": "https://lrf.osp.com?oasufdqwerjn12346jfias"
      }, {
        "$id": "123e4567-cafe-12d3-a456-426614174000",
        "lastUpdateTimeStamp": "2021-04-30T18:43:00.0Z",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "locationTypeDescriptionRegistryText": "CurrentIncident",
        "locationByValue": "<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\" xmlns:gml=\"http://www.opengis.net/gml\" xmlns:gs=\"http://www.opengis.net/pidflo/1.0\" entity=\"pres:alice@atlanta.example.com\"><tuple id=\"t1\"><status><gp:geopriv><gp:location-info><gs:Circle srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>39.74126 -75.55131</gml:pos><gs:radius uom=\"urn:ogc:def:uom:EPSG::9001\">50</gs:radius></gs:Circle><civicAddress xmlns=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\"><country>US</country><A1>DE</A1><A3>Wilmington</A3><PRD>W</PRD><RD>Cellular</RD><STS>Street</STS><HNO>42</HNO></civicAddress></gp:location-info><gp:usage-rules/></gp:geopriv></status></tuple></presence>"
      }],
      "personComponent": [{
        "$id": "123e4567-abcd-12d3-a456-426614174000",
        "lastUpdateTimeStamp": "2021-04-30T18:40:00.0",
        "updatedByAgencyReference": { "$ref": "state.pa.us" },
        "personIncidentRoleRegistryText": ["Caller"],
        "callIdentifier": ["urn:emergency:uid:callid:a56e556d871:bcf.state.pa.us"],
        "callBackReference": { "$ref": "123e4567-e89b-1234-a456-426614174000" }
      }],
      "@context": { "@vocab": "./JSON-LD_Contexts/EmergencyIncidentDataObjectType.jsonld" }
    }
    """#

    @Test func aDocumentWrittenFromTheStandardsSampleImports() throws {
        let document = try EIDOImport.parse(Data(Self.standardSample.utf8))
        #expect(document.incidentTrackingIdentifier == "urn:emergency:uid:incidentid:a56e556d871:bcf.state.pa.us")
        #expect(document.lastUpdateTimeStamp == Date(timeIntervalSince1970: 1_619_808_229.439))
        #expect(document.note("123e4567-note-12d3-a456-426614174000")?.lastUpdateTimeStamp == Date(timeIntervalSince1970: 1_619_822_580))
        let incoming = try EIDOImport.incoming(document, sender: Self.sender)
        #expect(incoming.incidentID == nil)
        #expect(incoming.issuedBy == "idx.state.pa.us")
        #expect(incoming.updatedBy == "state.pa.us")
        #expect(incoming.externalNumber == "2021-0430-0117")
        let new = incoming.newIncident
        #expect(new.category == "dispute")  // CDX, civil dispute
        #expect(new.priority == .p2)  // common priority 8
        #expect(new.location == Coordinate(lat: 39.74126, lon: -75.55131))  // the circle's centre, not the routing location
        #expect(new.address == "US DE Wilmington W Cellular Street 42")
        #expect(new.callerPhone == "8195551212")  // the tel: URI, not the sip: one
        #expect(new.description == "Caller reports a dispute with the neighbour at 42 Cellular St.\nNo weapons seen & nobody hurt.")
        #expect(new.jurisdictionID == nil)
        #expect(incoming.notes.map(\.author) == ["tjones.atroop@state.pa.us"])
        #expect(incoming.agencies.map(\.identifier) == ["state.pa.us"])
        #expect(incoming.agencies.first?.roles == ["CallReceiving"])
        #expect(incoming.agencies.first?.referrals.isEmpty == true)
        #expect(incoming.agencies.first?.agencyID == nil)
    }

    @Test func positionsOfOtherShapesAndDimensions() throws {
        func read(_ inner: String) throws(EIDOError) -> Coordinate? {
            try EIDOPIDF.read("<presence xmlns:gml=\"http://www.opengis.net/gml\"><gp:location-info>\(inner)</gp:location-info></presence>",
                              component: "locationComponent[0]").position
        }
        // The 3-D ellipsoid of NENA's first sample: height dropped.
        #expect(try read("<gs:Ellipsoid srsName=\"urn:ogc:def:crs:EPSG::4979\"><gml:pos>40.441345 -80.000266 34</gml:pos></gs:Ellipsoid>")
            == Coordinate(lat: 40.441345, lon: -80.000266))
        // A polygon: the mean of its corners, the closing corner counted once.
        let ring = "<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:exterior><gml:LinearRing><gml:posList>30 120 30 122 32 122 32 120 30 120</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
        #expect(try read(ring) == Coordinate(lat: 31, lon: 121))
        #expect(try read("<!-- no shape --><civicAddress><A1>浙江省</A1><A3>杭州市</A3></civicAddress>") == nil)
        #expect(try EIDOPIDF.read("<civicAddress><A1>浙江省</A1><A3>杭州市</A3><RD>文三路 &amp; 学院路</RD></civicAddress>", component: "x").civicAddress
            == "浙江省 杭州市 文三路 & 学院路")
        // What Pingan writes reads back to the same double.
        let written = EIDOPIDF.point(Coordinate(lat: -33.8688197, lon: 151.2092955), entity: "pres:a&b", at: "2026-12-03T10:10:00.000+00:00")
        #expect(try EIDOPIDF.read(written, component: "x").position == Coordinate(lat: -33.8688197, lon: 151.2092955))
    }

    // MARK: Refusals

    @Test func anUnknownOrMissingVersionIsRefused() throws {
        for version in ["2.0", "1.1.0", "", "EIDO 1.0"] {
            let error = Self.refusal(try Self.edited { $0["eidoVersion"] = version })
            #expect(error?.code == .unknownVersion, "\(version)")
            #expect(error?.code.rawValue == "eido_unknown_version")
            #expect(error?.element == "eidoVersion")
        }
        // Refused as an unknown version even when the rest would not read as 1.0 either.
        let later = Self.refusal(try Self.edited {
            $0["eidoVersion"] = "2.0"
            $0["agencyComponent"] = nil
        })
        #expect(later?.code == .unknownVersion)
        let missing = Self.refusal(try Self.edited { $0["eidoVersion"] = nil })
        #expect(missing?.code == .missingElement && missing?.element == "eidoVersion")
        var document = Self.exported()
        document.eidoVersion = "9.9"
        #expect(Self.refusal(document)?.code == .unknownVersion)
    }

    @Test func eachRequiredComponentMissingIsRefusedByName() throws {
        for component in ["agencyComponent", "incidentComponent", "locationComponent"] {
            for absent in [nil, NSNull(), [Any]()] as [Any?] {
                let error = Self.refusal(try Self.edited { $0[component] = absent })
                #expect(error?.code == .missingComponent, "\(component) \(String(describing: absent))")
                #expect(error?.code.rawValue == "eido_missing_component")
                #expect(error?.component == component)
                #expect(error?.message.contains(component) == true)
            }
        }
        // The same checks on a document built in code.
        var document = Self.exported()
        document.locationComponent = []
        #expect(Self.refusal(document)?.component == "locationComponent")
        document = Self.exported()
        document.incidentComponent = nil
        #expect(Self.refusal(document)?.component == "incidentComponent")
        document = Self.exported()
        document.agencyComponent = []
        #expect(Self.refusal(document)?.component == "agencyComponent")
    }

    @Test func aRequiredMemberMissingInsideAComponentIsNamed() throws {
        let noType = Self.refusal(try Self.edited { tree in
            var agencies = tree["agencyComponent"] as! [[String: Any]]
            agencies[1]["agencyType"] = nil
            tree["agencyComponent"] = agencies
        })
        #expect(noType?.code == .missingElement)
        #expect(noType?.component == "agencyComponent[1]")
        #expect(noType?.element == "agencyType")
        #expect(noType?.field == "agencyComponent[1].agencyType")

        let noCommonType = Self.refusal(try Self.edited { tree in
            var incident = tree["incidentComponent"] as! [String: Any]
            incident["incidentTypeCommonRegistryText"] = nil
            tree["incidentComponent"] = incident
        })
        #expect(noCommonType?.code == .missingElement && noCommonType?.element == "incidentTypeCommonRegistryText")

        let noPlace = Self.refusal(try Self.edited { tree in
            var locations = tree["locationComponent"] as! [[String: Any]]
            locations[0]["locationByValue"] = nil
            tree["locationComponent"] = locations
        })
        #expect(noPlace?.code == .missingElement && noPlace?.component == "locationComponent[0]" && noPlace?.element == "locationByValue")

        // A location by reference only reads, but gives Pingan no position to place the call.
        let byReference = Self.refusal(try Self.edited { tree in
            var locations = tree["locationComponent"] as! [[String: Any]]
            locations[0]["locationByValue"] = nil
            locations[0]["locationByReferenceUrl"] = "https://lis.example/loc/1"
            tree["locationComponent"] = locations
        })
        #expect(byReference?.code == .missingElement && byReference?.element == "locationByValue")
    }

    @Test func badCoordinatesAreRefused() throws {
        func withPosition(_ pos: String, srs: String = "urn:ogc:def:crs:EPSG::4326") throws -> EIDOError? {
            Self.refusal(try Self.edited { tree in
                var locations = tree["locationComponent"] as! [[String: Any]]
                locations[0]["locationByValue"] = "<presence><gml:Point srsName=\"\(srs)\"><gml:pos>\(pos)</gml:pos></gml:Point></presence>"
                tree["locationComponent"] = locations
            })
        }
        for pos in ["91 120", "-90.5 120", "30 180.0001", "30 -181", "NaN 120", "30 inf", "30,120", "north east", "30", ""] {
            let error = try withPosition(pos)
            #expect(error?.code == .invalidValue, "\(pos)")
            #expect(error?.code.rawValue == "eido_invalid_value")
            #expect(error?.component == "locationComponent[0]" && error?.element == "locationByValue", "\(pos)")
        }
        #expect(try withPosition("90 180") == nil)
        #expect(try withPosition("-90 -180") == nil)
        // Web Mercator metres are not WGS-84 degrees.
        #expect(try withPosition("3503549 13380000", srs: "urn:ogc:def:crs:EPSG::3857")?.code == .invalidValue)
        // Markup that is not well formed, or declares entities.
        for xml in ["<presence><gml:pos>30 120</gml:pos>", "<!DOCTYPE x [<!ENTITY a \"30 120\">]><gml:pos>&a;</gml:pos>", "<a><b></a></b>"] {
            let error = Self.refusal(try Self.edited { tree in
                var locations = tree["locationComponent"] as! [[String: Any]]
                locations[0]["locationByValue"] = xml
                tree["locationComponent"] = locations
            })
            #expect(error?.code == .invalidValue && error?.element == "locationByValue", "\(xml)")
        }
    }

    @Test func textOverThePlatformsLimitsIsRefused() throws {
        let longAddress = Self.refusal(try Self.edited { tree in
            var locations = tree["locationComponent"] as! [[String: Any]]
            locations[0]["locationDescriptionText"] = String(repeating: "路", count: 201)
            tree["locationComponent"] = locations
        })
        #expect(longAddress?.code == .invalidValue && longAddress?.element == "locationDescriptionText")
        #expect(longAddress?.message.contains("200") == true)
        let twoHundred = Self.refusal(try Self.edited { tree in
            var locations = tree["locationComponent"] as! [[String: Any]]
            locations[0]["locationDescriptionText"] = String(repeating: "路", count: 200)
            tree["locationComponent"] = locations
        })
        #expect(twoHundred == nil)

        let longNote = Self.refusal(try Self.edited { tree in
            var notes = tree["notesComponent"] as! [[String: Any]]
            notes[0]["notesActionComments"] = "<p>" + String(repeating: "吵", count: 4001) + "</p>"
            tree["notesComponent"] = notes
        })
        #expect(longNote?.code == .invalidValue && longNote?.component == "notesComponent[0]" && longNote?.element == "notesActionComments")
        // Markup does not count against the limit: 4000 characters of text in tags is taken.
        let markedUp = Self.refusal(try Self.edited { tree in
            var notes = tree["notesComponent"] as! [[String: Any]]
            notes[0]["notesActionComments"] = "<p><b>" + String(repeating: "吵", count: 4000) + "</b></p>"
            tree["notesComponent"] = notes
        })
        #expect(markedUp == nil)

        let bidi = Self.refusal(try Self.edited { tree in
            var locations = tree["locationComponent"] as! [[String: Any]]
            locations[0]["locationDescriptionText"] = "文三路\u{202E}881"
            tree["locationComponent"] = locations
        })
        #expect(bidi?.code == .invalidValue && bidi?.element == "locationDescriptionText")
    }

    @Test func otherBadDocumentsAreRefusedWithStableCodes() throws {
        #expect(Self.refusal(Data("{\"eidoVersion\": \"1.0\",".utf8))?.code == .malformed)
        #expect(Self.refusal(Data("[]".utf8))?.code == .malformed)
        #expect(Self.refusal(Data("{\"eidoVersion\":\"1.0\",\"eidoVersion\":\"2.0\"}".utf8))?.code == .malformed)
        // An incident component as an array is not the 1.0 structure.
        let asArray = Self.refusal(try Self.edited { $0["incidentComponent"] = [$0["incidentComponent"]!] })
        #expect(asArray?.code == .malformed && asArray?.element == "incidentComponent")
        // A time without an offset names no instant.
        let localTime = Self.refusal(try Self.edited { $0["lastUpdateTimeStamp"] = "2026-12-03T18:10:00" })
        #expect(localTime?.code == .invalidValue && localTime?.element == "lastUpdateTimeStamp")
        let badPriority = Self.refusal(try Self.edited { tree in
            var incident = tree["incidentComponent"] as! [String: Any]
            incident["incidentCommonPriorityNumber"] = 11
            tree["incidentComponent"] = incident
        })
        #expect(badPriority?.code == .invalidValue && badPriority?.element == "incidentCommonPriorityNumber")
        let twoOwners = Self.refusal(try Self.edited { tree in
            var agencies = tree["agencyComponent"] as! [[String: Any]]
            agencies[1]["incidentOwningAgencyIndicator"] = true
            tree["agencyComponent"] = agencies
        })
        #expect(twoOwners?.code == .invalidValue && twoOwners?.element == "incidentOwningAgencyIndicator")
        let sameID = Self.refusal(try Self.edited { tree in
            var agencies = tree["agencyComponent"] as! [[String: Any]]
            agencies[1]["$id"] = agencies[0]["$id"]
            tree["agencyComponent"] = agencies
        })
        #expect(sameID?.code == .invalidValue && sameID?.element == "$id")
        let direction = Self.refusal(try Self.edited { tree in
            var calls = tree["callComponent"] as! [[String: Any]]
            calls[0]["direction"] = "sideways"
            tree["callComponent"] = calls
        })
        #expect(direction?.code == .invalidValue && direction?.element == "direction")
        let spacedID = Self.refusal(try Self.edited { $0["$id"] = "urn:emergency:uid:incidentid:a b:x" })
        #expect(spacedID?.code == .invalidValue && spacedID?.element == "$id")
    }

    @Test func notesAreReadAsTextWhateverTheirMarkup() throws {
        func description(_ html: String) throws -> String {
            let data = try Self.edited { tree in
                var notes = tree["notesComponent"] as! [[String: Any]]
                notes[0]["notesActionComments"] = html
                tree["notesComponent"] = notes
            }
            return try EIDOImport.incoming(try EIDOImport.parse(data)).newIncident.description
        }
        #expect(try description("<div>一楼</div><div>二楼<br/>三楼</div>") == "一楼\n二楼\n三楼")
        #expect(try description("<ul><li>one</li><li>two &#x4E09; &#19977; &nbsp;x &bogus; &amp</li></ul>") == "one\ntwo 三 三 \u{A0}x &bogus; &amp")
        #expect(try description("temperature < 5 and rising") == "temperature < 5 and rising")
        #expect(try description("<script>alert(1)</script>  ") == "alert(1)")
    }

    @Test func aCallerNumberThatIsNoNumberIsLeftOut() throws {
        var incident = Self.incident()
        incident = incident.maskingCaller  // 138****8000-like: not a number a dispatcher can ring
        let document = EIDOExport.document(incident: incident, referrals: [], sender: Self.sender, now: Self.at(10))
        #expect(document.callbackComponent?.first?.callBackInformationUri?.first?.hasPrefix("tel:+86") == true)
        let incoming = try EIDOImport.incoming(try EIDOImport.parse(EIDOExport.json(document)))
        #expect(incoming.newIncident.callerPhone == nil)
    }

    @Test func dateTimesCarryAnOffsetAndMilliseconds() {
        let instant = Date(timeIntervalSince1970: 1_796_292_600.123)
        #expect(EIDODateTime.format(instant) == "2026-12-03T10:10:00.123+00:00")
        #expect(EIDODateTime.format(instant, utcOffsetMinutes: 480) == "2026-12-03T18:10:00.123+08:00")
        #expect(EIDODateTime.format(instant, utcOffsetMinutes: -300) == "2026-12-03T05:10:00.123-05:00")
        #expect(EIDODateTime.format(instant, utcOffsetMinutes: 15 * 60) == "2026-12-03T10:10:00.123+00:00")
        for offset in [0, 480, -300, 345] {
            #expect(EIDODateTime.parse(EIDODateTime.format(instant, utcOffsetMinutes: offset)) == instant)
        }
        #expect(EIDODateTime.parse("2021-04-30T18:40:00.0Z") == Date(timeIntervalSince1970: 1_619_808_000))
        #expect(EIDODateTime.parse("2021-04-30T18:40:00") == nil)
        #expect(EIDODateTime.parse("2021-02-30T18:40:00Z") == nil)
    }
}
