import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// Response accounting (系统化考核评估): the 1-3-5 figures measured from the incidents' own
/// lifecycle times, per unit, station and zone.
struct ReportController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// Incidents one report may cover; a wider range is refused rather than read half.
    static let maxIncidents = 100_000

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("reports/response", use: response)
    }

    /// `?from=&to=` (ISO-8601, on the time the call was received; both optional). Zones come from
    /// the patrol zones in the caller's scope, so the report needs no road network.
    @Sendable func response(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let parameters = request.uri.queryParameters
        var query = IncidentQuery(limit: IncidentQuery.maxLimit)
        query.receivedFrom = try parameters.instant("from")
        query.receivedTo = try parameters.instant("to")
        // `from` after `to` is an empty window: the report counts nothing.
        var incidents: [Incident] = []
        while true {
            let page = try await deps.store.incidents(query, scope: user.scope)
            incidents += page.items
            if incidents.count > Self.maxIncidents {
                throw DomainError.invalid("from", "the range holds more than \(Self.maxIncidents) incidents; report a shorter one")
            }
            if page.items.count < query.limit { break }
            query.offset += page.items.count
        }
        let zones = ZoneIndex(zones: try await deps.store.zones(scope: user.scope))
        let now = deps.time.now()
        let records = incidents.map { incident in
            let inside = zones.zones(containing: incident.location)
            let zone = inside.isEmpty ? nil : zones.zones[Int(inside[0])].id
            return ResponseRecord(incident: incident, zone: zone, now: now)
        }
        return try JSONReply(.ok, ResponseReport(records)).response
    }
}
