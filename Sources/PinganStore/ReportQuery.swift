import Foundation
import PinganCore

/// Which stored reports to list, newest day first: every filter given must hold.
public struct ReportQuery: Sendable, Hashable {
    public var kinds: [Report.Kind]?
    public var jurisdictionID: JurisdictionID?
    public var language: Report.Language?
    /// First and last day, both included.
    public var from: ReportDay?
    public var to: ReportDay?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 500

    public init(kinds: [Report.Kind]? = nil, jurisdictionID: JurisdictionID? = nil, language: Report.Language? = nil,
                from: ReportDay? = nil, to: ReportDay? = nil, limit: Int = 100, offset: Int = 0) {
        self.kinds = kinds
        self.jurisdictionID = jurisdictionID
        self.language = language
        self.from = from
        self.to = to
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}
