import ArgumentParser
import Foundation
import PinganStore
import PinganStorePostgres
import PinganStoreSQLite

/// Where the data lives: a directory holding the embedded SQLite file, or a PostgreSQL URL.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Directory holding the embedded SQLite database.")
    var dataDir: String = "./pingan-data"

    @Option(name: .long, help: "PostgreSQL URL (postgres://user:pass@host:port/db); overrides --data-dir. Also PINGAN_DATABASE_URL.")
    var database: String?

    var databaseURL: String? { database ?? Environment.process[.databaseURL] }

    func validate() throws {
        if let url = databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ValidationError("--database must be a postgres:// URL")
        }
    }

    /// Opens and migrates the chosen store. Call `close()` on the result before exiting so a
    /// PostgreSQL pool shuts down cleanly.
    func open() async throws -> OpenedStore {
        if let url = databaseURL {
            let store = try PostgresStore(url: url)
            do {
                try await store.migrate()
            } catch {
                await store.shutdown()
                throw error
            }
            return OpenedStore(store: store, close: { await store.shutdown() })
        }
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: (dataDir as NSString).appendingPathComponent("pingan.sqlite"))
        try await store.migrate()
        return OpenedStore(store: store, close: {})
    }
}

/// A migrated store and how to release it.
struct OpenedStore: Sendable {
    let store: any Store
    let close: @Sendable () async -> Void

    /// Runs `body` with the store and closes it afterwards, also when `body` throws.
    func use<T: Sendable>(_ body: (any Store) async throws -> T) async throws -> T {
        do {
            let result = try await body(store)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}
