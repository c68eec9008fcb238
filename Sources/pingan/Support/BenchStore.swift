import Foundation
import PinganStore
import PinganStorePostgres
import PinganStoreSQLite

/// The fresh, migrated store a benchmark fills: the PostgreSQL database given, or a new SQLite
/// file in a folder of its own that `close()` removes.
struct BenchStore {
    let store: any Store
    let postgres: PostgresStore?
    let folder: URL

    init(database: String?, dir: String? = nil, name: String) async throws {
        folder = URL(fileURLWithPath: dir ?? NSTemporaryDirectory()).appendingPathComponent("pingan-bench-\(name)-\(UUID().uuidString.prefix(8))")
        if let database {
            let pg = try PostgresStore(url: database)
            postgres = pg
            store = pg
        } else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            postgres = nil
            store = try SQLiteStore(path: folder.appendingPathComponent("pingan.sqlite").path)
        }
        try await store.migrate()
    }

    var kind: String { postgres == nil ? "sqlite" : "postgresql" }

    func close() async {
        await postgres?.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}
