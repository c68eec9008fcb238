import Foundation
import PinganStore
import PostgresNIO

/// Export and restore: how a SQLite deployment moves onto PostgreSQL with its audit chain intact.
extension PostgresStore {
    public func restore(_ batch: RestoreBatch) async throws {
        let rows = try batch.writes.map(ProjectionRow.init)
        try await client.inTransaction(logger: logger) { connection in
            for row in rows {
                let table = try Table(of: row)
                let names = ["id", "path", "version", "doc"] + row.columns.map(\.name)
                var binds = PostgresBindings(capacity: names.count)
                binds.append(row.id)
                binds.append(row.path)
                binds.append(Int64(row.version))
                binds.append(row.doc)
                for column in row.columns { column.value.bind(into: &binds) }
                let marks = (1...names.count).map { "$\($0)" }.joined(separator: ", ")
                let sets = names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
                let sql = "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES (\(marks)) ON CONFLICT (id) DO UPDATE SET \(sets)"
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
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
