import Foundation
import PinganCore

/// Which messages to list.
public struct MessageQuery: Sendable, Hashable {
    public var unitID: UnitID?
    public var broadcastID: String?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 1000

    public init(unitID: UnitID? = nil, broadcastID: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.unitID = unitID
        self.broadcastID = broadcastID
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}
