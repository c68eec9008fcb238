import Foundation
import PinganCore

/// Which supervision cases (督办) to list, newest first: the board's open ones, or a history.
public struct SupervisionQuery: Sendable, Hashable {
    /// Only cases in one of these states; nil for all.
    public var statuses: [SupervisionCase.Status]?
    /// Only cases about this work (`kind:subjectID:step`).
    public var subject: String?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 1000

    public init(statuses: [SupervisionCase.Status]? = nil, subject: String? = nil, limit: Int = 200, offset: Int = 0) {
        self.statuses = statuses
        self.subject = subject
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }

    /// The key a case is found by: the work it chases.
    public static func subject(of c: SupervisionCase) -> String { "\(c.kind.rawValue):\(c.subjectID):\(c.step)" }
}
