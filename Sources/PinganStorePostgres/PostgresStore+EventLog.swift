import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// Reading the audit log back: replay for live subscribers and the full chain check.
extension PostgresStore {
    /// The event columns in the order `recorded` decodes them.
    static let eventColumns = "seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash"

    public func events(after seq: Int64, scope: Scope, limit: Int) async throws -> [RecordedEvent] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        // SQLite reads a negative LIMIT as none; PostgreSQL reads LIMIT NULL so.
        let limit: Int64? = limit < 0 ? nil : Int64(limit)
        let query: PostgresQuery = scope == .everything
            ? "SELECT \(unescaped: Self.eventColumns) FROM events WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)"
            : "SELECT \(unescaped: Self.eventColumns) FROM events WHERE seq > \(seq) AND path >= \(lower) AND path < \(upper) ORDER BY seq LIMIT \(limit)"
        var events: [RecordedEvent] = []
        for try await row in try await client.query(query, logger: logger) { events.append(try Self.recorded(row)) }
        return events
    }

    public func auditEvents(_ query: AuditQuery, scope: Scope) async throws -> [RecordedEvent] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let types = query.typeRange
        // NULL filters are off; the planner sees through `$n IS NULL OR …` once the parameters are bound.
        let sql: PostgresQuery = """
            SELECT \(unescaped: Self.eventColumns) FROM events
            WHERE path >= \(lower) AND path < \(upper)
              AND (\(query.actorID)::text IS NULL OR actor_id = \(query.actorID))
              AND (\(query.subject)::text IS NULL OR subject = \(query.subject))
              AND (\(types?.lower)::text IS NULL OR (type >= \(types?.lower) AND type < \(types?.upper)))
              AND (\(query.from?.auditMilliseconds)::bigint IS NULL OR at_ms >= \(query.from?.auditMilliseconds))
              AND (\(query.to?.auditMilliseconds)::bigint IS NULL OR at_ms < \(query.to?.auditMilliseconds))
              AND (\(query.before)::bigint IS NULL OR seq < \(query.before))
            ORDER BY seq DESC LIMIT \(Int64(query.limit))
            """
        var events: [RecordedEvent] = []
        for try await row in try await client.query(sql, logger: logger) { events.append(try Self.recorded(row)) }
        return events
    }

    public func lastSequence() async throws -> Int64 {
        let rows = try await client.query("SELECT coalesce(max(seq), 0)::bigint FROM events", logger: logger)
        for try await seq in rows.decode(Int64.self) { return seq }
        return 0
    }

    /// Streams the whole log in `seq` order (the driver applies back-pressure, so memory stays
    /// at one batch) and checks it a batch at a time with `AuditChain.firstBreak`, then checks the
    /// head against the last row, which catches rows cut off the end. It all runs in one
    /// REPEATABLE READ snapshot, so appends committed meanwhile by other instances are neither
    /// half-seen nor mistaken for a mismatched head.
    public func verifyChain() async throws -> ChainReport {
        try await client.inTransaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger) { connection in
            var last: (seq: Int64, hash: String) = (0, AuditChain.genesis)
            var batch: [RecordedEvent] = []
            batch.reserveCapacity(Self.verifyBatch)
            func check() -> ChainBreak? {
                defer { batch.removeAll(keepingCapacity: true) }
                if let broken = AuditChain.firstBreak(in: batch, after: last) { return broken }
                if let tail = batch.last { last = (tail.seq, tail.hash) }
                return nil
            }
            let rows = try await connection.query("SELECT \(unescaped: Self.eventColumns) FROM events ORDER BY seq", logger: logger)
            for try await row in rows {
                batch.append(try Self.recorded(row))
                if batch.count == Self.verifyBatch, let broken = check() {
                    return ChainReport(rows: last.seq, lastHash: last.hash, firstBreak: broken)
                }
            }
            if let broken = check() { return ChainReport(rows: last.seq, lastHash: last.hash, firstBreak: broken) }
            var head: (seq: Int64, hash: String) = (0, AuditChain.genesis)
            for try await (seq, hash) in try await connection.query("SELECT seq, hash FROM chain_head WHERE id = 1", logger: logger)
                .decode((Int64, String).self) {
                head = (seq, hash)
            }
            if head.seq != last.seq || head.hash != last.hash {
                return ChainReport(rows: last.seq, lastHash: last.hash,
                                   firstBreak: ChainBreak(seq: last.seq + 1, reason: "the log ends at row \(last.seq) but its head records row \(head.seq): rows were removed from the end"))
            }
            return ChainReport(rows: last.seq, lastHash: last.hash, firstBreak: nil)
        }
    }

    /// Rows checked per call of `AuditChain.firstBreak`, as in the SQLite store.
    static let verifyBatch = 10_000

    static func recorded(_ row: PostgresRow) throws -> RecordedEvent {
        let (seq, atMs, actorID, actorName, command, type, subject, path, payload, prevHash, hash) =
            try row.decode((Int64, Int64, String, String, String, String, String, String, String, String, String).self)
        return RecordedEvent(seq: seq, at: Date(auditMilliseconds: atMs), actor: Actor(id: actorID, name: actorName), command: command,
                             type: EventType(rawValue: type), subject: subject, path: path, payload: payload, prevHash: prevHash, hash: hash)
    }

    public func idempotencyRecord(key: String) async throws -> IdempotencyRecord? {
        try await Self.idempotency(key: key, on: client, logger: logger)
    }

    static func idempotency(key: String, on client: PostgresClient, logger: Logger) async throws -> IdempotencyRecord? {
        let rows = try await client.query("SELECT key, request_hash, status, body, created_at FROM idempotency WHERE key = \(key)", logger: logger)
        for try await (key, requestHash, status, body, createdAt) in rows.decode((String, String, Int, String, Double).self) {
            return IdempotencyRecord(key: key, requestHash: requestHash, status: status, body: body,
                                     createdAt: Date(timeIntervalSince1970: createdAt))
        }
        return nil
    }
}
