/// The result of walking the whole log.
public struct ChainReport: Sendable, Hashable, Codable {
    public var rows: Int64
    public var lastHash: String
    public var firstBreak: ChainBreak?

    public init(rows: Int64, lastHash: String, firstBreak: ChainBreak?) {
        self.rows = rows
        self.lastHash = lastHash
        self.firstBreak = firstBreak
    }

    public var isIntact: Bool { firstBreak == nil }
}
