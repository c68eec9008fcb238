import Foundation
import PinganCore
import PinganGeo
import Testing

/// The hand-written incident JSON must be exactly the encoder's bytes: it is the stored
/// document and the API's reply, and clients and the audit log compare them byte for byte.
@Suite("Canonical JSON writer")
struct CanonicalJSONTests {
    let decider = IncidentDecider()
    let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d1"), level: .station, code: "HP01", name: "南京东路派出所",
                               location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c1/d1/s1/")

    func encoderBytes(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    func writerBytes(_ value: some CanonicalJSONWritable) throws -> String {
        String(decoding: try value.canonicalJSON(), as: UTF8.self)
    }

    /// Every lifecycle step adds fields (times, units, acceptances, feedback); each state is compared.
    @Test func incidentsThroughTheirWholeLifeMatchTheEncoder() throws {
        var rng = SystemRandomNumberGenerator()
        var compared = 0
        for n in 0..<40 {
            let t0 = Date(timeIntervalSince1970: Double.random(in: 1_700_000_000...1_900_000_000, using: &rng)).addingTimeInterval(0.0005)
            let unit = PoliceUnit(id: UnitID("u/\(n)"), callsign: "HP01-\(n)", kind: .patrolCar, stationID: station.id, statusSince: t0, crew: 2,
                                  path: station.path)
            let input = NewIncident(
                category: n % 2 == 0 ? "dispute" : "traffic", priority: n % 3 == 0 ? .p1 : .p3,
                location: Coordinate(lat: Double.random(in: -90...90, using: &rng), lon: n == 0 ? 121 : Double.random(in: -180...180, using: &rng)),
                address: "南京东路\(n)号 \"quoted\" \\ back/slash \u{1F46E}", callerName: n % 4 == 0 ? nil : "张三",
                callerPhone: n % 5 == 0 ? nil : "13812345678", description: "line one\nline two\ttab\r",
                addressID: n % 2 == 0 ? AddressID("addr-\(n)") : nil)
            var incident = try decider.create(input, id: IncidentID("i\(n)"), in: station, sequence: n + 1, now: t0).incident
            var states = [incident, incident.maskingCaller]
            incident = try decider.assign(incident, units: [unit], now: t0 + 31.5).incident
            states.append(incident)
            if let accepted = try decider.accept(incident, unit: unit.id, now: t0 + 40) { incident = accepted.incident }
            states.append(incident)
            for status in [IncidentStatus.enRoute, .onScene, .resolved] {
                incident = try decider.transition(incident, to: status, units: [unit], note: nil, now: t0 + 100).incident
                states.append(incident)
            }
            incident = try decider.feedback(incident, outcome: "resolved", summary: "调解完毕 </script>", by: UserID("officer"), now: t0 + 200).incident
            states.append(incident)
            for state in states {
                #expect(try writerBytes(state) == encoderBytes(state))
                compared += 1
            }
        }
        #expect(compared == 40 * 8)
    }

    /// Triage adds referrals and merge links; each state along a referral and a merge is compared.
    @Test func triageMembersMatchTheEncoder() throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000.25)
        let input = NewIncident(category: "inquiry", priority: .p4, location: Coordinate(lat: 31.2, lon: 121.4), address: "小区门口",
                                callerPhone: "13812345678", description: "噪音 noise")
        let first = try decider.create(input, id: IncidentID("a"), in: station, sequence: 1, now: t0).incident
        let second = try decider.create(input, id: IncidentID("b"), in: station, sequence: 2, now: t0 + 60).incident
        let agency = Agency(id: AgencyID("g12345"), code: "12345", name: "12345 热线", kind: .hotline12345, jurisdictionID: station.id, path: station.path)
        let limits = ReferralDecider.Limits(acceptSeconds: 1800, feedbackSeconds: 86400, setBy: "standard")
        let sent = try ReferralDecider.send(first, to: agency, id: ReferralID("r1"), note: "", rule: nil, by: "d", limits: limits, now: t0 + 5)
        let accepted = try ReferralDecider.accept(sent.referral, incident: sent.incident, by: "g", now: t0 + 9)
        let done = try ReferralDecider.finish(accepted.referral, incident: accepted.incident, outcome: "done", summary: "已处理",
                                              by: "g", byUser: UserID("g"), now: t0 + 99)
        let merged = try IncidentMerge.merge(second, into: done.incident, by: "d", score: 0.875, reasons: ["near:10m", "sameCaller"], now: t0 + 120)
        let plain = try IncidentMerge.merge(second, into: first, by: "d", score: nil, reasons: nil, now: t0 + 120)
        let flag = RiskFlag(rule: "weapon", nameZh: "持械", nameEn: "Weapon", words: ["刀", "knife"], raiseTo: .p1, notify: true)
        let flagged = try decider.create(input, id: IncidentID("c"), in: station, sequence: 3, now: t0, flags: [flag]).incident
        #expect(flagged.priority == .p1 && flagged.riskFlags == [flag])
        for state in [sent.incident, accepted.incident, done.incident, merged.duplicate, merged.primary, plain.duplicate, flagged] {
            #expect(try writerBytes(state) == encoderBytes(state))
        }
        #expect(done.incident.status == .closed)
    }

    @Test func mergedMembersLandInKeyOrderAndBadNumbersThrow() throws {
        var w = CanonicalJSONWriter()
        w.beginObject(merging: [("m", { $0.int(2) }), ("a", { $0.string("first") }), ("z", { $0.bool(true) })])
        w.key("b"); w.number(1.5)
        w.key("n"); w.beginArray(); w.int(1); w.number(2.25); w.endArray()
        w.endObject()
        #expect(String(decoding: try w.finish(), as: UTF8.self) == #"{"a":"first","b":1.5,"m":2,"n":[1,2.25],"z":true}"#)

        var bad = CanonicalJSONWriter()
        bad.number(.infinity)
        #expect(throws: EncodingError.self) { try bad.finish() }
    }

    /// Addresses and inhabitants with and without their optional members.
    @Test func registryDocumentsMatchTheEncoder() throws {
        let full = StandardAddress(id: AddressID("a1"), parts: AddressParts(district: "黄浦区", street: "南京东路", number: "300", building: "3", unit: "2", room: "302"),
                                   location: Coordinate(lat: 31.2352, lon: 121.4801), stationID: JurisdictionID("s1"),
                                   checkedAt: Date(timeIntervalSince1970: 1_780_000_000.123), checkCorrect: false, path: "/c1/d1/s1/", version: 3)
        var bare = StandardAddress(id: AddressID("a2"), parts: AddressParts(district: "黄浦区", street: "九江路", number: "1"), location: nil,
                                   stationID: JurisdictionID("s1"), path: "/c1/d1/s1/")
        bare.active = false
        for a in [full, bare] { #expect(try writerBytes(a) == encoderBytes(a)) }
        let person = Inhabitant(id: InhabitantID("p1"), addressID: full.id, name: "张三 \"老张\"", idNumber: "11010519491231002X", kind: .temporary,
                                permit: .valid, permitExpiry: "2027-01-01", phone: "13812345678", collectedAt: Date(timeIntervalSince1970: 1_780_000_000),
                                collectedBy: "officer", path: full.path, version: 2)
        let plain = Inhabitant(id: InhabitantID("p2"), addressID: full.id, name: "李四", idNumber: "310101198502022340", kind: .registered,
                               collectedAt: Date(timeIntervalSince1970: 1_780_000_000.5), collectedBy: "o", path: full.path)
        for p in [person, plain, person.masked] {
            #expect(try writerBytes(p) == encoderBytes(p))
            #expect(p.jsonValue == (try JSONValue(encoding: p)))
        }
        for a in [full, bare] { #expect(a.jsonValue == (try JSONValue(encoding: a))) }
    }
}
