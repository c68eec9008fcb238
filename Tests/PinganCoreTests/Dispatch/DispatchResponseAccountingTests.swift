import Foundation
import PinganGeo
import Testing
@testable import PinganCore

@Suite("Dispatch: response accounting")
struct DispatchResponseAccountingTests {
    typealias D = DispatchTestData

    func incident(_ id: String, _ priority: Priority, path: String = D.stationA, units: [String] = ["u1"],
                  dispatch: Double? = nil, arrive: Double? = nil, resolve: Double? = nil, status: IncidentStatus = .resolved) -> Incident {
        var times = IncidentTimes(receivedAt: D.t0)
        times.dispatchedAt = dispatch.map { D.t0 + $0 }
        times.onSceneAt = arrive.map { D.t0 + $0 }
        times.resolvedAt = resolve.map { D.t0 + $0 }
        return Incident(id: IncidentID(id), number: id, jurisdictionID: JurisdictionID("a"), category: "criminal", priority: priority,
                        location: Coordinate(lat: 31.23, lon: 121.47), address: "", caller: Caller(), description: "",
                        status: status, times: times, unitIDs: units.map { UnitID($0) }, path: path)
    }

    @Test func stepsAreMeasuredFromTheIncidentTimes() {
        let r = ResponseRecord(incident: incident("i1", .p1, dispatch: 40, arrive: 280, resolve: 1480), recommendedTier: .withinThreeMinutes)
        #expect(r.callToDispatch == 40 && r.dispatchToArrival == 240 && r.arrivalToResolved == 1200 && r.callToArrival == 280)
        #expect(r.arrivalTier == .withinFiveMinutes && r.recommendedTier == .withinThreeMinutes)
        #expect(r.metStandard == true && r.dispatchedInTime == true)
        #expect(r.stationPath == D.stationA)
    }

    @Test func theStandardIsMetExactlyUpToTheLimit() {
        #expect(ResponseRecord(incident: incident("a", .p1, dispatch: 60, arrive: 300)).metStandard == true)
        #expect(ResponseRecord(incident: incident("b", .p1, dispatch: 61, arrive: 301)).metStandard == false)
        #expect(ResponseRecord(incident: incident("b", .p1, dispatch: 61, arrive: 301)).dispatchedInTime == false)
        // P2's limit is 15 minutes in the standard policy.
        #expect(ResponseRecord(incident: incident("c", .p2, dispatch: 100, arrive: 900)).metStandard == true)
        #expect(ResponseRecord(incident: incident("d", .p2, dispatch: 100, arrive: 901)).metStandard == false)
    }

    @Test func openIncidentsAreJudgedOnlyOnceTheLimitHasPassed() {
        let open = incident("o", .p1, dispatch: 30, status: .dispatched)
        #expect(ResponseRecord(incident: open, now: D.t0 + 299).metStandard == nil)
        #expect(ResponseRecord(incident: open, now: D.t0 + 301).metStandard == false)
        #expect(ResponseRecord(incident: open).metStandard == nil)
        let cancelled = incident("c", .p1, status: .cancelled)
        #expect(ResponseRecord(incident: cancelled, now: D.t0 + 10_000).metStandard == nil)
    }

    @Test func reportsGroupByUnitStationAndZone() throws {
        let records = [
            ResponseRecord(incident: incident("1", .p1, units: ["u1", "u2"], dispatch: 20, arrive: 50, resolve: 600), zone: ZoneID("z1")),
            ResponseRecord(incident: incident("2", .p1, units: ["u1"], dispatch: 30, arrive: 400, resolve: 900), zone: ZoneID("z1")),
            ResponseRecord(incident: incident("3", .p2, path: D.stationB, units: ["u3"], dispatch: 50, arrive: 170), zone: ZoneID("z2")),
            ResponseRecord(incident: incident("4", .p3, path: D.stationB + "c1/", units: ["u3"], dispatch: 10), zone: nil),
        ]
        let report = ResponseReport(records)
        #expect(report.overall.incidents == 4)
        #expect(report.overall.judged == 3 && report.overall.met == 2)
        #expect(report.overall.arrivalsByTier == ["1": 1, "3": 1, "99": 1])
        let c2a = try #require(report.overall.callToArrival)
        #expect(c2a.count == 3 && c2a.median == 170 && c2a.max == 400 && abs(c2a.mean - 620.0 / 3) < 1e-9)
        #expect(report.byUnit.map(\.key) == ["u1", "u2", "u3"])
        #expect(report.byUnit.map(\.summary.incidents) == [2, 1, 2])
        #expect(report.byStation.map(\.key) == [D.stationA, D.stationB])
        #expect(report.byStation.map { $0.summary.metRate } == [0.5, 1])
        #expect(report.byZone.map(\.key) == ["z1", "z2"])
        let encoded = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(ResponseReport.self, from: encoded) == report)
    }
}
