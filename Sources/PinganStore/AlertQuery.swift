import Foundation
import PinganCore

/// Which alerts to list, newest first. What a scope may see is the store's business (the path
/// range and the alert's audience), never the query's.
public struct AlertQuery: Sendable, Hashable {
    /// Only alerts in one of these states; nil for all.
    public var statuses: [Alert.Status]?
    /// Only alerts raised at or after this instant.
    public var raisedFrom: Date?
    /// Only alerts on their own or heading a group (no `groupID`): the panel shows a storm once.
    public var heads: Bool
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 500

    public init(statuses: [Alert.Status]? = nil, raisedFrom: Date? = nil, heads: Bool = true, limit: Int = 100, offset: Int = 0) {
        self.statuses = statuses
        self.raisedFrom = raisedFrom
        self.heads = heads
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}
