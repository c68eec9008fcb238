import Foundation
import PinganCore

/// Failures of the storage layer itself, as opposed to the core's refusals.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// An entity or counter changed since it was read; reload and decide again.
        case conflict
        /// The idempotency key was used before; `record` holds the first reply.
        case idempotencyReplay
        /// The key already names another entity (e.g. a username or code that must be unique).
        case duplicate
        case corrupt
    }

    public var kind: Kind
    public var message: String
    public var record: IdempotencyRecord?

    public init(_ kind: Kind, _ message: String, record: IdempotencyRecord? = nil) {
        self.kind = kind
        self.message = message
        self.record = record
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
