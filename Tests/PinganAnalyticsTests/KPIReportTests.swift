import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// The whole KPI answer: comparisons, series, groupings (districts roll up their stations),
/// the league, targets inherited down the tree and the warnings they raise.
@Suite("KPI report: comparisons, groupings, league and targets")
struct KPIReportTests {
    typealias F = KPIFiguresTests
    static let day = ReportDay(containing: F.t0)

    static func tree(district d1: ResponseTargets? = nil, station s2: ResponseTargets? = nil) -> [Jurisdiction] {
        func j(_ id: String, _ level: JurisdictionLevel, _ path: String, _ targets: ResponseTargets? = nil) -> Jurisdiction {
            var x = Jurisdiction(id: JurisdictionID(id), parentID: nil, level: level, code: id.uppercased(), name: "名\(id)", path: path)
            if let targets { x.policy = JurisdictionPolicy(responseTargets: targets) }
            return x
        }
        return [j("c", .city, "/c/"), j("d1", .district, "/c/d1/", d1), j("s1", .station, F.s1), j("s2", .station, F.s2, s2),
                j("d2", .district, "/c/d2/"), j("s3", .station, F.s3), j("s4", .station, "/c/d2/s4/")]
    }

    /// s1: the crafted day (9 calls). s2: two calls, one P3 met at 1000 s, one P1 at 600 s (missed).
    /// s3 (another district): one call met at 100 s.
    static func incidents() -> [Incident] {
        F.craftedDay() + [
            F.incident("b1", .p3, path: F.s2, received: 600, category: "traffic", dispatch: 60, arrive: 1000, resolve: 1600, close: 5000,
                       units: ["u9"]),
            F.incident("b2", path: F.s2, received: 900, category: "traffic", dispatch: 100, arrive: 600, resolve: 900, close: 4000, units: ["u9"]),
            F.incident("c1", path: F.s3, received: 1200, dispatch: 20, arrive: 100, resolve: 400, close: 3000, units: ["u5"]),
        ]
    }

    static func query(_ groupBy: KPIGrouping?, scope: String = "/c/", targets: [Jurisdiction] = tree()) -> KPIQuery {
        var q = KPIQuery(scope: scope, period: KPIPeriod(day: day), asOf: F.asOf, groupBy: groupBy)
        q.targets = ResponseTargetsTable(jurisdictions: targets)
        q.jurisdictionPaths = targets.map(\.path)
        q.unitPaths = ["u1": F.s1, "u2": F.s1, "u3": F.s1, "u9": F.s2, "u5": F.s3]
        q.names = ["s1": "一所", "u9": "B-9"]
        return q
    }

    @Test func districtsRollUpTheirStations() throws {
        let facts = F.facts(Self.incidents())
        let byStation = facts.kpiReport(Self.query(.station))
        #expect(byStation.groups.map(\.key) == ["s1", "s2", "s3", "s4"], "s4 had no call but is listed")
        #expect(byStation.groups.map(\.figures.incidents) == [9, 2, 1, 0])
        #expect(byStation.groups[0].name == "一所" && byStation.groups[0].path == F.s1)
        let byDistrict = facts.kpiReport(Self.query(.district))
        #expect(byDistrict.groups.map(\.key) == ["d1", "d2"])
        let d1 = byDistrict.groups[0].figures
        // d1 = s1 + s2: 9 + 2 calls; judged 6 + 2, met 4 + 1 (b1 met, b2 missed).
        #expect(d1.incidents == 11 && d1.judged == 8 && d1.met == 5)
        // Its percentiles are of the pooled arrivals, not an average of the stations':
        // 50 170 290 400 600 900 1000 → p50 rank ⌈3.5⌉ = 4 → 400; p90 ⌈6.3⌉ = 7 → 1000.
        #expect(d1.callToArrival?.p50 == 400 && d1.callToArrival?.p90 == 1000 && d1.callToArrival?.count == 7)
        #expect(d1.byCategory == ["dispute": 9, "traffic": 2])
        #expect(byDistrict.groups[1].figures.incidents == 1)
        // The whole city is the sum.
        #expect(byDistrict.current.incidents == 12 && byDistrict.current.judged == 9)
        // The league is of stations whatever the grouping.
        #expect(Set(byDistrict.league.map(\.key)) == ["s1", "s2", "s3", "s4"])
    }

    @Test func unitsZonesAndCategories() throws {
        let facts = F.facts(Self.incidents()) { $0.path == F.s1 ? "z1" : nil }
        let byUnit = facts.kpiReport(Self.query(.unit))
        // u1: i1 i2; u2: i2 i3 i4; u3: i5 i6; u9: b1 b2; u5: c1.
        #expect(byUnit.groups.map(\.key) == ["u1", "u2", "u3", "u5", "u9"])
        #expect(byUnit.groups.map(\.figures.incidents) == [2, 3, 2, 1, 2])
        #expect(byUnit.groups.last?.name == "B-9")
        // A unit of another station sent here stays out of a station's table.
        let s2Units = facts.kpiReport(Self.query(.unit, scope: F.s2))
        #expect(s2Units.groups.map(\.key) == ["u9"])
        let byZone = facts.kpiReport(Self.query(.zone))
        #expect(byZone.groups.map(\.key) == ["z1"] && byZone.groups[0].figures.incidents == 9, "calls in no zone are left out")
        let byCategory = facts.kpiReport(Self.query(.category))
        #expect(byCategory.groups.map(\.key) == ["dispute", "traffic"])
        #expect(byCategory.groups.map(\.figures.incidents) == [10, 2])
        #expect(byCategory.groups[0].path == nil && byCategory.groups[0].targets == byCategory.targets)
    }

    @Test func targetsAreInheritedAndOverridden() throws {
        let strict = ResponseTargets(minMetRate: 0.95, maxP90ArrivalSeconds: 600, maxOverdueFeedbackRate: 0.1, minIncidents: 1)
        let lax = ResponseTargets(minMetRate: 0.4, maxP90ArrivalSeconds: 1200, maxOverdueFeedbackRate: 0.5, minIncidents: 1)
        let report = F.facts(Self.incidents()).kpiReport(Self.query(.station, targets: Self.tree(district: strict, station: lax)))
        let t = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key, $0.targets) })
        // s1 inherits its district's, s2 sets its own, d2's stations have the standard.
        #expect(t["s1"] == TargetsInForce(targets: strict, setBy: "d1"))
        #expect(t["s2"] == TargetsInForce(targets: lax, setBy: "s2"))
        #expect(t["s3"] == .standard && t["s4"] == .standard)
        #expect(report.targets == .standard, "the city sets none")
        // s1 against d1's: met 4/6 < 0.95; p90 900 > 600; overdue 0.5 > 0.1: three warnings.
        let s1 = try #require(report.groups.first { $0.key == "s1" })
        #expect(s1.warnings.map(\.metric) == [.metRate, .callToArrivalP90, .overdueFeedbackRate])
        #expect(s1.warnings[0].value == 4.0 / 6.0 && s1.warnings[0].target == 0.95 && s1.warnings[0].sample == 6)
        // s2 against its own: met 1/2 ≥ 0.4, p90 of 600 1000 = 1000 ≤ 1200, no feedback late: none.
        #expect(report.groups.first { $0.key == "s2" }?.warnings == [])
        // The standard asks for 20 incidents before a warning: s3's single call raises none.
        #expect(report.groups.first { $0.key == "s3" }?.warnings == [])
        // The league by met rate: s3 (1/1), s1 (4/6), s2 (1/2), and s4 (nothing judged) last.
        #expect(report.league.map(\.key) == ["s3", "s1", "s2", "s4"])
        #expect(report.league.map(\.rank) == [1, 2, 3, 4])
        #expect(report.league[1].warnings.count == 3 && report.league[1].targets.setBy == "d1")
        // The city-wide figures against the city's (standard) targets: 12 calls, fewer than 20 judged: no warning.
        #expect(report.warnings.isEmpty)
    }

    @Test func comparisonsAndSeries() throws {
        // The crafted day, the day before (2 calls) and the same day a year before (4 calls).
        var history = Self.incidents()
        for k in 0..<2 { history.append(F.incident("prev\(k)", received: -86_400 + Double(k) * 60, dispatch: 10, arrive: 100)) }
        for k in 0..<4 { history.append(F.incident("ly\(k)", received: -365 * 86_400 + Double(k) * 60)) }
        let report = F.facts(history).kpiReport(Self.query(nil))
        #expect(report.period.from == Self.day && report.previousPeriod.from == Self.day.advanced(by: -1))
        #expect(report.lastYearPeriod.from == Self.day.advanced(by: -365))
        #expect(report.current.incidents == 12 && report.previous.incidents == 2 && report.lastYear.incidents == 4)
        // 12 against 2: +10, relative +500%; against 4: +8, +200%.
        let prev = try #require(report.changes.previous["incidents"])
        #expect(prev.difference == 10 && prev.relative == 5)
        #expect(report.changes.lastYear["incidents"]?.relative == 2)
        // Met rate: now 6/9 (i1 i2 i3 i5 b1 c1 met; i4 i8 b2 missed); the day before 2/2.
        let met = try #require(report.changes.previous["metRate"])
        #expect(met.current == 6.0 / 9.0 && met.base == 1 && abs((met.relative ?? 0) - (6.0 / 9.0 - 1)) < 1e-12)
        // Last year's four calls were never reached: 0 met of 4 judged, so a relative change from 0 is nil.
        #expect(report.changes.lastYear["metRate"]?.base == 0 && report.changes.lastYear["metRate"]?.relative == nil)
        #expect(report.groups.isEmpty && report.groupBy == nil && report.league.count == 4)
        // One day: one point of the series, matching the day's figures.
        #expect(report.series.count == 1)
        let point = report.series[0]
        #expect(point.day == Self.day && point.incidents == 12 && point.metRate == 6.0 / 9.0)
        // The day's arrivals: 50 100 170 290 400 600 900 1000 → p90 rank ⌈7.2⌉ = 8 → 1000.
        #expect(point.callToArrivalP90 == 1000 && point.arrivals == 8)
        #expect(point.feedbackDue == report.current.feedbackDue && point.overdueFeedbackRate == report.current.overdueFeedbackRate)
    }

    @Test func alertsAreCountedWhereTheyWereRaised() throws {
        var alerts = AlertFacts()
        alerts.upsert(id: "a1", version: 1, raisedAt: F.t0, path: F.s1, kind: "watchlistHit", status: "received")
        alerts.upsert(id: "a1", version: 2, raisedAt: F.t0, path: F.s1, kind: "watchlistHit", status: "handled")
        alerts.upsert(id: "a2", version: 1, raisedAt: F.t0 + 60, path: F.s3, kind: "crowdAlarm", status: "received")
        alerts.upsert(id: "a3", version: 1, raisedAt: F.t0 - 86_400, path: F.s1, kind: "crowdAlarm", status: "received")
        let report = F.facts(Self.incidents()).kpiReport(Self.query(.district), alerts: alerts)
        #expect(report.current.alerts == .init(raised: 2, byKind: ["watchlistHit": 1, "crowdAlarm": 1], byStatus: ["handled": 1, "received": 1]))
        #expect(report.previous.alerts?.raised == 1)
        #expect(report.groups.map { $0.figures.alerts?.raised } == [1, 1])
        #expect(report.changes.previous["alerts"]?.relative == 1)
        let units = F.facts(Self.incidents()).kpiReport(Self.query(.unit), alerts: alerts)
        #expect(units.groups.allSatisfy { $0.figures.alerts == nil }, "alerts are a place's, not a unit's")
    }

    @Test func answersEncodeWithoutNaN() throws {
        let report = F.facts(Self.incidents()).kpiReport(Self.query(.station))
        let json = try JSONCoding.encoder.encode(report)
        let back = try JSONCoding.decoder.decode(KPIReport.self, from: json)
        #expect(back == report)
        let empty = IncidentFacts().kpiReport(Self.query(.unit))
        #expect(empty.current.incidents == 0 && empty.current.metRate == nil && empty.series.map(\.incidents) == [0])
        _ = try JSONCoding.encoder.encode(empty)
    }
}
