import Foundation
import PinganCore

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
