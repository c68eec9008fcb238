import Foundation

/// A page of the audit log, newest first: rows matching every filter given, below `before`.
public struct AuditQuery: Sendable, Hashable {
    /// The actor's ID (a user ID, `system`, `anonymous`).
    public var actorID: String?
    public var subject: String?
    /// An exact event type (`zone.updated`) or, ending in `.`, a family (`zone.`).
    public var type: String?
    public var from: Date?
    public var to: Date?
    /// Only rows with a smaller sequence number: the previous page's last row.
    public var before: Int64?
    public var limit: Int

    public init(actorID: String? = nil, subject: String? = nil, type: String? = nil, from: Date? = nil, to: Date? = nil,
                before: Int64? = nil, limit: Int = 50) {
        self.actorID = actorID
        self.subject = subject
        self.type = type
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }

    /// The `type` filter as a half-open range of type names.
    public var typeRange: (lower: String, upper: String)? {
        guard let type else { return nil }
        return type.hasSuffix(".") ? (type, type + "\u{10FFFF}") : (type, type + "\u{1}")
    }
}
