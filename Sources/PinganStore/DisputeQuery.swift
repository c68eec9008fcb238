import Foundation
import PinganCore

/// Which disputes to list, newest first. What a scope may see is the store's business.
public struct DisputeQuery: Sendable, Hashable {
    /// Only disputes in one of these states; nil for all.
    public var statuses: [Dispute.Status]?
    /// Only disputes at one of these risk levels; nil for all.
    public var risks: [Dispute.Risk]?
    /// Only disputes opened at or after this instant.
    public var openedFrom: Date?
    /// Only disputes opened before this instant.
    public var openedBefore: Date?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 1000

    public init(statuses: [Dispute.Status]? = nil, risks: [Dispute.Risk]? = nil, openedFrom: Date? = nil, openedBefore: Date? = nil,
                limit: Int = 100, offset: Int = 0) {
        self.statuses = statuses
        self.risks = risks
        self.openedFrom = openedFrom
        self.openedBefore = openedBefore
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}
