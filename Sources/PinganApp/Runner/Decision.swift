import PinganCore
import PinganStore

/// What a command decided: the events to append, the entities as they are after them, and what
/// the caller gets back. An empty decision (a repeated accept, an already-read message) commits
/// nothing, unless the request carries an idempotency key, whose reply is then stored alone.
public struct Decision<Output: Sendable>: Sendable {
    public var events: [Event]
    public var writes: [EntityWrite]
    public var output: Output

    public init(events: [Event], writes: [EntityWrite], output: Output) {
        self.events = events
        self.writes = writes
        self.output = output
    }

    /// Nothing changes; the caller gets `output`.
    public static func unchanged(_ output: Output) -> Decision { Decision(events: [], writes: [], output: output) }

    var isEmpty: Bool { events.isEmpty && writes.isEmpty }
}
