import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// Crafted incident histories with every KPI worked out by hand in the comments.
@Suite("KPI figures from crafted incidents")
struct KPIFiguresTests {
    static func at(_ iso: String) -> Date { Timestamp.parse(iso)! }
    /// Monday 2026-11-23 10:00 CST: the calls of the crafted day.
    static let t0 = at("2026-11-23T10:00:00+08:00")
    static let s1 = "/c/d1/s1/", s2 = "/c/d1/s2/", s3 = "/c/d2/s3/"

    /// An incident received `received` seconds after `t0`, with each step (seconds after the
    /// call) that happened.
    static func incident(_ id: String, _ priority: Priority = .p1, path: String = s1, received: Double = 0, category: String = "dispute",
                         dispatch: Double? = nil, arrive: Double? = nil, resolve: Double? = nil, close: Double? = nil,
                         units: [String] = []) -> Incident {
        let r = t0 + received
        var i = Incident(id: IncidentID(id), number: "N-\(id)", jurisdictionID: JurisdictionID(PathTable.leaf(path)), category: category,
                         priority: priority, location: Coordinate(lat: 31.23, lon: 121.48), address: "a", caller: Caller(), description: "",
                         times: IncidentTimes(receivedAt: r), path: path)
        if let dispatch {
            i.status = .dispatched
            i.times.dispatchedAt = r + dispatch
            i.unitIDs = units.map { UnitID($0) }
            i.attendedUnitIDs = i.unitIDs
        }
        if let arrive {
            i.status = .onScene
            i.times.onSceneAt = r + arrive
        }
        if let resolve {
            i.status = .resolved
            i.times.resolvedAt = r + resolve
            i.unitIDs = []
        }
        if let close {
            i.status = .closed
            i.times.closedAt = r + close
        }
        return i
    }

    /// Station s1's day (asOf: three days later, so every P1/P2 feedback has fallen due).
    static func craftedDay() -> [Incident] {
        var i4 = incident("i4", dispatch: 100, arrive: 400, resolve: 1300, close: 3600, units: ["u2"])
        i4.riskFlags = [RiskFlag(rule: "weapon", nameZh: "持械", nameEn: "Weapon", words: ["刀"], raiseTo: .p1, notify: true)]
        var i6 = incident("i6", .p2, dispatch: 20, units: ["u3"])
        i6.status = .cancelled
        i6.times.cancelledAt = t0 + 60
        var i7 = incident("i7", .p3)
        i7.status = .cancelled
        i7.mergedInto = MergeLink(into: IncidentID("i1"), intoNumber: "N-i1", by: "disp", at: t0 + 30, previousStatus: .received)
        var i9 = incident("i9", .p4, close: 7200)
        i9.referrals = [ReferralLink(id: ReferralID("r9"), agencyID: AgencyID("a1"), agencyName: "12345", status: .done)]
        return [
            incident("i1", dispatch: 30, arrive: 50, resolve: 650, close: 7200, units: ["u1"]),             // on time
            incident("i2", dispatch: 40, arrive: 170, resolve: 1370, close: 30 * 3600, units: ["u1", "u2"]),  // feedback late (P1: 24 h)
            incident("i3", dispatch: 60, arrive: 290, resolve: 590, units: ["u2"]),                         // resolved, never closed
            i4,                                                                                              // arrived at 400 s: P1 missed
            incident("i5", .p2, dispatch: 200, arrive: 900, resolve: 2400, close: 3600, units: ["u3"]),     // P2: 900 s is just in time
            i6,                                                                                              // cancelled on the way
            i7,                                                                                              // merged duplicate
            incident("i8"),                                                                                  // nobody sent, open
            i9,                                                                                              // referred, closed by the agency
        ]
    }

    static func facts(_ incidents: [Incident], zone: (Incident) -> String? = { _ in nil }) -> IncidentFacts {
        var facts = IncidentFacts()
        for i in incidents { facts.upsert(IncidentFact(i, zone: zone(i))) }
        facts.prepare()
        return facts
    }

    static let asOf = t0 + 3 * 86_400

    @Test func everyFormulaOnTheCraftedDay() throws {
        let f = Self.facts(Self.craftedDay()).figures(in: KPIPeriod(day: ReportDay(containing: Self.t0)), scope: "/c/", asOf: Self.asOf)
        #expect(f.incidents == 9)
        #expect(f.byPriority == ["1": 5, "2": 2, "3": 1, "4": 1])
        #expect(f.byCategory == ["dispute": 9])
        // call → dispatch: 20 30 40 60 100 200 (i6 too: it was dispatched). n = 6, mean 450/6 = 75;
        // p50 rank ⌈3⌉ = 3 → 40; p90 rank ⌈5.4⌉ = 6 → 200; p95 ⌈5.7⌉ = 6 → 200.
        #expect(f.callToDispatch == DurationStats(count: 6, mean: 75, p50: 40, p90: 200, p95: 200, max: 200))
        // call → arrival: 50 170 290 400 900. n = 5, mean 1810/5 = 362; p50 ⌈2.5⌉ = 3 → 290; p90 ⌈4.5⌉ = 5 → 900.
        #expect(f.callToArrival == DurationStats(count: 5, mean: 362, p50: 290, p90: 900, p95: 900, max: 900))
        // dispatch → arrival: 20 130 230 300 700: mean 1380/5 = 276, p50 230, p90 700.
        #expect(f.dispatchToArrival == DurationStats(count: 5, mean: 276, p50: 230, p90: 700, p95: 700, max: 700))
        // arrival → resolved: 600 1200 300 900 1500 → 300 600 900 1200 1500: mean 900, p50 900, p90 1500.
        #expect(f.arrivalToResolved == DurationStats(count: 5, mean: 900, p50: 900, p90: 1500, p95: 1500, max: 1500))
        // 1-3-5 of the 5 arrivals: ≤ 60 s {50}, ≤ 180 s {50, 170}, ≤ 300 s {50, 170, 290}.
        #expect(f.arrivals == 5 && f.within1Minute == 1 && f.within3Minutes == 2 && f.within5Minutes == 3)
        #expect(f.within1MinuteShare == 0.2 && f.within3MinutesShare == 0.4 && f.within5MinutesShare == 0.6)
        // Judged: i1 i2 i3 met (P1 ≤ 300 s), i4 missed (400 s), i5 met (P2 ≤ 900 s), i8 missed
        // (nobody there three days on); i6 i7 cancelled and i9 the agency's: not judged. 4 of 6.
        #expect(f.judged == 6 && f.met == 4 && f.metRate == 4.0 / 6.0)
        // Closed i1 i2 i4 i5 i9 = 5; cancelled i6 i7 = 2; closure 5 / (9 − 2).
        #expect(f.closed == 5 && f.cancelled == 2 && f.closureRate == 5.0 / 7.0)
        #expect(f.merged == 1 && f.referred == 1 && f.highRisk == 1)
        // Feedback owed to the station and due by asOf: i1 (on time), i2 (30 h > 24 h: late), i3
        // (never given: late), i4 i5 (on time), i8 (never: late); i6 i7 cancelled owe none, i9 is the
        // agency's. 3 late of 6.
        #expect(f.feedbackDue == 6 && f.feedbackOverdue == 3 && f.overdueFeedbackRate == 0.5)
        #expect(f.alerts == nil)
    }

    @Test func openIncidentsAreJudgedAtTheQueryInstant() throws {
        let facts = Self.facts([Self.incident("open")])  // P1, nobody sent
        let day = KPIPeriod(day: ReportDay(containing: Self.t0))
        // Inside the five minutes it is not judged yet; after them it is a miss.
        #expect(facts.figures(in: day, scope: "/", asOf: Self.t0 + 300).judged == 0)
        let late = facts.figures(in: day, scope: "/", asOf: Self.t0 + 301)
        #expect(late.judged == 1 && late.met == 0 && late.metRate == 0)
        // Its feedback falls due at 24 h: not counted before, late after.
        #expect(facts.figures(in: day, scope: "/", asOf: Self.t0 + 86_400).feedbackDue == 1)
        #expect(facts.figures(in: day, scope: "/", asOf: Self.t0 + 86_399).feedbackDue == 0)
        #expect(facts.figures(in: day, scope: "/", asOf: Self.t0 + 86_400).feedbackOverdue == 0, "due exactly now is not late yet")
        #expect(facts.figures(in: day, scope: "/", asOf: Self.t0 + 86_401).feedbackOverdue == 1)
    }

    /// The per-incident flag and the event-log rate share `StationFeedbackDue`: the same
    /// incidents give the same due and overdue counts both ways.
    @Test func overdueFeedbackAgreesWithTheEventLogRate() throws {
        let incidents = Self.craftedDay()
        let events = try incidents.map { try Event(.incidentCreated, subject: $0.id.rawValue, path: $0.path, payload: IncidentEventData(incident: $0)) }
        let rows = OverdueFeedbackRate.rows(from: events, at: Self.asOf).filter { $0.ownerKind == .station }
        let f = Self.facts(incidents).figures(in: KPIPeriod(day: ReportDay(containing: Self.t0)), scope: "/", asOf: Self.asOf)
        #expect(rows.reduce(0) { $0 + $1.due } == f.feedbackDue)
        #expect(rows.reduce(0) { $0 + $1.overdue } == f.feedbackOverdue)
        // A closed incident that came in through the history import, with no resolution time and no
        // referral, is the station's own.
        var imported = Self.incident("h1", close: 3 * 86_400 - 60)
        imported.status = .closed
        #expect(StationFeedbackDue(imported) != nil && !StationFeedbackDue.isAgencyOwned(imported))
    }

    /// Durations agree with `ResponseSummary` (the report's older path) on the same incidents.
    @Test func durationsAgreeWithTheResponseSummary() throws {
        let incidents = Self.craftedDay()
        let summary = ResponseSummary(incidents.map { ResponseRecord(incident: $0) })
        let report = Self.facts(incidents).responseReport(from: nil, to: nil, scope: "/", asOf: Self.asOf, unitPaths: nil, zonePaths: nil)
        for (a, b) in [(summary.callToDispatch, report.overall.callToDispatch), (summary.callToArrival, report.overall.callToArrival),
                       (summary.dispatchToArrival, report.overall.dispatchToArrival), (summary.arrivalToResolved, report.overall.arrivalToResolved)] {
            #expect(a == b)
        }
        #expect(report.overall.arrivalsByTier == ["1": 1, "3": 1, "5": 1, "99": 2])
        // Units: u1 on i1 i2, u2 on i2 i3 i4, u3 on i5 i6: each credited once per incident.
        #expect(report.byUnit.map(\.key) == ["u1", "u2", "u3"])
        #expect(report.byUnit.map(\.summary.incidents) == [2, 3, 2])
        #expect(report.byStation.map(\.key) == [Self.s1])
    }

    /// Selection finds exactly the nearest-rank percentile a full sort would.
    @Test func percentilesBySelectionMatchASort() {
        var rng = SeededRandom(seed: 7)
        for n in [1, 2, 3, 5, 10, 17, 20, 99, 100, 101, 1000, 4097] {
            var values = (0..<n).map { _ in (rng.uniform() * 50).rounded() * 12 }  // many ties
            let sorted = values.sorted()
            func nearestRank(_ p: Double) -> Double { sorted[max(0, Int((p * Double(n)).rounded(.up)) - 1)] }
            let s = try! #require(DurationStats.measure(&values))
            #expect(s.p50 == nearestRank(0.5) && s.p90 == nearestRank(0.9) && s.p95 == nearestRank(0.95) && s.max == sorted.last!, "n = \(n)")
            #expect(abs(s.mean - sorted.reduce(0, +) / Double(n)) < 1e-9)
        }
        // Floats, below and above the bucket threshold (512): the same nearest ranks.
        for n in [1, 7, 1000, 40_000, 100_003] {
            var values = (0..<n).map { i in Float((rng.uniform() * 3600 * 4).rounded() / 4) + (i % 7 == 0 ? 0.001 : 0) }
            let sorted = values.sorted()
            // Figures are in seconds to the millisecond.
            func ms(_ x: Float) -> Double { (Double(x) * 1000).rounded() / 1000 }
            func nearestRank(_ p: Double) -> Double { ms(sorted[max(0, Int((p * Double(n)).rounded(.up)) - 1)]) }
            let s = try! #require(DurationStats.measure(&values))
            #expect(s.p50 == nearestRank(0.5) && s.p90 == nearestRank(0.9) && s.p95 == nearestRank(0.95) && s.max == ms(sorted.last!),
                    "n = \(n)")
            var again = sorted.shuffled()
            #expect(DurationStats.percentile(0.99, of: &again) == nearestRank(0.99))
        }
        var zeros = [Float](repeating: 0, count: 50_000)
        #expect(DurationStats.measure(&zeros)?.p95 == 0)
        var none: [Double] = []
        #expect(DurationStats.measure(&none) == nil)
        // Ranks: of 10 values the 90th percentile is the 9th, of 20 the 95th is the 19th.
        #expect(DurationStats.rank(0.9, 10) == 8 && DurationStats.rank(0.95, 20) == 18 && DurationStats.rank(0.5, 1) == 0)
    }

    @Test func laterVersionsReplaceEarlierOnesAndOutOfOrderRowsAreSorted() {
        var facts = IncidentFacts()
        var open = Self.incident("x", received: 3600)
        open.version = 1
        var done = Self.incident("x", received: 3600, dispatch: 10, arrive: 100, resolve: 200, close: 300)
        done.version = 5
        let first = facts.upsert(IncidentFact(done, zone: nil))
        let stale = facts.upsert(IncidentFact(open, zone: nil))
        let earlier = facts.upsert(IncidentFact(Self.incident("earlier", received: 0), zone: nil))
        #expect(first && !stale && earlier, "an older version changes nothing")
        #expect(!facts.isSorted)
        facts.prepare()
        #expect(facts.isSorted && facts.count == 2 && facts.version(of: "x") == 5)
        let f = facts.figures(from: Self.t0, to: Self.t0 + 7200, scope: "/", asOf: Self.t0 + 7200)
        #expect(f.incidents == 2 && f.closed == 1 && f.callToArrival?.max == 100)
        // A window of the first hour holds only the earlier call.
        #expect(facts.figures(from: Self.t0, to: Self.t0 + 3600, scope: "/", asOf: Self.t0 + 7200).incidents == 1)
    }
}
