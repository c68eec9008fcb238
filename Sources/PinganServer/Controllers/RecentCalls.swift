import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// The calls of the last days in a scope, each with when and where it came in (cancelled calls
/// and duplicates merged into another left out): what the hotspot forecast, the patrol picture
/// and zone design learn from.
enum RecentCalls {
    /// At most `limit + 1` calls, newest pages first, so a caller can tell "more than it takes".
    static func read(_ deps: Dependencies, scope: Scope, jurisdictionID: JurisdictionID? = nil, since: Date,
                     limit: Int) async throws -> [(time: Date, location: Coordinate)] {
        var calls: [(time: Date, location: Coordinate)] = []
        var query = IncidentQuery(jurisdictionID: jurisdictionID, receivedFrom: since, limit: IncidentQuery.maxLimit)
        query.countTotal = false
        while calls.count <= limit {
            let page = try await deps.store.incidents(query, scope: scope)
            for i in page.items where i.status != .cancelled && i.mergedInto == nil { calls.append((i.times.receivedAt, i.location)) }
            if page.items.count < query.limit { break }
            query.offset += page.items.count
        }
        return calls
    }
}
