import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections` for alerts: inside the scope's path range and, for an alert carrying a
/// watchlist's audience, admitted by it, both in the query.
extension SQLiteStore {
    public func alert(_ id: AlertID, scope: Scope) async throws -> Alert? {
        let (visibleSQL, visibleArguments) = Self.alertVisible(scope)
        let arguments = StatementArguments([id.rawValue] + visibleArguments)
        let doc = try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM alerts WHERE id = ? AND \(visibleSQL)", arguments: arguments)
        }
        return try doc.map { try ProjectionRow.decode(Alert.self, $0) }
    }

    public func alerts(_ query: AlertQuery, scope: Scope) async throws -> [Alert] {
        let (visibleSQL, visibleArguments) = Self.alertVisible(scope)
        var clauses = [visibleSQL]
        var args: [any DatabaseValueConvertible] = visibleArguments
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            clauses.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            args += statuses.map(\.rawValue)
        }
        if let from = query.raisedFrom { clauses.append("raised_at >= ?"); args.append(from.timeIntervalSince1970) }
        if query.heads { clauses.append("group_id = ''") }
        let limit = min(max(query.limit, 1), AlertQuery.maxLimit)
        args += [limit, max(query.offset, 0)]
        let sql = "SELECT doc FROM alerts WHERE \(clauses.joined(separator: " AND ")) ORDER BY raised_at DESC, id LIMIT ? OFFSET ?"
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let docs = try await writer.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        return try docs.map { try ProjectionRow.decode(Alert.self, $0) }
    }

    public func alertCounts(scope: Scope) async throws -> [Alert.Status: Int] {
        let (visibleSQL, visibleArguments) = Self.alertVisible(scope)
        let arguments = StatementArguments(visibleArguments)
        let rows = try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM alerts WHERE \(visibleSQL) AND group_id = '' GROUP BY status",
                             arguments: arguments).map { ($0["status"] as String, $0["n"] as Int) }
        }
        var counts: [Alert.Status: Int] = [:]
        for (status, n) in rows {
            guard let status = Alert.Status(rawValue: status) else { throw StoreError(.corrupt, "an alert has the unknown status \(status)") }
            counts[status] = n
        }
        return counts
    }

    public func openAlert(cause: String, since: Date) async throws -> Alert? {
        // A cached statement: every batch with a hit asks, and compiling the query took ~90 µs of
        // its ~140 (traced in `pingan bench sensing`).
        let doc = try await writer.read { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT doc FROM alerts
                WHERE cause = ? AND raised_at >= ? AND group_id = '' AND status IN (?, ?)
                ORDER BY raised_at DESC, id LIMIT 1
                """), arguments: [cause, since.timeIntervalSince1970, Alert.Status.received.rawValue, Alert.Status.acknowledged.rawValue])
        }
        return try doc.map { try ProjectionRow.decode(Alert.self, $0) }
    }

    public func alerts(ids: [AlertID]) async throws -> [Alert] {
        guard !ids.isEmpty else { return [] }
        let keys = Array(Set(ids.map(\.rawValue)))
        let docs = try await writer.read { db in
            var docs: [(raisedAt: Double, id: String, doc: String)] = []
            // Chunks well under SQLite's limit on bound parameters.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(keys.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                docs += try Row.fetchAll(db, sql: "SELECT raised_at, id, doc FROM alerts WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
                    .map { ($0["raised_at"], $0["id"], $0["doc"]) }
            }
            return docs
        }
        return try docs.sorted { ($0.raisedAt, $0.id) < ($1.raisedAt, $1.id) }.map { try ProjectionRow.decode(Alert.self, $0.doc) }
    }
}
