import Foundation
import GRDB
import PinganCore
import PinganStore

/// `EventLog` reads: events in scope, the head, the chain walk, stored replies.
extension SQLiteStore {
    public func events(after seq: Int64, scope: Scope, limit: Int) async throws -> [RecordedEvent] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        return try await writer.read { (db: Database) throws -> [RecordedEvent] in
            let sql = scope == .everything
                ? "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?"
                : "SELECT * FROM events WHERE seq > ? AND path >= ? AND path < ? ORDER BY seq LIMIT ?"
            let args: StatementArguments = scope == .everything ? [seq, limit] : [seq, lower, upper, limit]
            return try Row.fetchAll(db, sql: sql, arguments: args).map(Self.recorded)
        }
    }

    public func auditEvents(_ query: AuditQuery, scope: Scope) async throws -> [RecordedEvent] {
        var clauses: [String] = []
        var args: StatementArguments = []
        if scope != .everything {
            let (lower, upper) = ProjectionRow.range(of: scope)
            clauses.append("path >= ? AND path < ?"); args += [lower, upper]
        }
        if let actor = query.actorID { clauses.append("actor_id = ?"); args += [actor] }
        if let subject = query.subject { clauses.append("subject = ?"); args += [subject] }
        if let (lower, upper) = query.typeRange { clauses.append("type >= ? AND type < ?"); args += [lower, upper] }
        if let from = query.from { clauses.append("at_ms >= ?"); args += [from.auditMilliseconds] }
        if let to = query.to { clauses.append("at_ms < ?"); args += [to.auditMilliseconds] }
        if let before = query.before { clauses.append("seq < ?"); args += [before] }
        let sql = "SELECT * FROM events" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")) + " ORDER BY seq DESC LIMIT ?"
        args += [query.limit]
        let arguments = args
        return try await writer.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.recorded) }
    }

    public func lastSequence() async throws -> Int64 {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0 }
    }

    public func verifyChain() async throws -> ChainReport {
        try await writer.read { db in
            var last: (seq: Int64, hash: String) = (0, AuditChain.genesis)
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM events ORDER BY seq")
            var batch: [RecordedEvent] = []
            func check() -> ChainBreak? {
                defer { batch.removeAll(keepingCapacity: true) }
                if let broken = AuditChain.firstBreak(in: batch, after: last) { return broken }
                if let tail = batch.last { last = (tail.seq, tail.hash) }
                return nil
            }
            while let row = try cursor.next() {
                batch.append(Self.recorded(row))
                if batch.count == 10_000, let broken = check() { return ChainReport(rows: last.seq, lastHash: last.hash, firstBreak: broken) }
            }
            if let broken = check() { return ChainReport(rows: last.seq, lastHash: last.hash, firstBreak: broken) }
            let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1")
            let headSeq: Int64 = head?["seq"] ?? 0
            let headHash: String = head?["hash"] ?? AuditChain.genesis
            if headSeq != last.seq || headHash != last.hash {
                return ChainReport(rows: last.seq, lastHash: last.hash,
                                   firstBreak: ChainBreak(seq: last.seq + 1, reason: "the log ends at row \(last.seq) but its head records row \(headSeq): rows were removed from the end"))
            }
            return ChainReport(rows: last.seq, lastHash: last.hash, firstBreak: nil)
        }
    }

    static func recorded(_ row: Row) -> RecordedEvent {
        RecordedEvent(seq: row["seq"], at: Date(auditMilliseconds: row["at_ms"]), actor: Actor(id: row["actor_id"], name: row["actor_name"]),
                      command: row["command"], type: EventType(rawValue: row["type"]), subject: row["subject"], path: row["path"],
                      payload: row["payload"], prevHash: row["prev_hash"], hash: row["hash"])
    }

    public func idempotencyRecord(key: String) async throws -> IdempotencyRecord? {
        try await writer.read { db in try Self.idempotency(db, key: key) }
    }

    static func idempotency(_ db: Database, key: String) throws -> IdempotencyRecord? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM idempotency WHERE key = ?"), arguments: [key]) else { return nil }
        return IdempotencyRecord(key: row["key"], requestHash: row["request_hash"], status: row["status"], body: row["body"],
                                 createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
