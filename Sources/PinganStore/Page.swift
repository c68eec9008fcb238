import Foundation
import PinganCore

/// One page of a list, newest first, with the total that matched.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var offset: Int
    public var limit: Int

    public init(items: [Item], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }
}

extension Page: Encodable where Item: Encodable {}
extension Page: Equatable where Item: Equatable {}
