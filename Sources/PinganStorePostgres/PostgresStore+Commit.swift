import Foundation
import Logging
import PinganCore
import PinganStore
import PostgresNIO

/// Writes: one transaction holds the idempotency records, the projections and the chained
/// events, so a reader never sees one without the others.
///
/// Group commit: changesets that arrive while this instance's previous transaction runs go
/// together into the next one. Creates from many requests then cost one BEGIN, one multi-row
/// INSERT per table, one lock of the chain head, one INSERT of all their events and one COMMIT
/// (one WAL flush), instead of all of that per request. If anything in a group fails (a write
/// conflict, a replayed idempotency key, a taken username), the group rolls back and its
/// changesets run again one transaction each, so every caller still gets its own answer.
///
/// Ordering inside the transaction keeps the global lock short: projections are written first
/// (row locks on just the entities touched, with optimistic version checks), and the chain head
/// is locked last, right before the events are sealed and appended, and held only to COMMIT.
/// Several processes therefore serialise only the append itself, and seq numbers become visible
/// in order: the next writer cannot read the head before the previous one committed.
extension PostgresStore {
    @discardableResult
    public func commit(_ changes: Changeset) async throws -> [RecordedEvent] {
        let (rows, events) = try changes.prepared()
        let pending = Pending(changes: changes, rows: rows, events: events)
        return try await group.submit(pending, as: [RecordedEvent].self)
    }

    /// A changeset waiting for the next group transaction, with its rows and event payloads
    /// already encoded.
    struct Pending: Sendable {
        var changes: Changeset
        var rows: [ProjectionRow]
        var events: [AuditChain.PendingEvent]
    }

    /// The group runner: all together when there are several, else (or after the group failed)
    /// each alone.
    static func commitGroup(_ batch: [Pending], client: PostgresClient, logger: Logger) async -> [Result<any Sendable, any Error>] {
        if batch.count > 1 {
            do {
                let recorded = try await client.inTransaction(logger: logger) { connection in
                    try await commitTogether(batch, connection, logger)
                }
                return recorded.map { .success($0) }
            } catch {
                // Someone in the group could not commit: find out who by committing one by one.
            }
        }
        var results: [Result<any Sendable, any Error>] = []
        for pending in batch {
            do {
                results.append(.success(try await commitAlone(pending, client: client, logger: logger)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    static func commitTogether(_ batch: [Pending], _ connection: PostgresConnection, _ logger: Logger) async throws -> [[RecordedEvent]] {
        let records = batch.compactMap(\.changes.idempotency)
        if !records.isEmpty { try await rememberAll(records, connection, logger) }
        let rows = batch.flatMap(\.rows)
        var inserts: [String: [ProjectionRow]] = [:]
        for row in rows where row.version == 1 { inserts[row.table, default: []].append(row) }
        for (_, group) in inserts.sorted(by: { $0.key < $1.key }) {
            if group.count == 1 { try await apply(group[0], connection, logger) } else { try await insertAll(group, connection, logger) }
        }
        for row in rows where row.version != 1 { try await apply(row, connection, logger) }
        return try await append(batch, connection, logger)
    }

    /// One changeset in a transaction of its own, with the store's errors for its failures.
    static func commitAlone(_ pending: Pending, client: PostgresClient, logger: Logger) async throws -> [RecordedEvent] {
        let changes = pending.changes
        do {
            return try await client.inTransaction(logger: logger) { connection in
                if let record = changes.idempotency {
                    try await remember(record, connection, logger)
                }
                for row in pending.rows { try await apply(row, connection, logger) }
                return try await append([pending], connection, logger)[0]
            }
        } catch let replay as IdempotencyKeyTaken {
            // Read after the rollback, outside the failed transaction: the record is committed.
            guard let existing = try await idempotency(key: replay.key, on: client, logger: logger) else {
                throw StoreError(.conflict, "idempotency key was being used by a request that did not finish")
            }
            throw StoreError(.idempotencyReplay, "idempotency key already used", record: existing)
        } catch let error as PSQLError {
            throw try await mapped(error, idempotencyKey: changes.idempotency?.key, client: client, logger: logger)
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

    /// Stores many first replies in one statement; any key already there fails the group.
    static func rememberAll(_ records: [IdempotencyRecord], _ connection: PostgresConnection, _ logger: Logger) async throws {
        let inserted = try await connection.query("""
            INSERT INTO idempotency (key, request_hash, status, body, created_at)
            SELECT * FROM unnest(\(records.map(\.key)), \(records.map(\.requestHash)), \(records.map { Int64($0.status) }),
                                 \(records.map(\.body)), \(records.map(\.createdAt.timeIntervalSince1970)))
            ON CONFLICT (key) DO NOTHING RETURNING 1
            """, logger: logger).collect()
        if inserted.count != records.count { throw IdempotencyKeyTaken(key: "") }
    }

    /// Inserts new rows of one table in one statement, each column travelling as one array.
    /// Rows of a table share their columns (`ProjectionRow` fixes them per table).
    static func insertAll(_ rows: [ProjectionRow], _ connection: PostgresConnection, _ logger: Logger) async throws {
        let first = rows[0]
        let table = try Table(of: first)
        var binds = PostgresBindings(capacity: 4 + first.columns.count)
        binds.append(rows.map(\.id))
        binds.append(rows.map(\.path))
        binds.append(rows.map { Int64($0.version) })
        binds.append(rows.map(\.doc))
        for index in first.columns.indices {
            let values = rows.map { $0.columns[index].value }
            switch first.columns[index].value {
            case .text:
                binds.append(try values.map { guard case .text(let s) = $0 else { throw StoreError(.corrupt, "mixed column types") }; return s })
            case .integer:
                binds.append(try values.map { guard case .integer(let i) = $0 else { throw StoreError(.corrupt, "mixed column types") }; return i })
            case .real:
                binds.append(try values.map { guard case .real(let d) = $0 else { throw StoreError(.corrupt, "mixed column types") }; return d })
            }
        }
        let names = ["id", "path", "version", "doc"] + first.columns.map(\.name)
        let arrays = (1...names.count).map { "$\($0)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) SELECT * FROM unnest(\(arrays)) ON CONFLICT (id) DO NOTHING RETURNING 1"
        let inserted = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        guard inserted.count == rows.count else { throw StoreError(.conflict, "a \(first.table) row already exists") }
    }

    /// Inserts (version 1) or updates (version n from n - 1) one projection row.
    static func apply(_ row: ProjectionRow, _ connection: PostgresConnection, _ logger: Logger) async throws {
        if row.version == 1 {
            // Only the primary key may collide quietly: a taken username still raises 23505.
            let inserted = try await connection.query(insert(row, overwriting: false), logger: logger).collect()
            guard !inserted.isEmpty else { throw StoreError(.conflict, "\(row.table) \(row.id) already exists") }
        } else {
            let table = try Table(of: row)
            let names = ["id", "path", "version", "doc"] + row.updatedColumns.map(\.name)
            var binds = PostgresBindings(capacity: names.count + 1)
            binds.append(row.id)
            binds.append(Int64(row.version - 1))
            binds.append(row.path)
            binds.append(Int64(row.version))
            binds.append(row.doc)
            for column in row.updatedColumns { column.value.bind(into: &binds) }
            let sets = names.dropFirst().enumerated().map { "\($0.element) = $\($0.offset + 3)" }.joined(separator: ", ")
            let sql = "UPDATE \(table.rawValue) SET \(sets) WHERE id = $1 AND version = $2 RETURNING 1"
            let updated = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
            guard updated.count == 1 else { throw StoreError(.conflict, "\(row.table) \(row.id) changed since it was read") }
        }
    }

    /// `INSERT` of the whole row into its table. A new row (`overwriting: false`) leaves a taken
    /// id alone and returns no row, so the caller sees the conflict; a restore overwrites it.
    static func insert(_ row: ProjectionRow, overwriting: Bool) throws -> PostgresQuery {
        let table = try Table(of: row)
        let names = ["id", "path", "version", "doc"] + row.columns.map(\.name)
        var binds = PostgresBindings(capacity: names.count)
        binds.append(row.id)
        binds.append(row.path)
        binds.append(Int64(row.version))
        binds.append(row.doc)
        for column in row.columns { column.value.bind(into: &binds) }
        let marks = (1...names.count).map { "$\($0)" }.joined(separator: ", ")
        let action = overwriting ? "DO UPDATE SET " + names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            : "DO NOTHING RETURNING 1"
        return PostgresQuery(unsafeSQL: "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES (\(marks)) ON CONFLICT (id) \(action)", binds: binds)
    }

    /// Locks the chain head, seals the events of every changeset after it in order, appends them
    /// in one statement and moves the head. The lock is what keeps the chain a single line across
    /// processes.
    static func append(_ batch: [Pending], _ connection: PostgresConnection, _ logger: Logger) async throws -> [[RecordedEvent]] {
        guard batch.contains(where: { !$0.events.isEmpty }) else { return batch.map { _ in [] } }
        var seq: Int64 = 0
        var prev = AuditChain.genesis
        let heads = try await connection.query("SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE", logger: logger)
        for try await (headSeq, headHash) in heads.decode((Int64, String).self) {
            seq = headSeq
            prev = headHash
        }
        var all: [RecordedEvent] = []
        var each: [[RecordedEvent]] = []
        for pending in batch {
            let changes = pending.changes
            var recorded: [RecordedEvent] = []
            for event in pending.events {
                seq += 1
                let row = AuditChain.seal(seq: seq, at: changes.at, actor: changes.actor, command: changes.command.rawValue, event: event, prevHash: prev)
                prev = row.hash
                recorded.append(row)
            }
            all += recorded
            each.append(recorded)
        }
        // One round trip for any number of events and the head move: each column travels as one
        // array, and the head is updated in the same statement.
        try await connection.query("""
            WITH appended AS (
                INSERT INTO events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
                SELECT * FROM unnest(\(all.map(\.seq)), \(all.map(\.at.auditMilliseconds)),
                                     \(all.map(\.actor.id)), \(all.map(\.actor.name)), \(all.map(\.command)),
                                     \(all.map(\.type.rawValue)), \(all.map(\.subject)), \(all.map(\.path)),
                                     \(all.map(\.payload)), \(all.map(\.prevHash)), \(all.map(\.hash)))
            )
            UPDATE chain_head SET seq = \(seq), hash = \(prev) WHERE id = 1
            """, logger: logger)
        return each
    }

    /// Translates the server's refusals into the store's errors; anything else passes through.
    static func mapped(_ error: PSQLError, idempotencyKey: String?, client: PostgresClient, logger: Logger) async throws -> any Error {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return error }
        switch state {
        case "23505": // unique_violation
            let constraint = error.serverInfo?[.constraintName] ?? ""
            if constraint == "idempotency_pkey", let key = idempotencyKey,
               let existing = try await idempotency(key: key, on: client, logger: logger) {
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
