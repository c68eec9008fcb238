import PinganStore

/// How a command ended for its caller.
public enum Outcome<Output: Sendable>: Sendable {
    /// It ran now. `reply` is the stored reply when the request carried a key.
    case done(Output, reply: IdempotencyRecord?)
    /// The key had been used by the same request before: its first reply.
    case replayed(IdempotencyRecord)

    /// What the command produced, when it ran now.
    public var output: Output? {
        if case .done(let output, _) = self { return output }
        return nil
    }

    /// What the command produced. For callers without an idempotency key (the CLI, seeding,
    /// tests), whose commands always run now; a replay has only its stored reply and throws.
    public func get() throws -> Output {
        guard let output else { throw IdempotencyError(kind: .replayedWithoutOutput) }
        return output
    }
}
