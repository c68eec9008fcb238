import Foundation
import Logging
import PinganCore
import PinganStore
import PostgresNIO

/// The store for several instances sharing one PostgreSQL database. Same schema, same rows and
/// the same answers as `SQLiteStore`; where SQLite has one writer and needs no locks, this store
/// serialises appends to the audit chain with a row lock on `chain_head`, so any number of
/// processes may commit at once and the chain stays one line.
///
/// Lifecycle: the store owns its connection pool and the task that runs it, so it needs no
/// service group:
///
/// ```swift
/// let store = try PostgresStore(url: "postgres://pingan:secret@db:5432/pingan")
/// try await store.migrate()
/// // … use it …
/// await store.shutdown()
/// ```
///
/// `migrate()` is the natural first call: it fails with `PostgresStore.Unreachable` when the
/// server does not answer in time. Later calls wait for the pool instead, so a running instance
/// rides out a database restart.
///
/// `shutdown()` closes every connection; afterwards each call fails. A store dropped without
/// `shutdown()` stops its pool when it is deinitialised.
public final class PostgresStore: Store, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// `host:port` or the socket path, for error messages.
    let server: String
    /// How long `migrate()` waits for a first answer: the connect timeout plus a margin.
    let startupDeadline: Duration
    /// Runs `client.run()`, which leases and keeps connections; cancelling it closes the pool.
    private let runner: Task<Void, Never>
    /// This instance's writes, one group transaction at a time (see `commit`).
    let group: GroupCommit<Pending>
    /// Counter increments waiting for the next statement (see `nextValue`).
    let counters: GroupCommit<String>

    /// Connects to the database at a libpq-style URL (see `PostgresURL`).
    /// - Parameters:
    ///   - url: e.g. `postgres://user:password@host:5432/database?sslmode=disable`.
    ///   - maximumConnections: the most connections this instance opens; the server's
    ///     `max_connections` must cover every instance together.
    ///   - logger: where the driver logs; queries log at debug level.
    /// - Throws: `PostgresURL.Invalid` when the URL cannot be read. Nothing connects yet: the
    ///   first query (usually `migrate()`) reports an unreachable server.
    public convenience init(url: String, maximumConnections: Int = 20, logger: Logger = PostgresStore.defaultLogger) throws {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = maximumConnections
        self.init(configuration: configuration, logger: logger)
    }

    /// Uses a client configuration built by the caller, for settings a URL does not carry.
    public init(configuration: PostgresClient.Configuration, logger: Logger = PostgresStore.defaultLogger) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        server = configuration.unixSocketPath ?? "\(configuration.host ?? "?"):\(configuration.port ?? 5432)"
        startupDeadline = configuration.options.connectTimeout + .seconds(5)
        group = GroupCommit(maxBatch: 128) { batch in await Self.commitGroup(batch, client: client, logger: logger) }
        counters = GroupCommit(maxBatch: 256) { keys in await Self.allocate(keys, client: client, logger: logger) }
        // Started immediately, so the pool is marked running before the first query leases a
        // connection (a plain Task may start later and the driver would warn about it).
        if #available(macOS 26, *) {
            runner = Task.immediate { await client.run() }
        } else {
            runner = Task { await client.run() }
        }
    }

    deinit { runner.cancel() }

    /// Closes the pool and waits until its connections are gone.
    public func shutdown() async {
        runner.cancel()
        await runner.value
    }

    public static let defaultLogger = Logger(label: "pingan.store.postgres")

    /// Creates or upgrades the schema; safe on every start and from several instances at once.
    /// - Throws: `PostgresStore.Unreachable` when the server does not answer within the connect
    ///   timeout plus five seconds, rather than waiting for it forever.
    public func migrate() async throws {
        try await awaitServer(within: startupDeadline)
        try await PostgresMigrations.migrate(client, logger: logger)
    }

    // MARK: Entity reads

    public func jurisdictions(scope: Scope) async throws -> [Jurisdiction] { try await all(Table.jurisdictions, scope) }
    public func posts(scope: Scope) async throws -> [Post] { try await all(Table.posts, scope) }
    public func zones(scope: Scope) async throws -> [PatrolZone] { try await all(Table.zones, scope) }
    public func units(scope: Scope) async throws -> [PoliceUnit] { try await all(Table.units, scope) }
    public func users(scope: Scope) async throws -> [User] { try await all(Table.users, scope) }

    public func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction? { try await one(Table.jurisdictions, id.rawValue, scope) }
    public func post(_ id: PostID, scope: Scope) async throws -> Post? { try await one(Table.posts, id.rawValue, scope) }
    public func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone? { try await one(Table.zones, id.rawValue, scope) }
    public func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit? { try await one(Table.units, id.rawValue, scope) }
    public func user(_ id: UserID, scope: Scope) async throws -> User? { try await one(Table.users, id.rawValue, scope) }
    public func incident(_ id: IncidentID, scope: Scope) async throws -> Incident? { try await one(Table.incidents, id.rawValue, scope) }

    public func message(_ id: MessageID, scope: Scope) async throws -> Message? { try await one(Table.messages, id.rawValue, scope) }

    public func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var bindings = PostgresBindings()
        bindings.append(lower)
        bindings.append(upper)
        var sql = "SELECT doc FROM messages WHERE path >= $1 AND path < $2"
        if let unit = query.unitID { bindings.append(unit.rawValue); sql += " AND unit_id = $\(bindings.count)" }
        if let broadcast = query.broadcastID { bindings.append(broadcast); sql += " AND broadcast_id = $\(bindings.count)" }
        bindings.append(query.limit)
        sql += " ORDER BY sent_at DESC, id LIMIT $\(bindings.count)"
        bindings.append(query.offset)
        sql += " OFFSET $\(bindings.count)"
        let docs = try await strings(PostgresQuery(unsafeSQL: sql, binds: bindings))
        return try docs.map { try ProjectionRow.decode(Message.self, $0) }
    }

    public func user(username: String) async throws -> User? {
        let docs = try await strings("SELECT doc FROM users WHERE username = \(username)")
        return try docs.first.map { try ProjectionRow.decode(User.self, $0) }
    }

    func all<E: Decodable>(_ table: Table, _ scope: Scope) async throws -> [E] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await strings("SELECT doc FROM \(unescaped: table.rawValue) WHERE path >= \(lower) AND path < \(upper) ORDER BY id")
        return try docs.map { try ProjectionRow.decode(E.self, $0) }
    }

    func one<E: Decodable>(_ table: Table, _ id: String, _ scope: Scope) async throws -> E? {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await strings("SELECT doc FROM \(unescaped: table.rawValue) WHERE id = \(id) AND path >= \(lower) AND path < \(upper)")
        return try docs.first.map { try ProjectionRow.decode(E.self, $0) }
    }

    /// The first column of every row, as text.
    func strings(_ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await client.query(query, logger: logger).decode(String.self) { values.append(value) }
        return values
    }

    // MARK: Counters, idempotency, sessions

    /// The next value of a counter. Increments that arrive while the previous statement runs
    /// share the next one (every create of a station's day goes through one row, so one statement
    /// per create was a queue); each caller gets its own value, in order of arrival.
    public func nextValue(of counter: String) async throws -> Int {
        try await counters.submit(counter, as: Int.self)
    }

    /// Adds each key's count in one statement and hands out the values it covers. The statement
    /// runs in a transaction of its own, so a counter's row lock is held only while the server
    /// runs it, never across a round trip to us. And it commits without waiting for its WAL
    /// flush (`set_config(..., true)` lasts to the end of this transaction): a number matters only
    /// once an entity carrying it commits, and that commit's flush covers the counter's earlier
    /// WAL record too. A number lost to a crash was never acknowledged to anyone, so handing it
    /// out again is right.
    static func allocate(_ keys: [String], client: PostgresClient, logger: Logger) async -> [Result<any Sendable, any Error>] {
        var counts: [String: Int] = [:]
        var distinct: [String] = []
        for key in keys {
            if counts[key] == nil { distinct.append(key) }
            counts[key, default: 0] += 1
        }
        // One lock order for every statement: two instances adding to the same two counters in
        // opposite orders would otherwise deadlock.
        distinct.sort()
        do {
            let rows = try await client.query("""
                INSERT INTO counters (key, value)
                SELECT wanted.key, wanted.n
                FROM unnest(\(distinct), \(distinct.map { Int64(counts[$0]!) })) AS wanted(key, n),
                     (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed
                ON CONFLICT (key) DO UPDATE SET value = counters.value + excluded.value RETURNING key, value
                """, logger: logger)
            var next: [String: Int] = [:]
            for try await (key, value) in rows.decode((String, Int).self) { next[key] = value - counts[key, default: 0] + 1 }
            return keys.map { key in
                guard let value = next[key] else { return .failure(StoreError(.corrupt, "counter \(key) returned no value")) }
                next[key] = value + 1
                return .success(value)
            }
        } catch {
            return keys.map { _ in .failure(error) }
        }
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

    public func saveSession(_ session: Session) async throws {
        // Tokens live hours, not weeks: anything that expired 30 days before this one is dead.
        let expiredBefore = session.expiresAt.timeIntervalSince1970 - 30 * 86_400
        try await client.inTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM sessions WHERE expires_at < \(expiredBefore)", logger: logger)
            try await connection.query("""
                INSERT INTO sessions (token_hash, user_id, expires_at)
                VALUES (\(session.tokenHash), \(session.userID.rawValue), \(session.expiresAt.timeIntervalSince1970))
                ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at
                """, logger: logger)
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        let rows = try await client.query("SELECT token_hash, user_id, expires_at FROM sessions WHERE token_hash = \(tokenHash)", logger: logger)
        for try await (hash, userID, expiresAt) in rows.decode((String, String, Double).self) {
            return Session(tokenHash: hash, userID: UserID(userID), expiresAt: Date(timeIntervalSince1970: expiresAt))
        }
        return nil
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query("DELETE FROM sessions WHERE token_hash = \(tokenHash)", logger: logger)
    }
}

extension PostgresStore {
    /// The projection tables, the only names ever spliced into SQL text: everything else is bound.
    enum Table: String, Sendable {
        case jurisdictions, posts, zones, units, users, incidents, messages

        /// The table a `ProjectionRow` targets, refusing any name the schema does not have.
        init(of row: ProjectionRow) throws {
            guard let table = Table(rawValue: row.table) else { throw StoreError(.corrupt, "no table \(row.table)") }
            self = table
        }
    }
}
