import Foundation
import PinganCore

/// Everything one command changes, committed in one transaction: events appended to the chain,
/// the projections they produce, and the stored reply for an idempotent request.
public struct Changeset: Sendable {
    public var actor: Actor
    /// The command that caused the change, e.g. `CreateIncident`; recorded on every event row.
    public var command: String
    public var at: Date
    public var events: [Event]
    public var writes: [EntityWrite]
    public var idempotency: IdempotencyRecord?

    public init(actor: Actor, command: String, at: Date, events: [Event], writes: [EntityWrite],
                idempotency: IdempotencyRecord? = nil) {
        self.actor = actor
        self.command = command
        self.at = at
        self.events = events
        self.writes = writes
        self.idempotency = idempotency
    }
}

/// An entity as it is after the change. Its `version` is the new one: version 1 inserts, any
/// other updates the row whose version is one less, and fails the whole commit otherwise.
public enum EntityWrite: Sendable {
    case jurisdiction(Jurisdiction)
    case post(Post)
    case zone(PatrolZone)
    case unit(PoliceUnit)
    case incident(Incident)
    case user(User)
    case message(Message)
}

/// The reply a POST with an `Idempotency-Key` got the first time, replayed on every retry.
public struct IdempotencyRecord: Codable, Sendable, Hashable {
    /// The client's key, prefixed by the user's ID so two users never share one.
    public var key: String
    /// SHA-256 of method, path and body: a retry with a different body is an error, not a replay.
    public var requestHash: String
    public var status: Int
    public var body: String
    public var createdAt: Date

    public init(key: String, requestHash: String, status: Int, body: String, createdAt: Date) {
        self.key = key
        self.requestHash = requestHash
        self.status = status
        self.body = body
        self.createdAt = createdAt
    }
}
