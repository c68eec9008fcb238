import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// Patrol plans and their proof from GPS (issue 20): compliance arithmetic on a crafted track
/// whose answers are worked out by hand, and a stored shift measured for its day.
@Suite("Patrol compliance")
struct PatrolComplianceTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_892_800)   // 08:00 of the shift
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
    /// A 1 km square zone; P and Q inside it, O outside.
    static let zone = Polygon([TestNetworks.coordinate(x: 0, y: 0), TestNetworks.coordinate(x: 1000, y: 0),
                               TestNetworks.coordinate(x: 1000, y: 1000), TestNetworks.coordinate(x: 0, y: 1000)])
    static let p = TestNetworks.coordinate(x: 200, y: 200), q = TestNetworks.coordinate(x: 700, y: 600)
    static let o = TestNetworks.coordinate(x: 1500, y: 600), elsewhere = TestNetworks.coordinate(x: 500, y: 900)

    static func plan(required: Double = 180) -> PatrolPlan {
        PatrolPlan(unitID: "u1", zone: zone, shiftStart: at(0), shiftEnd: at(240), requiredMinutes: required, points: [
            .init(id: "P", name: "学校门口", location: p, radiusMetres: 30, dwellSeconds: 300),
            .init(id: "Q", name: "广场", location: q, radiusMetres: 30, dwellSeconds: 7200),
            .init(id: "E", name: "医院", location: elsewhere, radiusMetres: 30, dwellSeconds: 0),
        ])
    }

    /// A fix a minute from 07:59 to 10:30 (P until 08:10, then Q, then O from 10:01), silence
    /// until 11:00, then Q again every minute to 12:00.
    static var track: [PatrolFix] {
        var fixes: [PatrolFix] = []
        for m in stride(from: -1.0, through: 150, by: 1) {
            let c = m <= 10 ? p : (m <= 120 ? q : o)
            fixes.append(PatrolFix(at: at(m), coordinate: c))
        }
        for m in stride(from: 180.0, through: 240, by: 1) { fixes.append(PatrolFix(at: at(m), coordinate: q)) }
        return fixes.shuffled()
    }

    @Test func aCraftedShiftAddsUpAsWorkedOutByHand() {
        // On an incident 10:00-10:20: the first 20 minutes out of the zone are the job.
        let c = PatrolCompliance.measure(Self.plan(), fixes: Self.track, assignments: [DateInterval(start: Self.at(120), end: Self.at(140))])
        // In the zone: 08:00-10:00 (120 min), half of 10:00-10:01 leaving, 11:00-12:00 (60): 180.5.
        #expect(abs(c.presenceMinutes - 180.5) < 1e-9)
        #expect(c.presenceMet && c.requiredMinutes == 180)
        // Out of the zone 10:00½-10:30 is 29.5 min, of which 10:00½-10:20 (19.5) on the job: 10.
        #expect(abs(c.outOfZoneUnassignedMinutes - 10) < 1e-9)
        // The silence 10:30-11:00 is the one gap; the 07:59 fix counts nothing before the shift.
        #expect(c.gaps == [DateInterval(start: Self.at(150), end: Self.at(180))])
        #expect(abs(c.gapMinutes - 30) < 1e-9)
        // Driven: P→Q once and Q→O once; nothing across the gap.
        let expected = (Geodesy.haversine(Self.p, Self.q) + Geodesy.haversine(Self.q, Self.o)) / 1000
        #expect(abs(c.distanceKm - expected) < 1e-9)
        // P: 08:00-08:10 (the 07:59 fix is before the shift) = 600 s ≥ 300; Q: 08:11-10:00 = 6540 s < 7200; E never.
        #expect(c.points.map(\.staySeconds) == [600, 6540, 0])
        #expect(c.points.map(\.visited) == [true, false, false])
        #expect(!c.kept)
        // Without the incident, all 29.5 minutes out of the zone are unexplained.
        let free = PatrolCompliance.measure(Self.plan(), fixes: Self.track)
        #expect(abs(free.outOfZoneUnassignedMinutes - 29.5) < 1e-9)
        // 181 minutes required: not met.
        #expect(!PatrolCompliance.measure(Self.plan(required: 181), fixes: Self.track).presenceMet)
    }

    @Test func aSilentShiftIsOneGap() {
        let c = PatrolCompliance.measure(Self.plan(), fixes: [])
        #expect(c.presenceMinutes == 0 && !c.presenceMet && c.distanceKm == 0)
        #expect(c.gaps == [DateInterval(start: Self.at(0), end: Self.at(240))])
        // Heard only in the last hour: the first three hours are a gap.
        let late = PatrolCompliance.measure(Self.plan(), fixes: stride(from: 180.0, through: 240, by: 1).map { PatrolFix(at: Self.at($0), coordinate: Self.q) })
        #expect(late.gaps == [DateInterval(start: Self.at(0), end: Self.at(180))])
        #expect(abs(late.presenceMinutes - 60) < 1e-9)
    }

    /// The zone of `plan()` with its 08:00-12:00 shift stored as a zone's plan (CST: t0 is 08:00).
    static var storedZone: PatrolZone {
        let points = plan().points.map { ZoneShift.Point(name: $0.name, location: $0.location, dwellMinutes: Int($0.dwellSeconds / 60), radiusMetres: 30) }
        return PatrolZone(id: ZoneID("z1"), stationID: JurisdictionID("s1"), name: "一巡区", boundary: zone.ring, unitIDs: [UnitID("u1")], path: "/c/s1/",
                          shifts: [ZoneShift(name: "早班", startMinute: 480, lengthMinutes: 240, requiredMinutes: 180, unitIDs: [UnitID("u1")], points: points),
                                   ZoneShift(name: "夜班", startMinute: 1320, lengthMinutes: 480, requiredMinutes: 60, unitIDs: [UnitID("u2")])])
    }

    @Test func aStoredShiftIsMeasuredForTheDayItStarts() throws {
        let day = ReportDay(containing: Self.t0)
        #expect(day.start == Self.at(-480))
        // The unit's status history: dispatched at 10:00, on scene 10:05, free again at 10:20.
        let changes = [UnitStatusChange(unitID: UnitID("u1"), at: Self.at(-600), status: .available, active: true, seq: 1),
                       UnitStatusChange(unitID: UnitID("u1"), at: Self.at(120), status: .dispatched, active: true, seq: 2),
                       UnitStatusChange(unitID: UnitID("u1"), at: Self.at(125), status: .onScene, active: true, seq: 3),
                       UnitStatusChange(unitID: UnitID("u1"), at: Self.at(140), status: .available, active: true, seq: 4)]
        let jobs = PatrolDay.assignments(changes, until: Self.at(300))
        #expect(jobs[UnitID("u1")] == [DateInterval(start: Self.at(120), end: Self.at(140))])
        let expected = PatrolCompliance.measure(Self.plan(), fixes: Self.track, assignments: jobs[UnitID("u1")]!)

        // At 13:00 the morning shift has ended and the night shift (22:00) has not begun.
        let plans = PatrolDay.plans(zones: [Self.storedZone], day: day, asOf: Self.at(300))
        var stored = Self.plan()
        for k in stored.points.indices { stored.points[k].id = "\(k)" }
        #expect(plans.count == 1 && plans[0].plan == stored)
        let done = PatrolDay.assemble(date: day, asOf: Self.at(300), plans: plans, fixes: [UnitID("u1"): Self.track], assignments: jobs,
                                      callsigns: [UnitID("u1"): "巡1"], stationNames: [JurisdictionID("s1"): "外滩所"])
        let row = try #require(done.rows.first)
        #expect(!row.inProgress && row.callsign == "巡1" && row.shift == "早班")
        #expect(row.presenceMinutes == expected.presenceMinutes && row.distanceKm == expected.distanceKm)
        #expect(row.outOfZoneUnassignedMinutes == expected.outOfZoneUnassignedMinutes && row.gapMinutes == expected.gapMinutes)
        #expect(row.points.map(\.visited) == expected.points.map(\.visited))
        #expect(row.kept == expected.kept)
        let totals = try #require(done.stations.first)
        #expect(totals.plans == 1 && totals.ended == 1 && totals.kept == (expected.kept ? 1 : 0) && totals.stationName == "外滩所")
        #expect(totals.points == 3 && totals.pointsVisited == expected.points.filter(\.visited).count)

        // At 09:00 the shift runs: measured so far, not judged.
        let running = PatrolDay.assemble(date: day, asOf: Self.at(60), plans: PatrolDay.plans(zones: [Self.storedZone], day: day, asOf: Self.at(60)),
                                         fixes: [UnitID("u1"): Self.track], assignments: [:], callsigns: [:], stationNames: [:])
        #expect(running.rows.count == 1 && running.rows[0].inProgress && !running.rows[0].kept && running.rows[0].to == Self.at(240))
        #expect(abs(running.rows[0].presenceMinutes - 60) < 1e-6)
        #expect(running.stations[0].ended == 0)

        // At 23:00 the night shift has begun too; a retired zone has no plans.
        #expect(PatrolDay.plans(zones: [Self.storedZone], day: day, asOf: Self.at(900)).count == 2)
        var retired = Self.storedZone
        retired.active = false
        #expect(PatrolDay.plans(zones: [retired], day: day, asOf: Self.at(900)).isEmpty)
    }
}
