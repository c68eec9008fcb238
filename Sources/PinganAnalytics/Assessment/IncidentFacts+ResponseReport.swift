import Foundation
import PinganCore

/// `GET /v1/reports/response` computed from the facts rather than from the incidents read one
/// by one: the same `ResponseReport` (overall, per unit, station and zone), by the same
/// definitions (nearest-rank percentiles, the met-standard verdict judged at `asOf`), so the
/// report and the dashboard cannot disagree.
extension IncidentFacts {
    /// The response report of the calls received from `from` through `to` (instants, both
    /// included; nil for open-ended) under `scope`.
    /// - Parameters:
    ///   - unitPaths, zonePaths: where units and zones belong; only those under `scope` are
    ///     reported (nil: every one seen).
    public func responseReport(from: Date?, to: Date?, scope: String, asOf: Date, unitPaths: [String: String]?,
                               zonePaths: [String: String]?) -> ResponseReport {
        let start = from ?? .distantPast
        let end = to.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.nextUp) } ?? .distantFuture
        let inScope = pathsUnder(scope)
        var query = KPIQuery(scope: scope, period: KPIPeriod(day: ReportDay(ordinal: 0)), asOf: asOf)
        query.unitPaths = unitPaths
        query.zonePaths = zonePaths
        func grouped(_ grouping: KPIGrouping) -> (overall: ResponseSummary, groups: [ResponseReport.Group]) {
            // A station grouping keeps calls filed above station level under their own path, as the report always has.
            let plan = groupPlan(grouping, query: query, inScope: inScope, keepShallow: true)
            var s = scan(start: start, end: end, inScope: inScope, now: asOf, groups: plan.rows, groupCount: plan.keys.count)
            var groups: [ResponseReport.Group] = []
            for g in plan.keys.indices where s.buckets.count(s.groupBase + g, .incidents) > 0 {
                let key = grouping == .station ? (plan.paths[g] ?? plan.keys[g]) : plan.keys[g]
                groups.append(.init(key: key, summary: Self.summary(&s.buckets, s.groupBase + g)))
            }
            return (Self.summary(&s.buckets, 0), groups.sorted { $0.key < $1.key })
        }
        let units = grouped(.unit)
        return ResponseReport(overall: units.overall, byUnit: units.groups, byStation: grouped(.station).groups, byZone: grouped(.zone).groups)
    }

    static func summary(_ buckets: inout KPIBuckets, _ b: Int) -> ResponseSummary {
        func durations(_ step: Int) -> ResponseSummary.Durations? {
            buckets.durations(b, step: step).map { .init(count: $0.count, mean: $0.mean, median: $0.p50, p90: $0.p90, max: $0.max) }
        }
        let arrivals = buckets.count(b, .arrivals), w1 = buckets.count(b, .within1), w3 = buckets.count(b, .within3), w5 = buckets.count(b, .within5)
        var tiers: [String: Int] = [:]
        let counts = [(ResponseTier.withinOneMinute, w1), (.withinThreeMinutes, w3 - w1), (.withinFiveMinutes, w5 - w3), (.beyondFiveMinutes, arrivals - w5)]
        for (tier, n) in counts where n > 0 { tiers[String(tier.rawValue)] = n }
        return ResponseSummary(incidents: buckets.count(b, .incidents), callToDispatch: durations(0), dispatchToArrival: durations(1),
                               arrivalToResolved: durations(2), callToArrival: durations(3), judged: buckets.count(b, .judged),
                               met: buckets.count(b, .met), arrivalsByTier: tiers)
    }
}
