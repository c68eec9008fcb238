import Foundation
import PinganCore
import PinganGeo
import Testing

/// When a coverage gap is worth an alert (issue 20), on a clock the test turns: only past the
/// grace, once per stretch below target, again after it recovered and fell back, and per station.
@Suite("Coverage watch")
struct CoverageWatchTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_892_800)
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
    static let school = CoverageWatch.Gap(key: "place:一中", kind: .place, name: "一中", location: Coordinate(lat: 31.2, lon: 121.4), seconds: 400)
    static let zone = CoverageWatch.Gap(key: "zone:z1", kind: .zone, name: "一巡区", location: Coordinate(lat: 31.2, lon: 121.4), share: 0.5)
    static let a = JurisdictionID("a"), b = JurisdictionID("b")

    @Test func aGapIsDueOnceWhenItOutlastsTheGrace() {
        var w = CoverageWatch()
        let hold: TimeInterval = 600
        #expect(w.observe(station: Self.a, gaps: [Self.school], at: Self.at(0), hold: hold).isEmpty)
        #expect(w.observe(station: Self.a, gaps: [Self.school, Self.zone], at: Self.at(5), hold: hold).isEmpty)
        let due = w.observe(station: Self.a, gaps: [Self.school, Self.zone], at: Self.at(10), hold: hold)
        #expect(due.map(\.gap.key) == ["place:一中"] && due[0].since == Self.at(0) && due[0].station == Self.a)
        #expect(w.observe(station: Self.a, gaps: [Self.school, Self.zone], at: Self.at(12), hold: hold).isEmpty, "the zone's grace runs from minute 5")
        #expect(w.observe(station: Self.a, gaps: [Self.school, Self.zone], at: Self.at(15), hold: hold).map(\.gap.key) == ["zone:z1"])
        #expect(w.observe(station: Self.a, gaps: [Self.school, Self.zone], at: Self.at(60), hold: hold).isEmpty, "once per stretch")
        #expect(w.openGaps(of: Self.a) == ["place:一中": Self.at(0), "zone:z1": Self.at(5)])
    }

    @Test func aGapThatClosesStartsOverAndStationsAreApart() {
        var w = CoverageWatch()
        let hold: TimeInterval = 600
        _ = w.observe(station: Self.a, gaps: [Self.school], at: Self.at(0), hold: hold)
        _ = w.observe(station: Self.b, gaps: [Self.school], at: Self.at(0), hold: hold)
        #expect(w.observe(station: Self.a, gaps: [], at: Self.at(8), hold: hold).isEmpty)   // a car came back
        #expect(w.observe(station: Self.a, gaps: [Self.school], at: Self.at(9), hold: hold).isEmpty)
        #expect(w.observe(station: Self.a, gaps: [Self.school], at: Self.at(18), hold: hold).isEmpty, "the grace runs from minute 9 now")
        #expect(w.observe(station: Self.a, gaps: [Self.school], at: Self.at(19), hold: hold).count == 1)
        // Station b's gap of the same key kept its own clock.
        #expect(w.observe(station: Self.b, gaps: [Self.school], at: Self.at(10), hold: hold).map(\.since) == [Self.at(0)])
        #expect(w.openGaps(of: Self.b).count == 1)
        _ = w.observe(station: Self.b, gaps: [], at: Self.at(11), hold: hold)
        #expect(w.openGaps(of: Self.b).isEmpty)
    }

    @Test func patrolTargetsAreCheckedAndInherited() throws {
        try PatrolTargets.standard.check()
        var bad = PatrolTargets.standard
        bad.minZoneShare = 1.5
        #expect(throws: DomainError.self) { try bad.check() }
        bad = .standard; bad.reachSeconds = 5
        #expect(throws: DomainError.self) { try bad.check() }
        bad = .standard; bad.holdMinutes = 0
        #expect(throws: DomainError.self) { try bad.check() }
        var city = Jurisdiction(id: JurisdictionID("c"), parentID: nil, level: .city, code: "C", name: "市局", path: "/c/")
        let station = Jurisdiction(id: JurisdictionID("s"), parentID: city.id, level: .station, code: "S", name: "所", path: "/c/s/")
        #expect(PatrolTargets.resolve([city, station]).setBy == "standard")
        var set = PatrolTargets.standard
        set.alerts = true
        city.policy = JurisdictionPolicy()
        city.policy?.patrolTargets = set
        let resolved = PatrolTargets.resolve([city, station])
        #expect(resolved.targets.alerts && resolved.setBy == "c")
        #expect(EffectivePolicy.resolve([city, station]).patrolTargetsSetBy == "c")
    }
}
