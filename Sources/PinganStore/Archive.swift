import Foundation

/// The schema's upkeep and whole-deployment moves (`pingan export` / `pingan import`).
public protocol Archive: Sendable {
    /// Creates or upgrades the schema. Safe to call on every start.
    func migrate() async throws
    /// Copies rows from another deployment verbatim: projections are inserted or replaced,
    /// counters raised to the given values, and events appended exactly as recorded. The events
    /// must continue this store's chain (next seq, previous hash) or nothing is written.
    func restore(_ batch: RestoreBatch) async throws
}
