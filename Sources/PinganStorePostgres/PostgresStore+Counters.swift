import Foundation
import Logging
import PinganCore
import PinganStore
import PostgresNIO

/// `Counters`: batched increments (see `allocate`).
extension PostgresStore {
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

    public func counters() async throws -> [String: Int] {
        var all: [String: Int] = [:]
        for try await (key, value) in try await client.query("SELECT key, value FROM counters", logger: logger).decode((String, Int).self) {
            all[key] = value
        }
        return all
    }
}
