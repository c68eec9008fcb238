import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Archive.restore`: rows copied verbatim from another deployment.
extension SQLiteStore {
    public func restore(_ batch: RestoreBatch) async throws {
        let rows = try batch.writes.map(ProjectionRow.init)
        try await writeAlone { db in
            for var row in rows {
                let (table, path, id) = (row.table, row.path, row.id)
                try row.freeFixedColumns { name, value in
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE path = ? AND \(name) = ? AND id <> ?",
                                      arguments: [path, value.databaseValue, id]) == true
                }
                let names = ["id", "path", "version", "doc"] + row.columns.map(\.name)
                let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
                // An upsert on the id alone: a clash on any other unique key is an error, never a
                // silent delete of the row that held it (what `INSERT OR REPLACE` would do).
                let sets = names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
                try db.execute(sql: "INSERT INTO \(row.table) (\(names.joined(separator: ", "))) VALUES (\(marks)) ON CONFLICT(id) DO UPDATE SET \(sets)",
                               arguments: StatementArguments([row.id, row.path, row.version, row.doc] as [any DatabaseValueConvertible]
                                                             + row.columns.map { $0.value.databaseValue }))
            }
            for (key, value) in batch.counters {
                try db.execute(sql: "INSERT INTO counters (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                               arguments: [key, value])
            }
            guard let last = batch.events.last else { return }
            let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1")
            let after: (Int64, String) = (head?["seq"] ?? 0, head?["hash"] ?? AuditChain.genesis)
            if let broken = AuditChain.firstBreak(in: batch.events, after: after) {
                throw StoreError(.corrupt, "the imported events do not continue this log: \(broken.reason)")
            }
            for row in batch.events {
                try db.execute(sql: """
                    INSERT INTO events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [row.seq, row.at.auditMilliseconds, row.actor.id, row.actor.name, row.command, row.type.rawValue,
                                     row.subject, row.path, row.payload, row.prevHash, row.hash])
            }
            try db.execute(sql: "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                           arguments: [last.seq, last.hash])
        }
    }
}
