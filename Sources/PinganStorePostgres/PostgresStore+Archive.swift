import Foundation
import PinganStore
import PostgresNIO

/// Export and restore: how a SQLite deployment moves onto PostgreSQL with its audit chain intact.
extension PostgresStore {
    public func restore(_ batch: RestoreBatch) async throws {
        let rows = try batch.writes.map(ProjectionRow.init)
        try await client.inTransaction(logger: logger) { connection in
            for var row in rows {
                for (name, value) in row.columns where row.fixed.contains(name) {
                    var binds = PostgresBindings(capacity: 3)
                    binds.append(row.path)
                    value.bind(into: &binds)
                    binds.append(row.id)
                    let sql = "SELECT 1 FROM \(try Table(of: row).rawValue) WHERE path = $1 AND \(name) = $2 AND id <> $3"
                    let taken = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
                    if !taken.isEmpty { row.freeFixedColumns { n, _ in n == name } }
                }
                try await connection.query(Self.insert(row, overwriting: true), logger: logger)
            }
            for (key, value) in batch.counters {
                try await connection.query("""
                    INSERT INTO counters (key, value) VALUES (\(key), \(value))
                    ON CONFLICT (key) DO UPDATE SET value = GREATEST(counters.value, excluded.value)
                    """, logger: logger)
            }
            guard let last = batch.events.last else { return }
            var after: (seq: Int64, hash: String) = (0, AuditChain.genesis)
            for try await (seq, hash) in try await connection.query("SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE", logger: logger)
                .decode((Int64, String).self) {
                after = (seq, hash)
            }
            if let broken = AuditChain.firstBreak(in: batch.events, after: after) {
                throw StoreError(.corrupt, "the imported events do not continue this log: \(broken.reason)")
            }
            let events = batch.events
            try await connection.query("""
                INSERT INTO events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
                SELECT * FROM unnest(\(events.map(\.seq)), \(events.map(\.at.auditMilliseconds)),
                                     \(events.map(\.actor.id)), \(events.map(\.actor.name)), \(events.map(\.command)),
                                     \(events.map(\.type.rawValue)), \(events.map(\.subject)), \(events.map(\.path)),
                                     \(events.map(\.payload)), \(events.map(\.prevHash)), \(events.map(\.hash)))
                """, logger: logger)
            try await connection.query("UPDATE chain_head SET seq = \(last.seq), hash = \(last.hash) WHERE id = 1", logger: logger)
        }
    }
}
