import Foundation
import PinganCore
import PinganStore

/// A request's `Idempotency-Key` and what to store as its reply. The key is already made the
/// caller's own (prefixed by their user ID); `requestHash` is over a canonical form of the
/// request, so a retry that spells the same JSON differently is the same request.
public struct Idempotency<Output>: Sendable {
    public var key: String
    public var requestHash: String
    /// The reply the adapter would send for `output`: it is stored in the command's own
    /// transaction and sent, byte for byte, to the first caller and to every retry.
    public var render: @Sendable (Output) throws -> StoredReply

    public init(key: String, requestHash: String, render: @escaping @Sendable (Output) throws -> StoredReply) {
        self.key = key
        self.requestHash = requestHash
        self.render = render
    }
}

/// A reply as the idempotency table keeps it.
public struct StoredReply: Sendable, Hashable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

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

/// The keys whose request is running on this instance: a second request with the same key waits
/// for the first to finish and then gets its stored reply, instead of running alongside it. (On
/// several instances the idempotency table's unique key still lets only one commit.)
actor InFlightKeys {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func acquire(_ key: String) async {
        if waiting[key] == nil {
            waiting[key] = []
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    func release(_ key: String) {
        guard var queue = waiting[key], !queue.isEmpty else {
            waiting[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[key] = queue
        next.resume()
    }
}
