import Foundation
import PinganStoreSQLite
import Testing

/// Acknowledged means durable: a file-backed store's writer syncs every commit. GRDB sets a
/// pool's writer to `synchronous = NORMAL` when it switches it to WAL, after the configuration's
/// own setup has run, so the store sets FULL again once the pool is open; this holds it there.
@Suite("SQLite commits are synced")
struct SQLiteSyncTests {
    @Test("the writer of a file-backed store runs with synchronous = FULL, on a new file and on reopening it")
    func writerIsFull() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pingan.sqlite").path
        let created = try SQLiteStore(path: path)
        try await created.migrate()
        #expect(try await created.writerSynchronous() == 2)
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.writerSynchronous() == 2)
    }
}
