import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections` for watchlists and their entries: visible by the list's audience, not by the
/// path range alone (see `Projections.watchlists(scope:)`).
extension PostgresStore {
    public func watchlists(scope: Scope) async throws -> [Watchlist] {
        var binds = PostgresBindings()
        let visible = Self.listVisible("watchlists", scope, &binds)
        let docs = try await strings(PostgresQuery(unsafeSQL: "SELECT doc FROM watchlists WHERE \(visible) ORDER BY id", binds: binds))
        return try docs.map { try ProjectionRow.decode(Watchlist.self, $0) }
    }

    public func watchlist(_ id: WatchlistID, scope: Scope) async throws -> Watchlist? {
        var binds = PostgresBindings()
        binds.append(id.rawValue)
        let visible = Self.listVisible("watchlists", scope, &binds)
        let docs = try await strings(PostgresQuery(unsafeSQL: "SELECT doc FROM watchlists WHERE id = $1 AND \(visible)", binds: binds))
        return try docs.first.map { try ProjectionRow.decode(Watchlist.self, $0) }
    }

    public func allWatchlists() async throws -> [Watchlist] {
        try await strings("SELECT doc FROM watchlists ORDER BY id").map { try ProjectionRow.decode(Watchlist.self, $0) }
    }

    public func watchlistEntries(of list: WatchlistID, scope: Scope, limit: Int, offset: Int) async throws -> [WatchlistEntry] {
        var binds = PostgresBindings()
        binds.append(list.rawValue)
        let visible = Self.listVisible("watchlists", scope, &binds)
        binds.append(max(limit, 0))
        binds.append(max(offset, 0))
        let docs = try await strings(PostgresQuery(unsafeSQL: """
            SELECT e.doc FROM watchlist_entries e JOIN watchlists ON watchlists.id = e.watchlist_id
            WHERE e.watchlist_id = $1 AND \(visible) ORDER BY e.id LIMIT $\(binds.count - 1) OFFSET $\(binds.count)
            """, binds: binds))
        return try docs.map { try ProjectionRow.decode(WatchlistEntry.self, $0) }
    }

    public func watchlistEntry(_ id: WatchlistEntryID, scope: Scope) async throws -> WatchlistEntry? {
        var binds = PostgresBindings()
        binds.append(id.rawValue)
        let visible = Self.listVisible("watchlists", scope, &binds)
        let docs = try await strings(PostgresQuery(unsafeSQL: """
            SELECT e.doc FROM watchlist_entries e JOIN watchlists ON watchlists.id = e.watchlist_id
            WHERE e.id = $1 AND \(visible)
            """, binds: binds))
        return try docs.first.map { try ProjectionRow.decode(WatchlistEntry.self, $0) }
    }

    public func activeWatchlistEntries(after: WatchlistEntryID?, limit: Int) async throws -> [WatchlistEntry] {
        let docs = try await strings("""
            SELECT doc FROM watchlist_entries WHERE active = 1 AND id > \(after?.rawValue ?? "") ORDER BY id LIMIT \(max(limit, 0))
            """)
        return try docs.map { try ProjectionRow.decode(WatchlistEntry.self, $0) }
    }
}
