import Foundation
import PinganGeo

/// Incidents as NENA EIDO documents (STA-021 version 1.0), so another agency's CAD, the 12345
/// hotline's system or a neighbouring Pingan can take a referred call without retyping it.
///
/// What goes where: the incident component carries the category (ours as the internal code, the
/// closest APCO common type as the required common one), status and priority on both scales;
/// one call component and its callback the time and the caller's number; one location component
/// the position (PIDF-LO point) and the address (description text); one agency component the
/// police owner and one each agency a referral went to; notes the description, the field's
/// feedback and, per referral, its state, outcome and feedback. Everything is derived from the
/// incident and its referrals alone, so the same state always gives the same document.
public enum EIDOExport {
    /// The document for `incident` as it stands at `now`, with `referrals` (any order). `sender`
    /// is this platform's agency identifier, a domain name (`pingan.example`); it names the
    /// owner and makes every identifier in the document globally unique.
    ///
    /// The caller is written as the incident has it: pass `incident.maskingCaller` when the
    /// receiving agency may not see the number, as referral summaries are masked.
    /// `trackingIdentifier` is the one the incident already carries when it came in as an EIDO;
    /// otherwise one is made from the incident's ID (see `trackingIdentifier(for:sender:)`).
    public static func document(incident: Incident, referrals: [Referral], sender: String, now: Date,
                                catalogue: CategoryCatalogue = .standard, trackingIdentifier: String? = nil) -> EIDODocument {
        let me = EIDODocument.Reference(sender)
        let key = incident.id.rawValue
        func uid(_ kind: String, _ id: String) -> String { "urn:emergency:uid:eidodatacomponent:\(kind)-\(id):\(sender)" }
        let changed = lastChange(incident)
        let locationID = uid("location", key)
        var notes: [EIDODocument.NotesComponent] = []
        var incidentNotes: [EIDODocument.Reference] = []
        if !incident.description.isEmpty {
            let id = uid("description", key)
            notes.append(.init(id: id, lastUpdateTimeStamp: incident.times.receivedAt, updatedByAgencyReference: me,
                               notesActionComments: EIDOMarkup.html(incident.description)))
            incidentNotes.append(.init(id))
        }
        if let feedback = incident.feedback {
            let id = uid("feedback", key)
            notes.append(.init(id: id, lastUpdateTimeStamp: feedback.at, updatedByAgencyReference: me,
                               notesActionComments: EIDOMarkup.html("处警反馈 Feedback: \(feedback.outcome)\n\(feedback.summary)")))
            incidentNotes.append(.init(id))
        }
        let name = catalogue.category(incident.category)
        let incidentComponent = EIDODocument.IncidentComponent(
            id: uid("incident", key), lastUpdateTimeStamp: changed, updatedByAgencyReference: me,
            incidentTypeInternalCode: incident.category, incidentTypeInternalText: name.map { "\($0.nameZh) \($0.nameEn)" },
            incidentTypeCommonRegistryText: commonType(incident.category),
            incidentStatusInternalText: [incident.status.rawValue], incidentStatusCommonRegistryText: [commonStatus(incident.status)],
            internalIncidentId: incident.number, locationReference: [.init(locationID)],
            incidentPriorityInternalText: "P\(incident.priority.rawValue)", incidentCommonPriorityNumber: commonPriority(incident.priority),
            notesReference: incidentNotes.isEmpty ? nil : incidentNotes)

        var callbacks: [EIDODocument.CallbackComponent] = []
        var callbackReference: EIDODocument.Reference?
        if let phone = incident.caller.phone, !phone.isEmpty {
            let id = uid("callback", key)
            callbacks.append(.init(id: id, lastUpdateTimeStamp: incident.times.receivedAt, updatedByAgencyReference: me,
                                   callBackInformationUri: ["tel:" + phone.filter { $0 != " " }]))
            callbackReference = .init(id)
        }
        let call = EIDODocument.CallComponent(
            id: "urn:emergency:uid:callid:\(key):\(sender)", lastUpdateTimeStamp: incident.times.receivedAt, updatedByAgencyReference: me,
            callStartTimestamp: incident.times.receivedAt, callStateRegistryText: "callEnd", callBackReference: callbackReference,
            locationReference: [.init(locationID)])
        let location = EIDODocument.LocationComponent(
            id: locationID, lastUpdateTimeStamp: changed, updatedByAgencyReference: me, locationTypeDescriptionRegistryText: "CurrentIncident",
            locationByValue: EIDOPIDF.point(incident.location, entity: "pres:\(incident.number)@\(sender)", at: EIDODateTime.format(changed)),
            locationDescriptionText: incident.address)

        var agencies = [EIDODocument.AgencyComponent(
            id: sender, lastUpdateTimeStamp: changed, updatedByAgencyReference: me,
            agencyRoleDescriptionRegistryText: ["CallReceiving", "Dispatching"], agencyType: ["police"], incidentOwningAgencyIndicator: true)]
        // One agency component per agency (its identifier must be unique in the document), with
        // a note per referral: a call returned and sent again has two.
        let ordered = referrals.sorted { ($0.sent.at, $0.id) < ($1.sent.at, $1.id) }
        var seen: [AgencyID: Int] = [:]
        for referral in ordered {
            let noteID = uid("referral", referral.id.rawValue)
            notes.append(.init(id: noteID, lastUpdateTimeStamp: lastChange(referral), updatedByAgencyReference: me,
                               notesActionComments: EIDOMarkup.html(EIDOReferralNote.text(referral))))
            let working = referral.status != .returned && referral.status != .withdrawn
            if let k = seen[referral.agencyID] {
                agencies[k].notesReference = (agencies[k].notesReference ?? []) + [.init(noteID)]
                agencies[k].lastUpdateTimeStamp = max(agencies[k].lastUpdateTimeStamp, lastChange(referral))
                if working { agencies[k].agencyRoleDescriptionRegistryText = ["Assisting"] }
            } else {
                seen[referral.agencyID] = agencies.count
                agencies.append(.init(
                    id: agencyIdentifier(for: referral.agencyID, sender: sender), lastUpdateTimeStamp: lastChange(referral),
                    updatedByAgencyReference: me, agencyJcard: EIDOJCard.write(name: referral.agencyName),
                    agencyRoleDescriptionRegistryText: [working ? "Assisting" : "Informational"], agencyType: ["other"],
                    incidentOwningAgencyIndicator: false, notesReference: [.init(noteID)]))
            }
        }

        return EIDODocument(
            incidentTrackingIdentifier: trackingIdentifier ?? self.trackingIdentifier(for: incident.id, sender: sender),
            lastUpdateTimeStamp: now, updatedByAgencyReference: me, issuingElementIdentification: sender,
            incidentComponent: incidentComponent, callComponent: [call], callbackComponent: callbacks.isEmpty ? nil : callbacks,
            locationComponent: [location], agencyComponent: agencies, notesComponent: notes.isEmpty ? nil : notes)
    }

    /// The document as JSON: keys sorted (stable bytes for the same state), `/` unescaped, times
    /// at `utcOffsetMinutes` east of UTC (China Standard Time unless told otherwise).
    public static func json(_ document: EIDODocument, utcOffsetMinutes: Int = 8 * 60) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(EIDODateTime.format(date, utcOffsetMinutes: utcOffsetMinutes))
        }
        // The document holds only strings, integers, booleans and dates written as strings, none
        // of which a JSONEncoder refuses, so this cannot fail; an empty body would show if it did.
        return (try? encoder.encode(document)) ?? Data()
    }

    /// `urn:emergency:uid:incidentid:<incident ID>:<sender>`, NENA-STA-010's form, for incidents
    /// that began here. `EIDOImport.incidentID(trackingIdentifier:sender:)` reads it back.
    public static func trackingIdentifier(for id: IncidentID, sender: String) -> String {
        "urn:emergency:uid:incidentid:\(id.rawValue):\(sender)"
    }

    /// `<agency ID>.agency.<sender>`: an agency identifier under the sender's domain, since the
    /// external agencies Pingan refers to have no NG9-1-1 identifiers of their own.
    /// `EIDOImport.agencyID(agencyIdentifier:sender:)` reads it back.
    public static func agencyIdentifier(for id: AgencyID, sender: String) -> String { "\(id.rawValue).agency.\(sender)" }

    /// Pingan's 1 (most urgent) to 4 on the common 0-10 scale, 10 the highest, spread so that
    /// `EIDOImport.priority(common:)` gives each one back.
    public static func commonPriority(_ p: Priority) -> Int {
        switch p {
        case .p1: 10
        case .p2: 7
        case .p3: 4
        case .p4: 1
        }
    }

    /// The EIDO-IncidentType-Common code (APCO ANS 2.103.2) closest to each standard category;
    /// `TROUBLE` ("unknown type trouble") for any other.
    public static func commonType(_ category: String) -> String {
        commonTypes[category] ?? "TROUBLE"
    }

    static let commonTypes: [String: String] = [
        "criminal": "INVEST", "publicOrder": "DISORD", "traffic": "MVAUNK", "fire": "FUNK", "disaster": "MAJORINC",
        "dispute": "CDX", "assistance": "CITASST", "complaint": "INFO", "suspicious": "SUSP", "inquiry": "NONEMERG", "other": "TROUBLE",
    ]

    /// The EIDO-IncidentStatus-Common value for each lifecycle position.
    public static func commonStatus(_ status: IncidentStatus) -> String {
        switch status {
        case .received, .resolved, .referred: "Active"
        case .dispatched: "ResourcesAssigned"
        case .enRoute: "ResourcesEnroute"
        case .onScene: "ResourcesOnscene"
        case .closed: "Closed"
        case .cancelled: "Cancelled"
        case .reopened: "ReOpened"
        }
    }

    static func lastChange(_ incident: Incident) -> Date {
        let t = incident.times
        return [t.receivedAt, t.dispatchedAt, t.enRouteAt, t.onSceneAt, t.resolvedAt, t.closedAt, t.cancelledAt, t.reopenedAt,
                incident.feedback?.at].compactMap { $0 }.max() ?? t.receivedAt
    }

    static func lastChange(_ referral: Referral) -> Date {
        [referral.sent.at, referral.accepted?.at, referral.started?.at, referral.feedback?.at, referral.returned?.at, referral.withdrawn?.at]
            .compactMap { $0 }.max() ?? referral.sent.at
    }
}
