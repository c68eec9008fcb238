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
    /// Whether the runner reads the key before deciding. Off where nearly every request is new
    /// and deciding a repeat again is harmless (a gate's batches): the commit's own check of the
    /// key then answers a repeat, and a new request is spared a read of the store.
    public var readFirst = true

    public init(key: String, requestHash: String, render: @escaping @Sendable (Output) throws -> StoredReply) {
        self.key = key
        self.requestHash = requestHash
        self.render = render
    }
}
