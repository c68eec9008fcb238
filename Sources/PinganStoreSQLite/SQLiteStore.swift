import Foundation
import GRDB
import PinganCore
import PinganStore

/// The embedded store: one SQLite file in WAL mode, owned by one GRDB writer that serialises
/// every commit, so the audit chain needs no further locking.
public final class SQLiteStore: Store, Sendable {
    let writer: any DatabaseWriter
    /// Commits and counter increments that arrive together share one transaction (one fsync).
    let group: GroupCommit<WriteJob>

    /// One write, run in its own savepoint inside a group transaction.
    typealias WriteJob = @Sendable (Database) throws -> any Sendable

    /// Opens (or creates) the database file at `path` in WAL mode with full sync on commit, so
    /// an acknowledged write survives a power cut.
    public convenience init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        config.busyMode = .timeout(10)
        self.init(writer: try DatabasePool(path: path, configuration: config))
    }

    init(writer: any DatabaseWriter) {
        self.writer = writer
        group = GroupCommit { jobs in
            try await writer.write { db in
                jobs.map { job in
                    Result {
                        var value: any Sendable = ()
                        try db.inSavepoint {
                            value = try job(db)
                            return .commit
                        }
                        return value
                    }
                }
            }
        }
    }

    /// Runs `job` in the next group transaction and returns once that committed.
    func write<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await group.submit({ db in try job(db) }, as: T.self)
    }

    /// A private in-memory database, for tests and throwaway runs.
    public static func inMemory() throws -> SQLiteStore {
        SQLiteStore(writer: try DatabaseQueue())
    }

    public func migrate() async throws {
        try SQLiteMigrations.migrator.migrate(writer)
    }

    // MARK: Writes

    public func commit(_ changes: Changeset) async throws -> [RecordedEvent] {
        let rows = try changes.writes.map(ProjectionRow.init)
        let events = changes.events.map(AuditChain.PendingEvent.init)
        do {
            return try await write { db in
                if let record = changes.idempotency {
                    if let existing = try Self.idempotency(db, key: record.key) {
                        throw StoreError(.idempotencyReplay, "idempotency key already used", record: existing)
                    }
                    try db.execute(sql: "INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [record.key, record.requestHash, record.status, record.body, record.createdAt.timeIntervalSince1970])
                }
                for row in rows { try Self.apply(row, db) }
                return try Self.append(changes, events, db)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw StoreError(.duplicate, "a unique value is already taken: \(error.message ?? "")")
        }
    }

    static func apply(_ row: ProjectionRow, _ db: Database) throws {
        let extraNames = row.columns.map(\.name)
        let extraValues = row.columns.map { $0.value.databaseValue }
        if row.version == 1 {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM \(row.table) WHERE id = ?", arguments: [row.id]) == true {
                throw StoreError(.conflict, "\(row.table) \(row.id) already exists")
            }
            let names = ["id", "path", "version", "doc"] + extraNames
            let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
            try db.execute(sql: "INSERT INTO \(row.table) (\(names.joined(separator: ", "))) VALUES (\(marks))",
                           arguments: StatementArguments([row.id, row.path, row.version, row.doc] as [any DatabaseValueConvertible] + extraValues))
        } else {
            let sets = (["path", "version", "doc"] + extraNames).map { "\($0) = ?" }.joined(separator: ", ")
            try db.execute(sql: "UPDATE \(row.table) SET \(sets) WHERE id = ? AND version = ?",
                           arguments: StatementArguments([row.path, row.version, row.doc] as [any DatabaseValueConvertible] + extraValues + [row.id, row.version - 1]))
            guard db.changesCount == 1 else { throw StoreError(.conflict, "\(row.table) \(row.id) changed since it was read") }
        }
    }

    static func append(_ changes: Changeset, _ events: [AuditChain.PendingEvent], _ db: Database) throws -> [RecordedEvent] {
        guard !events.isEmpty else { return [] }
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1")
        var seq: Int64 = head?["seq"] ?? 0
        var prev: String = head?["hash"] ?? AuditChain.genesis
        var recorded: [RecordedEvent] = []
        for event in events {
            seq += 1
            let row = AuditChain.seal(seq: seq, at: changes.at, actor: changes.actor, command: changes.command, event: event, prevHash: prev)
            try db.execute(sql: """
                INSERT INTO events (seq, at_ms, actor_id, actor_name, command, type, subject, path, payload, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [row.seq, row.at.auditMilliseconds, row.actor.id, row.actor.name, row.command, row.type.rawValue,
                                 row.subject, row.path, row.payload, row.prevHash, row.hash])
            prev = row.hash
            recorded.append(row)
        }
        try db.execute(sql: "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                       arguments: [seq, prev])
        return recorded
    }

    // MARK: Entity reads

    public func jurisdictions(scope: Scope) async throws -> [Jurisdiction] { try await all("jurisdictions", scope) }
    public func posts(scope: Scope) async throws -> [Post] { try await all("posts", scope) }
    public func zones(scope: Scope) async throws -> [PatrolZone] { try await all("zones", scope) }
    public func units(scope: Scope) async throws -> [PoliceUnit] { try await all("units", scope) }
    public func users(scope: Scope) async throws -> [User] { try await all("users", scope) }

    public func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction? { try await one("jurisdictions", id.rawValue, scope) }
    public func post(_ id: PostID, scope: Scope) async throws -> Post? { try await one("posts", id.rawValue, scope) }
    public func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone? { try await one("zones", id.rawValue, scope) }
    public func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit? { try await one("units", id.rawValue, scope) }
    public func user(_ id: UserID, scope: Scope) async throws -> User? { try await one("users", id.rawValue, scope) }
    public func incident(_ id: IncidentID, scope: Scope) async throws -> Incident? { try await one("incidents", id.rawValue, scope) }

    public func message(_ id: MessageID, scope: Scope) async throws -> Message? { try await one("messages", id.rawValue, scope) }

    public func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var sql = "SELECT doc FROM messages WHERE path >= ? AND path < ?"
        var args: [any DatabaseValueConvertible] = [lower, upper]
        if let unit = query.unitID { sql += " AND unit_id = ?"; args.append(unit.rawValue) }
        if let broadcast = query.broadcastID { sql += " AND broadcast_id = ?"; args.append(broadcast) }
        sql += " ORDER BY sent_at DESC, id LIMIT ? OFFSET ?"
        args += [query.limit, query.offset]
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let statement = sql
        let docs = try await writer.read { db in try String.fetchAll(db, sql: statement, arguments: arguments) }
        return try docs.map { try ProjectionRow.decode(Message.self, $0) }
    }

    public func user(username: String) async throws -> User? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM users WHERE username = ?", arguments: [username]) }
        return try doc.map { try ProjectionRow.decode(User.self, $0) }
    }

    func all<E: Decodable>(_ table: String, _ scope: Scope) async throws -> [E] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM \(table) WHERE path >= ? AND path < ? ORDER BY id", arguments: [lower, upper])
        }
        return try docs.map { try ProjectionRow.decode(E.self, $0) }
    }

    func one<E: Decodable>(_ table: String, _ id: String, _ scope: Scope) async throws -> E? {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let doc = try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM \(table) WHERE id = ? AND path >= ? AND path < ?", arguments: [id, lower, upper])
        }
        return try doc.map { try ProjectionRow.decode(E.self, $0) }
    }

    public func incidents(_ query: IncidentQuery, scope: Scope) async throws -> Page<Incident> {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var clauses = ["path >= ?", "path < ?"]
        var args: [any DatabaseValueConvertible] = [lower, upper]
        func list(_ column: String, _ values: [any DatabaseValueConvertible]) {
            clauses.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            args += values
        }
        if let s = query.statuses, !s.isEmpty { list("status", s.map(\.rawValue)) }
        if let c = query.categories, !c.isEmpty { list("category", c) }
        if let p = query.priorities, !p.isEmpty { list("priority", p.map(\.rawValue)) }
        if let j = query.jurisdictionID { clauses.append("jurisdiction_id = ?"); args.append(j.rawValue) }
        if let from = query.receivedFrom { clauses.append("received_at >= ?"); args.append(from.timeIntervalSince1970) }
        if let to = query.receivedTo { clauses.append("received_at <= ?"); args.append(to.timeIntervalSince1970) }
        if let a = query.area {
            clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            args += [a.south, a.north, a.west, a.east]
        }
        if let text = query.text?.lowercased(), !text.isEmpty { clauses.append("instr(search, ?) > 0"); args.append(text) }
        let whereSQL = clauses.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), IncidentQuery.maxLimit)
        let offset = max(query.offset, 0)
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let (total, docs) = try await writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE \(whereSQL)", arguments: arguments) ?? 0
            let docs = try String.fetchAll(db, sql: "SELECT doc FROM incidents WHERE \(whereSQL) ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
                                           arguments: arguments + [limit, offset])
            return (total, docs)
        }
        return Page(items: try docs.map { try ProjectionRow.decode(Incident.self, $0) }, total: total, offset: offset, limit: limit)
    }

    // MARK: Export and restore

    public func counters() async throws -> [String: Int] {
        try await writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM counters").map { ($0["key"] as String, $0["value"] as Int) })
        }
    }

    public func restore(_ batch: RestoreBatch) async throws {
        let rows = try batch.writes.map(ProjectionRow.init)
        try await writer.write { db in
            for row in rows {
                let names = ["id", "path", "version", "doc"] + row.columns.map(\.name)
                let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
                try db.execute(sql: "INSERT OR REPLACE INTO \(row.table) (\(names.joined(separator: ", "))) VALUES (\(marks))",
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

    // MARK: Counters, idempotency, sessions

    public func nextValue(of counter: String) async throws -> Int {
        try await write { db in
            try Int.fetchOne(db, sql: "INSERT INTO counters (key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1 RETURNING value",
                             arguments: [counter]) ?? 0
        }
    }

    public func idempotencyRecord(key: String) async throws -> IdempotencyRecord? {
        try await writer.read { db in try Self.idempotency(db, key: key) }
    }

    static func idempotency(_ db: Database, key: String) throws -> IdempotencyRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM idempotency WHERE key = ?", arguments: [key]) else { return nil }
        return IdempotencyRecord(key: row["key"], requestHash: row["request_hash"], status: row["status"], body: row["body"],
                                 createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    public func saveSession(_ session: Session) async throws {
        try await writer.write { db in
            // Tokens live hours, not weeks: anything that expired 30 days before this one is dead.
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [session.expiresAt.timeIntervalSince1970 - 30 * 86_400])
            try db.execute(sql: "INSERT OR REPLACE INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                           arguments: [session.tokenHash, session.userID.rawValue, session.expiresAt.timeIntervalSince1970])
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) else { return nil }
            return Session(tokenHash: row["token_hash"], userID: UserID(row["user_id"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    // MARK: Event log

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
}

extension ProjectionRow.Value {
    var databaseValue: any DatabaseValueConvertible {
        switch self {
        case .text(let s): s
        case .integer(let i): i
        case .real(let d): d
        }
    }
}
