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
    /// Tells this instance's own position messages from other instances' (see `PositionFeed`).
    let instanceID = UUID().uuidString

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
}

extension PostgresStore {
    /// The projection tables, the only names ever spliced into SQL text: everything else is bound.
    enum Table: String, Sendable {
        case jurisdictions, posts, zones, units, users, incidents, messages, sensors, watchlists, alerts, agencies, referrals
        case watchlistEntries = "watchlist_entries"
        case supervisionCases = "supervision_cases"
        case reports, addresses, inhabitants
        case fraudWarnings = "fraud_warnings"
        case disputes
        case actualHouses = "actual_houses"
        case actualOrganisations = "actual_organisations"
        case volunteerTeams = "volunteer_teams"
        case volunteerShifts = "volunteer_shifts"

        /// The table a `ProjectionRow` targets, refusing any name the schema does not have.
        init(of row: ProjectionRow) throws {
            guard let table = Table(rawValue: row.table) else { throw StoreError(.corrupt, "no table \(row.table)") }
            self = table
        }
    }
}
