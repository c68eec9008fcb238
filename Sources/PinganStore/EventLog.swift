import Foundation
import PinganCore

/// The hash-chained, append-only log of every change, and the one way to change anything the
/// log speaks about: `commit` appends a command's events together with the projections they
/// produce and the request's idempotency record, all or nothing, durable when it returns.
/// Only the application layer's command runner calls `commit`.
public protocol EventLog: Sendable {
    /// Appends the events to the chained log and applies the writes, all or nothing.
    /// - Throws: `StoreError.conflict` when an entity moved since it was read,
    ///   `StoreError.idempotencyReplay` when the idempotency key was already used.
    /// - Returns: the recorded events, with their sequence numbers and hashes.
    @discardableResult
    func commit(_ changes: Changeset) async throws -> [RecordedEvent]

    /// Events after `seq` whose path lies in `scope`, oldest first, at most `limit`.
    func events(after seq: Int64, scope: Scope, limit: Int) async throws -> [RecordedEvent]
    /// Rows in `scope` matching `query`, newest first, at most `query.limit`.
    func auditEvents(_ query: AuditQuery, scope: Scope) async throws -> [RecordedEvent]
    /// The highest sequence number in the log, 0 when empty.
    func lastSequence() async throws -> Int64
    /// Walks the whole chain from the first row.
    func verifyChain() async throws -> ChainReport
    /// The first reply stored under an idempotency key, if any.
    func idempotencyRecord(key: String) async throws -> IdempotencyRecord?
}
