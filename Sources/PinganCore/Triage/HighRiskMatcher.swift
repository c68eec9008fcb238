import Foundation

/// The high-risk rules of one effective policy compiled once, to flag each new call as it comes
/// in. Patterns are kept flat, rule by rule (`first[r] ..< first[r + 1]` are rule `r`'s), so a
/// call is one pass over an array; build it once per policy and share it (it is immutable).
public struct HighRiskMatcher: Sendable {
    private let rules: [HighRiskRule]
    private let first: [Int]
    private let patterns: [TriagePattern]

    /// Compiles the rules that are not disabled; a pattern that does not compile throws
    /// `invalid_rule` naming the rule and the pattern.
    public init(rules: [HighRiskRule]) throws(DomainError) {
        var kept: [HighRiskRule] = []
        var first: [Int] = [0]
        var patterns: [TriagePattern] = []
        for rule in rules where !rule.isDisabled {
            for (j, p) in rule.patterns.enumerated() {
                patterns.append(try TriagePattern(p, rule: rule.id, field: "patterns.\(j)"))
            }
            kept.append(rule)
            first.append(patterns.count)
        }
        self.rules = kept
        self.first = first
        self.patterns = patterns
    }

    /// The standard rules with whatever `policy` adds, replaces or disables.
    public init(policy: EffectivePolicy) throws(DomainError) {
        try self.init(rules: policy.highRiskRules)
    }

    /// The rules that fire on a call of `category` described by `text`, in rule order, each with
    /// the words it fired on.
    public func flags(category: String, text: String) -> [RiskFlag] {
        guard !text.isEmpty else { return [] }
        let range = NSRange(location: 0, length: text.utf16.count)
        var flags: [RiskFlag] = []
        var hits: [(at: Int, word: String)] = []
        for (r, rule) in rules.enumerated() {
            if let categories = rule.categories, !categories.contains(category) { continue }
            hits.removeAll(keepingCapacity: true)
            for p in first[r] ..< first[r + 1] { patterns[p].collect(in: text, range: range, into: &hits) }
            guard !hits.isEmpty else { continue }
            flags.append(RiskFlag(rule: rule.id, nameZh: rule.nameZh, nameEn: rule.nameEn, words: TriagePattern.words(hits),
                                  raiseTo: rule.raiseTo, notify: rule.notify))
        }
        return flags
    }
}
