import Foundation
import PinganCore

/// Which anti-fraud warnings to list, the earliest deadline first (the one to call next). What a
/// scope may see is the store's business, never the query's.
public struct FraudWarningQuery: Sendable, Hashable {
    /// Only warnings in one of these states; nil for all.
    public var statuses: [FraudWarning.Status]?
    /// Only warnings received at or after this instant.
    public var receivedFrom: Date?
    /// Only warnings received before this instant.
    public var receivedBefore: Date?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 1000

    public init(statuses: [FraudWarning.Status]? = nil, receivedFrom: Date? = nil, receivedBefore: Date? = nil, limit: Int = 100, offset: Int = 0) {
        self.statuses = statuses
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}
