import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections` for alerts: inside the scope's path range and, for an alert carrying a
/// watchlist's audience, admitted by it, both in the query.
extension PostgresStore {
    public func alert(_ id: AlertID, scope: Scope) async throws -> Alert? {
        var binds = PostgresBindings()
        binds.append(id.rawValue)
        let visible = Self.alertVisible(scope, &binds)
        let docs = try await strings(PostgresQuery(unsafeSQL: "SELECT doc FROM alerts WHERE id = $1 AND \(visible)", binds: binds))
        return try docs.first.map { try ProjectionRow.decode(Alert.self, $0) }
    }

    public func alerts(_ query: AlertQuery, scope: Scope) async throws -> [Alert] {
        var binds = PostgresBindings()
        var clauses = [Self.alertVisible(scope, &binds)]
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            binds.append(statuses.map(\.rawValue))
            clauses.append("status = ANY($\(binds.count))")
        }
        if let from = query.raisedFrom { binds.append(from.timeIntervalSince1970); clauses.append("raised_at >= $\(binds.count)") }
        if query.heads { clauses.append("group_id = ''") }
        binds.append(min(max(query.limit, 1), AlertQuery.maxLimit))
        binds.append(max(query.offset, 0))
        let sql = "SELECT doc FROM alerts WHERE \(clauses.joined(separator: " AND ")) ORDER BY raised_at DESC, id LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        return try await strings(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try ProjectionRow.decode(Alert.self, $0) }
    }

    public func alertCounts(scope: Scope) async throws -> [Alert.Status: Int] {
        var binds = PostgresBindings()
        let visible = Self.alertVisible(scope, &binds)
        let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT status, count(*) FROM alerts WHERE \(visible) AND group_id = '' GROUP BY status",
                                                        binds: binds), logger: logger)
        var counts: [Alert.Status: Int] = [:]
        for try await (status, n) in rows.decode((String, Int64).self) {
            guard let status = Alert.Status(rawValue: status) else { throw StoreError(.corrupt, "an alert has the unknown status \(status)") }
            counts[status] = Int(n)
        }
        return counts
    }

    public func openAlert(cause: String, since: Date) async throws -> Alert? {
        let open = [Alert.Status.received.rawValue, Alert.Status.acknowledged.rawValue]
        let docs = try await strings("""
            SELECT doc FROM alerts
            WHERE cause = \(cause) AND raised_at >= \(since.timeIntervalSince1970) AND group_id = '' AND status = ANY(\(open))
            ORDER BY raised_at DESC, id LIMIT 1
            """)
        return try docs.first.map { try ProjectionRow.decode(Alert.self, $0) }
    }

    public func alerts(ids: [AlertID]) async throws -> [Alert] {
        guard !ids.isEmpty else { return [] }
        let docs = try await strings("SELECT doc FROM alerts WHERE id = ANY(\(ids.map(\.rawValue))) ORDER BY raised_at, id")
        return try docs.map { try ProjectionRow.decode(Alert.self, $0) }
    }
}
