import Foundation
import PinganCore

/// Everything one command changes, committed in one transaction: events appended to the chain,
/// the projections they produce, and the stored reply for an idempotent request.
public struct Changeset: Sendable {
    public var actor: Actor
    /// The command that caused the change; its name is recorded on every event row.
    public var command: CommandName
    public var at: Date
    public var events: [Event]
    public var writes: [EntityWrite]
    public var idempotency: IdempotencyRecord?

    public init(actor: Actor, command: CommandName, at: Date, events: [Event], writes: [EntityWrite],
                idempotency: IdempotencyRecord? = nil) {
        self.actor = actor
        self.command = command
        self.at = at
        self.events = events
        self.writes = writes
        self.idempotency = idempotency
    }
}
