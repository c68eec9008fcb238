import Foundation
import PinganAnalytics
import PinganGeo
import Testing

/// Patrol plans and their proof from GPS (issue 20): compliance arithmetic on a crafted track
/// whose answers are worked out by hand, and the plans the rules refuse.
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

    @Test func plansThatCannotBeKeptAreRefused() throws {
        let good = Self.plan()
        try PatrolPlan.validate([good])
        var outside = good
        outside.points.append(.init(id: "X", name: "江边", location: Self.o))
        #expect(throws: AnalyticsError.self) { try PatrolPlan.validate([outside]) }
        var second = good
        second.shiftStart = Self.at(200); second.shiftEnd = Self.at(400)
        #expect(throws: AnalyticsError.self) { try PatrolPlan.validate([good, second]) }
        second.unitID = "u2"
        try PatrolPlan.validate([good, second])   // another unit may overlap
        var backwards = good
        backwards.shiftEnd = Self.at(-10)
        #expect(throws: AnalyticsError.self) { try PatrolPlan.validate([backwards]) }
        var tooMuch = good
        tooMuch.requiredMinutes = 241
        #expect(throws: AnalyticsError.self) { try PatrolPlan.validate([tooMuch]) }
        var overlapping = good
        overlapping.shiftStart = Self.at(100); overlapping.shiftEnd = Self.at(300)
        let error = #expect(throws: AnalyticsError.self) { try PatrolPlan.validate([good, overlapping]) }
        #expect(error?.message.contains("overlap") == true, "\(error?.message ?? "")")
    }
}
