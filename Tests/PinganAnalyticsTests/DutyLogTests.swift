import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import PinganTestSupport
import Testing

/// Shifts derived from a crafted status history: a day crew relieving a night crew at about
/// 08:00 and the night crew coming back at about 20:00, with a meal break and a spell out of
/// service in between that start no shift.
@Suite("Station duty log (值班日志)")
struct DutyLogTests {
    static func at(_ local: String) -> Date { Timestamp.parse(local + "+08:00")! }
    static let day = try! ReportDay("2026-12-04")
    static let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d"), level: .station, code: "HP01", name: "南京东路派出所",
                                      nameEn: "East Nanjing Road Station", path: "/c/d/s1/")
    static let units = ["A", "B", "C", "D"].map {
        PoliceUnit(id: UnitID($0), callsign: "HP01-\($0)", kind: .patrolCar, stationID: station.id, statusSince: at("2026-12-01T00:00:00"), crew: 2,
                   path: station.path)
    }

    static func changes() -> [UnitStatusChange] {
        var seq: Int64 = 0
        func c(_ unit: String, _ time: String, _ status: UnitStatus) -> UnitStatusChange {
            seq += 1
            return UnitStatusChange(unitID: UnitID(unit), at: at(time), status: status, active: true, seq: seq)
        }
        return [
            // Coming into the day: the night crew (C, D) on since 20:00, the day crew (A, B) off since 08:10.
            c("A", "2026-12-03T08:10:00", .offDuty), c("B", "2026-12-03T08:10:00", .offDuty),
            c("C", "2026-12-03T20:00:00", .available), c("D", "2026-12-03T20:00:00", .available),
            // The morning relief.
            c("A", "2026-12-04T07:55:00", .available), c("B", "2026-12-04T08:00:00", .available),
            c("C", "2026-12-04T08:05:00", .offDuty), c("D", "2026-12-04T08:10:00", .offDuty),
            // B out of service for half an hour (still on duty), A's meal break (off and back alone).
            c("B", "2026-12-04T12:00:00", .outOfService), c("B", "2026-12-04T12:30:00", .available),
            c("A", "2026-12-04T13:00:00", .offDuty), c("A", "2026-12-04T13:40:00", .available),
            // Busy with N2 in between: not a duty change.
            c("A", "2026-12-04T10:02:00", .dispatched), c("A", "2026-12-04T10:20:00", .onScene), c("A", "2026-12-04T10:50:00", .available),
            // The evening relief.
            c("C", "2026-12-04T19:50:00", .available), c("D", "2026-12-04T20:00:00", .available),
            c("A", "2026-12-04T20:05:00", .offDuty), c("B", "2026-12-04T20:10:00", .offDuty),
            // After the day: ignored.
            c("C", "2026-12-05T08:00:00", .offDuty),
        ]
    }

    static func incident(_ n: String, _ received: String, units: [String]) -> Incident {
        var i = Incident(id: IncidentID(n), number: n, jurisdictionID: station.id, category: "dispute", priority: .p2,
                         location: Coordinate(lat: 31.235, lon: 121.48), address: "南京东路\(n)号", caller: Caller(), description: "",
                         times: IncidentTimes(receivedAt: at(received)), unitIDs: units.map { UnitID($0) }, path: station.path)
        i.attendedUnitIDs = units.map { UnitID($0) }
        i.status = .dispatched
        i.times.dispatchedAt = at(received) + 120
        return i
    }

    static func incidents() -> [Incident] {
        // Received in the night, resolved at 01:00, closed only at 09:00: open at the morning relief.
        var n1 = incident("N1", "2026-12-03T23:00:00", units: ["C"])
        n1.status = .closed
        n1.unitIDs = []
        n1.times.resolvedAt = at("2026-12-04T01:00:00")
        n1.times.closedAt = at("2026-12-04T09:00:00")
        n1.feedback = Feedback(outcome: "调解", summary: "", by: UserID("o"), at: at("2026-12-04T09:00:00"))
        var n2 = incident("N2", "2026-12-04T10:00:00", units: ["A"])
        n2.status = .closed
        n2.unitIDs = []
        n2.times.onSceneAt = at("2026-12-04T10:20:00")
        n2.times.resolvedAt = at("2026-12-04T10:50:00")
        n2.times.closedAt = at("2026-12-04T11:00:00")
        // Evening call still open at the evening relief (B goes off with it open).
        var n3 = incident("N3", "2026-12-04T19:00:00", units: ["B"])
        n3.status = .onScene
        n3.times.onSceneAt = at("2026-12-04T19:10:00")
        // Closed days before: not handled on the day.
        var n4 = incident("N4", "2026-12-01T10:00:00", units: ["A"])
        n4.status = .closed
        n4.times.closedAt = at("2026-12-02T10:00:00")
        return [n3, n1, n4, n2]
    }

    static func log(asOf: Date = at("2026-12-05T06:00:00")) -> DutyLog {
        DutyLog.assemble(DutyLogInput(station: station, date: day, asOf: asOf, units: units, changes: changes(), incidents: incidents()))
    }

    @Test func reliefsCutTheDayIntoShifts() {
        let log = Self.log()
        #expect(log.shifts.map(\.from) == [Self.day.start, Self.at("2026-12-04T07:55:00"), Self.at("2026-12-04T19:50:00")])
        #expect(log.shifts.map(\.to) == [Self.at("2026-12-04T07:55:00"), Self.at("2026-12-04T19:50:00"), Self.day.end])
        // Seconds on duty in each shift, worked out by hand.
        func onDuty(_ shift: Int) -> [String: TimeInterval] {
            Dictionary(uniqueKeysWithValues: log.shifts[shift].units.map { ($0.callsign, $0.secondsOnDuty) })
        }
        func hm(_ h: Double, _ m: Double) -> TimeInterval { h * 3600 + m * 60 }
        let first: [String: TimeInterval] = ["HP01-C": hm(7, 55), "HP01-D": hm(7, 55)]
        #expect(onDuty(0) == first)
        // A: 07:55–13:00 and 13:40–19:50; B: 08:00–19:50 (out of service is on duty); C, D: until they went off.
        let second: [String: TimeInterval] = ["HP01-A": hm(5, 5) + hm(6, 10), "HP01-B": hm(11, 50), "HP01-C": hm(0, 10), "HP01-D": hm(0, 15)]
        #expect(onDuty(1) == second)
        let third: [String: TimeInterval] = ["HP01-A": hm(0, 15), "HP01-B": hm(0, 20), "HP01-C": hm(4, 10), "HP01-D": hm(4, 0)]
        #expect(onDuty(2) == third)
        #expect(log.shifts.map(\.received) == [0, 2, 0])
        #expect(log.shifts[1].units.first { $0.callsign == "HP01-A" }?.worked == 1)
        #expect(log.shifts[1].units.first { $0.callsign == "HP01-B" }?.worked == 1)
        // The meal break is a change within the shift, not a shift.
        #expect(log.changesWithin.map(\.callsign) == ["HP01-A", "HP01-A"])
        #expect(log.changesWithin.map(\.cameOn) == [false, true])
    }

    @Test func handoversListWhatWasOpenAtEachChange() {
        let log = Self.log()
        #expect(log.handovers.count == 2)
        let morning = log.handovers[0], evening = log.handovers[1]
        #expect(morning.at == Self.at("2026-12-04T07:55:00"))
        #expect(morning.cameOn == ["HP01-A", "HP01-B"] && morning.wentOff == ["HP01-C", "HP01-D"])
        #expect(morning.open.map(\.incident.number) == ["N1"])
        #expect(morning.open.first?.status == .resolved)
        #expect(evening.cameOn == ["HP01-C", "HP01-D"] && evening.wentOff == ["HP01-A", "HP01-B"])
        #expect(evening.open.map(\.incident.number) == ["N3"])
        #expect(evening.open.first?.status == .onScene)
        // C went off at 08:05 with N1 (which it worked) still open; B at 20:10 with N3.
        #expect(log.offDutyWhileOpen.map(\.callsign) == ["HP01-C", "HP01-B"])
        #expect(log.offDutyWhileOpen.map(\.openWorked) == [["N1"], ["N3"]])
        #expect(log.offDutyWhileOpen.map(\.stationOpen) == [1, 1])
    }

    @Test func incidentsHandledAreTheDaysAndThoseCarriedIn() {
        let log = Self.log()
        #expect(log.incidents.map(\.incident.number) == ["N1", "N2", "N3"])
        #expect(log.incidents.map(\.shift) == [nil, 2, 2])
        #expect(log.incidents.map(\.statusAtEnd) == [.closed, .closed, .onScene])
        #expect(log.incidents.first?.incident.outcome == "调解")
    }

    @Test func aDayWithoutReliefIsOneShift() {
        let log = DutyLog.assemble(DutyLogInput(station: Self.station, date: Self.day, asOf: Self.at("2026-12-05T06:00:00"), units: Self.units,
                                                changes: [UnitStatusChange(unitID: UnitID("A"), at: Self.at("2026-11-30T08:00:00"), status: .available, active: true)],
                                                incidents: []))
        #expect(log.shifts.count == 1 && log.handovers.isEmpty)
        #expect(log.shifts.first?.units.map(\.secondsOnDuty) == [86_400])
        // A unit never on duty on the day is not listed.
        #expect(log.timeline.map(\.callsign) == ["HP01-A"])
    }

    @Test func todaySoFarEndsAtTheTimeOfWriting() {
        let log = Self.log(asOf: Self.at("2026-12-04T12:00:00"))
        #expect(log.isPartial)
        #expect(log.shifts.map(\.to).last == Self.at("2026-12-04T12:00:00"))
        #expect(log.handovers.count == 1)
        #expect(log.incidents.map(\.statusAtEnd) == [.closed, .closed])
    }

    @Test func pagesAreValidHTML() throws {
        let log = Self.log()
        for language in Report.Language.allCases {
            let page = log.html(language: language)
            #expect(page.contains(language == .zh ? "值班日志" : "Station duty log"))
            #expect(page.contains("HP01-A") && page.contains("N3"))
            if let error = ReportPageCheck.strictParseError(page) { Issue.record("html5lib (strict) refused the \(language) page: \(error)") }
        }
    }
}
