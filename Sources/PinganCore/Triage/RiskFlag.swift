/// One high-risk rule that fired on a call, and on which words: what the card shows and the
/// supervisor is told, so a flag can always be checked against the caller's own words.
public struct RiskFlag: Codable, Sendable, Hashable {
    /// The `HighRiskRule.id` that fired.
    public var rule: String
    public var nameZh: String
    public var nameEn: String
    /// The substrings of the description that matched, as written there, in the order they occur.
    public var words: [String]
    public var raiseTo: Priority
    public var notify: Bool

    public init(rule: String, nameZh: String, nameEn: String, words: [String], raiseTo: Priority, notify: Bool) {
        self.rule = rule
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.words = words
        self.raiseTo = raiseTo
        self.notify = notify
    }

    /// The priority after `flags`: the most urgent of `priority` and every flag's `raiseTo`. A
    /// flag only ever raises; the call-taker's own judgement of a worse case stands.
    public static func raised(_ priority: Priority, by flags: [RiskFlag]) -> Priority {
        flags.reduce(priority) { Swift.min($0, $1.raiseTo) }
    }
}
