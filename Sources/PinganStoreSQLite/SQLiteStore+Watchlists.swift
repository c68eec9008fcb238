import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections` for watchlists and their entries: visible by the list's audience, not by the
/// path range alone (see `Projections.watchlists(scope:)`).
extension SQLiteStore {
    public func watchlists(scope: Scope) async throws -> [Watchlist] {
        let (visibleSQL, visibleArguments) = Self.listVisible("watchlists", scope)
        let arguments = StatementArguments(visibleArguments)
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM watchlists WHERE \(visibleSQL) ORDER BY id", arguments: arguments)
        }
        return try docs.map { try ProjectionRow.decode(Watchlist.self, $0) }
    }

    public func watchlist(_ id: WatchlistID, scope: Scope) async throws -> Watchlist? {
        let (visibleSQL, visibleArguments) = Self.listVisible("watchlists", scope)
        let arguments = StatementArguments([id.rawValue] + visibleArguments)
        let doc = try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM watchlists WHERE id = ? AND \(visibleSQL)", arguments: arguments)
        }
        return try doc.map { try ProjectionRow.decode(Watchlist.self, $0) }
    }

    public func allWatchlists() async throws -> [Watchlist] {
        let docs = try await writer.read { db in try String.fetchAll(db, sql: "SELECT doc FROM watchlists ORDER BY id") }
        return try docs.map { try ProjectionRow.decode(Watchlist.self, $0) }
    }

    public func watchlistEntries(of list: WatchlistID, scope: Scope, limit: Int, offset: Int) async throws -> [WatchlistEntry] {
        let (visibleSQL, visibleArguments) = Self.listVisible("watchlists", scope)
        let arguments = StatementArguments([list.rawValue] + visibleArguments) + [max(limit, 0), max(offset, 0)]
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT e.doc FROM watchlist_entries e JOIN watchlists ON watchlists.id = e.watchlist_id
                WHERE e.watchlist_id = ? AND \(visibleSQL) ORDER BY e.id LIMIT ? OFFSET ?
                """, arguments: arguments)
        }
        return try docs.map { try ProjectionRow.decode(WatchlistEntry.self, $0) }
    }

    public func watchlistEntry(_ id: WatchlistEntryID, scope: Scope) async throws -> WatchlistEntry? {
        let (visibleSQL, visibleArguments) = Self.listVisible("watchlists", scope)
        let arguments = StatementArguments([id.rawValue] + visibleArguments)
        let doc = try await writer.read { db in
            try String.fetchOne(db, sql: """
                SELECT e.doc FROM watchlist_entries e JOIN watchlists ON watchlists.id = e.watchlist_id
                WHERE e.id = ? AND \(visibleSQL)
                """, arguments: arguments)
        }
        return try doc.map { try ProjectionRow.decode(WatchlistEntry.self, $0) }
    }

    public func activeWatchlistEntries(after: WatchlistEntryID?, limit: Int) async throws -> [WatchlistEntry] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM watchlist_entries WHERE active = 1 AND id > ? ORDER BY id LIMIT ?",
                                arguments: [after?.rawValue ?? "", max(limit, 0)])
        }
        return try docs.map { try ProjectionRow.decode(WatchlistEntry.self, $0) }
    }
}
