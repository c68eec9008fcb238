import ArgumentParser
import Foundation
import PinganStore
import PinganStoreSQLite

/// Where the data lives: a directory holding the embedded SQLite file, or a PostgreSQL URL.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Directory holding the embedded SQLite database.")
    var dataDir: String = "./pingan-data"

    @Option(name: .long, help: "PostgreSQL URL (postgres://user:pass@host:port/db); overrides --data-dir. Also PINGAN_DATABASE_URL.")
    var database: String?

    var databaseURL: String? { database ?? ProcessInfo.processInfo.environment["PINGAN_DATABASE_URL"] }

    func validate() throws {
        if let url = databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ValidationError("--database must be a postgres:// URL")
        }
    }

    /// Opens and migrates the chosen store.
    func open() async throws -> any Store {
        if databaseURL != nil {
            throw ValidationError("PostgreSQL support is not built into this binary yet")
        }
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: (dataDir as NSString).appendingPathComponent("pingan.sqlite"))
        try await store.migrate()
        return store
    }
}
