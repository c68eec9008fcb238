import Foundation
import Hummingbird
import PinganAnalytics
import PinganCore
import PinganStore

/// Response accounting (系统化考核评估): the 1-3-5 figures measured from the incidents' own
/// lifecycle times, per unit, station and zone. Computed from the assessment's in-memory facts
/// (`StatsWatch`, `IncidentFacts.responseReport`), the same ones the KPI dashboard reads, so
/// the two cannot disagree and no range is too long to report.
struct ReportController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("reports/response", use: response)
    }

    /// `?from=&to=` (ISO-8601, on the time the call was received, both included; both
    /// optional). Units and zones are those in the caller's scope; every unit sent to an
    /// incident is credited with its response.
    @Sendable func response(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let parameters = request.uri.queryParameters
        let from = try parameters.instant("from")
        let to = try parameters.instant("to")
        // `from` after `to` is an empty window: the report counts nothing.
        try await deps.stats.requireReady()
        let now = deps.time.now()
        let report = deps.stats.read { facts, _, org in
            facts.responseReport(from: from, to: to, scope: user.scope.path, asOf: now, unitPaths: org.units.mapValues(\.path),
                                 zonePaths: org.zones.mapValues(\.path))
        }
        return try JSONReply(.ok, report).response
    }
}
