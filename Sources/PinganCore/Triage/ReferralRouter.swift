import Foundation

/// One routing rule that fits a call: which agency, whether to propose or apply, and the words
/// that made it fit (empty when the rule names no keywords).
public struct ReferralMatch: Codable, Sendable, Hashable {
    /// The `ReferralRule.id`, kept on the referral it leads to.
    public var rule: String
    public var name: String
    public var agencyID: AgencyID
    public var mode: ReferralRule.Mode
    public var words: [String]

    public init(rule: String, name: String, agencyID: AgencyID, mode: ReferralRule.Mode, words: [String]) {
        self.rule = rule
        self.name = name
        self.agencyID = agencyID
        self.mode = mode
        self.words = words
    }
}

/// The routing rules of one effective policy compiled once, to route each new call as it comes
/// in. Keywords are kept flat, rule by rule, like `HighRiskMatcher`'s patterns; build it once per
/// policy and share it (it is immutable).
public struct ReferralRouter: Sendable {
    private let rules: [ReferralRule]
    private let first: [Int]
    private let keywords: [TriagePattern]
    /// Per rule, `/id/` for each jurisdiction it is limited to: one substring test on the path each.
    private let places: [[String]?]

    /// The offset of China Standard Time from UTC; China keeps no daylight saving.
    static let chinaOffsetSeconds = 8 * 3600

    /// Compiles the rules that are not disabled; a keyword that does not compile throws
    /// `invalid_rule` naming the rule and the pattern.
    public init(rules: [ReferralRule]) throws(DomainError) {
        var kept: [ReferralRule] = []
        var first: [Int] = [0]
        var keywords: [TriagePattern] = []
        for rule in rules where !rule.isDisabled {
            for (j, k) in (rule.keywords ?? []).enumerated() {
                keywords.append(try TriagePattern(k, rule: rule.id, field: "keywords.\(j)"))
            }
            kept.append(rule)
            first.append(keywords.count)
        }
        self.rules = kept
        self.first = first
        self.keywords = keywords
        self.places = kept.map { $0.jurisdictions?.map { "/\($0.rawValue)/" } }
    }

    /// The standard (empty) routing with whatever `policy` adds, replaces or disables.
    public init(policy: EffectivePolicy) throws(DomainError) {
        try self.init(rules: policy.referralRules)
    }

    /// The minute of the day (0..<1440) `date` falls on in China Standard Time.
    public static func chinaMinuteOfDay(_ date: Date) -> Int {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + chinaOffsetSeconds
        let day = 86_400
        return ((seconds % day + day) % day) / 60
    }

    /// The rules that fit a call of `category` described by `text`, filed at jurisdiction `path`
    /// (`/city/district/station/`) and received `at`, in rule order. Every fitting rule is
    /// returned: choosing among them (or sending to several agencies) is the dispatcher's or the
    /// application's call.
    public func match(category: String, text: String, path: String, at: Date) -> [ReferralMatch] {
        let minute = Self.chinaMinuteOfDay(at)
        let range = NSRange(location: 0, length: text.utf16.count)
        var matches: [ReferralMatch] = []
        var hits: [(at: Int, word: String)] = []
        for (r, rule) in rules.enumerated() {
            if let categories = rule.categories, !categories.contains(category) { continue }
            if let hours = rule.hours, !hours.contains(minute) { continue }
            if let needles = places[r], !needles.contains(where: { path.contains($0) }) { continue }
            hits.removeAll(keepingCapacity: true)
            if rule.keywords != nil {
                for k in first[r] ..< first[r + 1] { keywords[k].collect(in: text, range: range, into: &hits) }
                if hits.isEmpty { continue }
            }
            matches.append(ReferralMatch(rule: rule.id, name: rule.name, agencyID: rule.agencyID, mode: rule.mode,
                                         words: TriagePattern.words(hits)))
        }
        return matches
    }
}
