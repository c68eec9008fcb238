import Foundation
import Logging
import PinganCore
import PinganStore
import PostgresNIO

/// Writes: one transaction per changeset holding the idempotency record, the projections and the
/// chained events, so a reader never sees one without the others.
///
/// Ordering inside the transaction keeps the global lock short: projections are written first
/// (row locks on just the entities touched, with optimistic version checks), and the chain head
/// is locked last, right before the events are sealed and appended, and held only to COMMIT.
/// Two processes therefore serialise only the append itself, and seq numbers become visible in
/// order: the next writer cannot read the head before the previous one committed.
extension PostgresStore {
    @discardableResult
    public func commit(_ changes: Changeset) async throws -> [RecordedEvent] {
        let rows = try changes.writes.map(ProjectionRow.init)
        do {
            return try await write { [logger] connection in
                if let record = changes.idempotency {
                    try await Self.remember(record, connection, logger)
                }
                for row in rows { try await Self.apply(row, connection, logger) }
                return try await Self.append(changes, connection, logger)
            }
        } catch let replay as IdempotencyKeyTaken {
            // Read after the rollback, outside the failed transaction: the record is committed.
            guard let existing = try await Self.idempotency(key: replay.key, on: client, logger: logger) else {
                throw StoreError(.conflict, "idempotency key was being used by a request that did not finish")
            }
            throw StoreError(.idempotencyReplay, "idempotency key already used", record: existing)
        } catch let error as PSQLError {
            throw try await mapped(error, idempotencyKey: changes.idempotency?.key)
        }
    }

    /// Thrown inside the transaction to roll it back when the idempotency key exists.
    struct IdempotencyKeyTaken: Error {
        var key: String
    }

    /// Stores the first reply under its key. `ON CONFLICT DO NOTHING` waits for a concurrent
    /// transaction holding the same key and then sees its committed row, so two retries racing
    /// each other both end in a replay of one stored reply rather than a raw unique violation.
    static func remember(_ record: IdempotencyRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let inserted = try await connection.query("""
            INSERT INTO idempotency (key, request_hash, status, body, created_at)
            VALUES (\(record.key), \(record.requestHash), \(record.status), \(record.body), \(record.createdAt.timeIntervalSince1970))
            ON CONFLICT (key) DO NOTHING RETURNING 1
            """, logger: logger).collect()
        if inserted.isEmpty { throw IdempotencyKeyTaken(key: record.key) }
    }

    /// Inserts (version 1) or updates (version n from n - 1) one projection row.
    static func apply(_ row: ProjectionRow, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let table = try Table(of: row)
        let names = ["id", "path", "version", "doc"] + row.columns.map(\.name)
        var binds = PostgresBindings(capacity: names.count + 1)
        if row.version == 1 {
            binds.append(row.id)
            binds.append(row.path)
            binds.append(Int64(row.version))
            binds.append(row.doc)
            for column in row.columns { column.value.bind(into: &binds) }
            let marks = (1...names.count).map { "$\($0)" }.joined(separator: ", ")
            // Only the primary key may collide quietly: a taken username still raises 23505.
            let sql = "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES (\(marks)) ON CONFLICT (id) DO NOTHING RETURNING 1"
            let inserted = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
            guard !inserted.isEmpty else { throw StoreError(.conflict, "\(row.table) \(row.id) already exists") }
        } else {
            binds.append(row.id)
            binds.append(Int64(row.version - 1))
            binds.append(row.path)
            binds.append(Int64(row.version))
            binds.append(row.doc)
            for column in row.columns { column.value.bind(into: &binds) }
            let sets = names.dropFirst().enumerated().map { "\($0.element) = $\($0.offset + 3)" }.joined(separator: ", ")
            let sql = "UPDATE \(table.rawValue) SET \(sets) WHERE id = $1 AND version = $2 RETURNING 1"
            let updated = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
            guard updated.count == 1 else { throw StoreError(.conflict, "\(row.table) \(row.id) changed since it was read") }
        }
    }

    /// Locks the chain head, seals the events after it, appends them in one statement and moves
    /// the head. The lock is what keeps the chain a single line across processes.
    static func append(_ changes: Changeset, _ connection: PostgresConnection, _ logger: Logger) async throws -> [RecordedEvent] {
        guard !changes.events.isEmpty else { return [] }
        var seq: Int64 = 0
        var prev = AuditChain.genesis
        let heads = try await connection.query("SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE", logger: logger)
        for try await (headSeq, headHash) in heads.decode((Int64, String).self) {
            seq = headSeq
            prev = headHash
        }
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(changes.events.count)
        for event in changes.events {
            seq += 1
            let row = try AuditChain.seal(seq: seq, at: changes.at, actor: changes.actor, command: changes.command, event: event, prevHash: prev)
            prev = row.hash
            recorded.append(row)
        }
        // One round trip for any number of events: each column travels as one array.
        try await connection.query("""
            INSERT INTO events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
            SELECT * FROM unnest(\(recorded.map(\.seq)), \(recorded.map(\.at.auditMilliseconds)),
                                 \(recorded.map(\.actor.id)), \(recorded.map(\.actor.name)), \(recorded.map(\.command)),
                                 \(recorded.map(\.type.rawValue)), \(recorded.map(\.subject)), \(recorded.map(\.path)),
                                 \(recorded.map(\.payload)), \(recorded.map(\.prevHash)), \(recorded.map(\.hash)))
            """, logger: logger)
        try await connection.query("UPDATE chain_head SET seq = \(seq), hash = \(prev) WHERE id = 1", logger: logger)
        return recorded
    }

    /// Translates the server's refusals into the store's errors; anything else passes through.
    func mapped(_ error: PSQLError, idempotencyKey: String?) async throws -> any Error {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return error }
        switch state {
        case "23505": // unique_violation
            let constraint = error.serverInfo?[.constraintName] ?? ""
            if constraint == "idempotency_pkey", let key = idempotencyKey,
               let existing = try await Self.idempotency(key: key, on: client, logger: logger) {
                return StoreError(.idempotencyReplay, "idempotency key already used", record: existing)
            }
            if constraint.hasSuffix("_pkey") {
                return StoreError(.conflict, "\(error.serverInfo?[.tableName] ?? "a row") was inserted concurrently")
            }
            return StoreError(.duplicate, "a unique value is already taken: \(error.serverInfo?[.message] ?? constraint)")
        case "40001", "40P01": // serialization_failure, deadlock_detected: decide again from fresh state
            return StoreError(.conflict, error.serverInfo?[.message] ?? "concurrent update")
        default:
            return error
        }
    }
}

extension ProjectionRow.Value {
    /// Appends the value with the PostgreSQL type its column has: TEXT, BIGINT or DOUBLE PRECISION.
    func bind(into binds: inout PostgresBindings) {
        switch self {
        case .text(let s): binds.append(s)
        case .integer(let i): binds.append(i)
        case .real(let d): binds.append(d)
        }
    }
}
