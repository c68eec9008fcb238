/// Where the audit chain breaks first.
public struct ChainBreak: Sendable, Hashable, Codable, CustomStringConvertible {
    public var seq: Int64
    public var reason: String
    public var description: String { reason }

    public init(seq: Int64, reason: String) {
        self.seq = seq
        self.reason = reason
    }
}
