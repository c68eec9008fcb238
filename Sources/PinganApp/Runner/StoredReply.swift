/// A reply as the idempotency table keeps it.
public struct StoredReply: Sendable, Hashable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}
