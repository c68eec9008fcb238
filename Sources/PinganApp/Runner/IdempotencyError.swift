/// The errors of idempotent handling itself.
public struct IdempotencyError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The key was used before for a different request.
        case keyReused
        /// A caller asked for the output of a replayed command, which only has its stored reply.
        case replayedWithoutOutput
    }

    public var kind: Kind
}
