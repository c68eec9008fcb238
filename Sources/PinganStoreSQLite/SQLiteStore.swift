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
    /// Copies the log into the database file beside the writer (file-backed stores only).
    let checkpointer: WALCheckpointer?
    /// Indexes runs of plates behind the appends (`indexPlatesWhileDue`), one run at a time.
    let plateIndexer = BackgroundJob()

    /// One write, run in its own savepoint inside a group transaction.
    typealias WriteJob = @Sendable (Database) throws -> any Sendable

    /// Opens (or creates) the database file at `path` in WAL mode with full sync on commit, so
    /// an acknowledged write survives a power cut.
    ///
    /// `synchronous = FULL` is set on the writer after GRDB opened the pool: GRDB switches a
    /// pool's writer to WAL and then to `synchronous = NORMAL` *after* `prepareDatabase` ran,
    /// and NORMAL in WAL mode syncs only at checkpoints — commits survived a killed process
    /// but not a power cut. `SQLiteStoreTests` holds the writer's setting at FULL.
    public convenience init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            // The writer keeps up to 64 MiB of pages: a bulk commit (a population list) updates
            // indexes at random places, and with SQLite's default 2 MiB it read most pages twice.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
        }
        config.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: config)
        try pool.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA synchronous = FULL")
            try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0")   // `WALCheckpointer` copies the log
        }
        self.init(writer: pool, checkpointer: try WALCheckpointer(path: path))
    }

    deinit { checkpointer?.stop() }

    /// The writer's `PRAGMA synchronous` (2 is FULL: every commit synced before it returns).
    public func writerSynchronous() async throws -> Int {
        try await writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    init(writer: any DatabaseWriter, checkpointer: WALCheckpointer? = nil) {
        self.writer = writer
        self.checkpointer = checkpointer
        group = GroupCommit { jobs in
            defer { checkpointer?.committed() }
            return try await writer.write { db in
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

    /// Runs `job` in a transaction of its own, outside the group commit (the purge, a restore,
    /// sessions and tracks), and lets the checkpointer know the log grew.
    func writeAlone<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { checkpointer?.committed() }
        return try await writer.write(job)
    }

    /// A private in-memory database, for tests and throwaway runs.
    public static func inMemory() throws -> SQLiteStore {
        SQLiteStore(writer: try DatabaseQueue())
    }

    public func migrate() async throws {
        try SQLiteMigrations.migrator.migrate(writer)
    }
}
