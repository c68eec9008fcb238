import Foundation
import PinganCore
import PinganGeo
@testable import PinganServer
import Testing

/// Single-incident replies are written by hand (`CanonicalJSONWritable`); lists still go through
/// the encoder. Both must send the same bytes for the same view.
@Suite("Incident view JSON")
struct IncidentViewTests {
    @Test func handWrittenViewMatchesTheEncoderWithDeadlinesMergedIn() throws {
        let decider = IncidentDecider()
        let station = Jurisdiction(id: JurisdictionID("s1"), parentID: nil, level: .station, code: "HP01", name: "南京东路派出所",
                                   location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/s1/")
        let t0 = Date(timeIntervalSince1970: 1_790_000_000.25)
        let unit = PoliceUnit(id: UnitID("u1"), callsign: "HP01-1", kind: .patrolCar, stationID: station.id, statusSince: t0, crew: 2, path: station.path)
        let created = try decider.create(NewIncident(category: "dispute", priority: .p1, location: Coordinate(lat: 31.23, lon: 121.47),
                                                     address: "福州路100号", callerName: "李四", callerPhone: "13900001111", description: "钱包被偷"),
                                         id: IncidentID("i1"), in: station, sequence: 7, now: t0).incident
        let assigned = try decider.assign(created, units: [unit], now: t0 + 50).incident
        var views: [IncidentView] = []
        for incident in [created, assigned] {
            for now in [t0 + 10, t0 + 4000] {
                for masked in [false, true] { views.append(IncidentView(incident, now: now, masked: masked)) }
            }
        }
        #expect(views.contains { $0.overdue } && views.contains { !$0.overdue })
        #expect(views.contains { $0.deadlines.contains { $0.doneAt != nil } })
        for view in views {
            let written = String(decoding: try view.canonicalJSON(), as: UTF8.self)
            #expect(written == String(decoding: try JSONCoding.encoder.encode(view), as: UTF8.self))
            #expect(written == String(decoding: try JSONReply(.ok, view).body, as: UTF8.self))
        }
    }
}
