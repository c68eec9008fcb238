import Foundation
import GRDB
import PinganCore
import PinganStore

/// `EventLog.commit`: the idempotency record, the projections and the sealed events in one
/// savepoint of the group transaction.
extension SQLiteStore {
    public func commit(_ changes: Changeset) async throws -> [RecordedEvent] {
        let (rows, events) = try changes.prepared()
        do {
            return try await write { db in
                if let record = changes.idempotency {
                    if let existing = try Self.idempotency(db, key: record.key) {
                        throw StoreError(.idempotencyReplay, "idempotency key already used", record: existing)
                    }
                    try db.cachedStatement(sql: "INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: [record.key, record.requestHash, record.status, record.body, record.createdAt.timeIntervalSince1970])
                }
                for row in rows { try Self.apply(row, db) }
                return try Self.append(changes, events, db)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw StoreError(.duplicate, "a unique value is already taken: \(error.message ?? "")")
        }
    }

    static func apply(_ row: ProjectionRow, _ db: Database) throws {
        if row.version == 1 {
            let extraNames = row.columns.map(\.name)
            let extraValues = row.columns.map { $0.value.databaseValue }
            // Cached statements (as every statement a commit runs): a bulk import commits hundreds of
            // thousands of rows, and compiling each statement again cost more than running it (a
            // point read's compile was ~90 µs of its ~140). A row with the same id fails the
            // insert on the primary key: someone created it first.
            let names = ["id", "path", "version", "doc"] + extraNames
            let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
            do {
                try db.cachedStatement(sql: "INSERT INTO \(row.table) (\(names.joined(separator: ", "))) VALUES (\(marks))")
                    .execute(arguments: StatementArguments([row.id, row.path, row.version, row.doc] as [any DatabaseValueConvertible] + extraValues))
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError(.conflict, "\(row.table) \(row.id) already exists")
            }
        } else {
            let extraNames = row.updatedColumns.map(\.name)
            let extraValues = row.updatedColumns.map { $0.value.databaseValue }
            let sets = (["path", "version", "doc"] + extraNames).map { "\($0) = ?" }.joined(separator: ", ")
            try db.cachedStatement(sql: "UPDATE \(row.table) SET \(sets) WHERE id = ? AND version = ?").execute(
                           arguments: StatementArguments([row.path, row.version, row.doc] as [any DatabaseValueConvertible] + extraValues + [row.id, row.version - 1]))
            guard db.changesCount == 1 else { throw StoreError(.conflict, "\(row.table) \(row.id) changed since it was read") }
        }
    }

    static func append(_ changes: Changeset, _ events: [AuditChain.PendingEvent], _ db: Database) throws -> [RecordedEvent] {
        guard !events.isEmpty else { return [] }
        let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM chain_head WHERE id = 1"))
        var seq: Int64 = head?["seq"] ?? 0
        var prev: String = head?["hash"] ?? AuditChain.genesis
        var recorded: [RecordedEvent] = []
        for event in events {
            seq += 1
            let row = AuditChain.seal(seq: seq, at: changes.at, actor: changes.actor, command: changes.command.rawValue, event: event, prevHash: prev)
            try db.cachedStatement(sql: """
                INSERT INTO events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [row.seq, row.at.auditMilliseconds, row.actor.id, row.actor.name, row.command, row.type.rawValue,
                                 row.subject, row.path, row.payload, row.prevHash, row.hash])
            prev = row.hash
            recorded.append(row)
        }
        try db.cachedStatement(sql: "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")
            .execute(arguments: [seq, prev])
        return recorded
    }
}
