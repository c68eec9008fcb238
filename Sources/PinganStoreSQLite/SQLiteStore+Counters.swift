import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Counters`: upserts that return the new value, sharing the group transaction.
extension SQLiteStore {
    public func nextValue(of counter: String) async throws -> Int {
        try await write { db in
            try Int.fetchOne(db, sql: "INSERT INTO counters (key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1 RETURNING value",
                             arguments: [counter]) ?? 0
        }
    }

    public func counters() async throws -> [String: Int] {
        try await writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM counters").map { ($0["key"] as String, $0["value"] as Int) })
        }
    }
}
