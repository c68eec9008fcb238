import Foundation

/// One regular expression of a triage rule (a high-risk flag's pattern, a routing rule's
/// keyword), compiled the one way every rule is: case-insensitive, with Unicode word boundaries so
/// `\bgun\b` finds "gun" between Chinese characters too. NSRegularExpression (ICU) because it
/// compiles the syntax administrators know on Linux as on Apple platforms, and is immutable once
/// built, so one compiled set serves every call.
struct TriagePattern: Sendable {
    let regex: NSRegularExpression

    /// The longest pattern a policy may hold: keyword lists are many short patterns, not one long one.
    static let maxLength = 500

    /// Compiles `pattern` of rule `ruleID`; a pattern that does not compile, or that matches
    /// empty text (it would fire on every call), is refused naming both.
    init(_ pattern: String, rule ruleID: String, field: String) throws(DomainError) {
        guard !pattern.isEmpty else { throw DomainError(.invalidRule, field: field, "rule \(ruleID): a pattern must not be empty") }
        guard pattern.unicodeScalars.count <= Self.maxLength else {
            throw DomainError(.invalidRule, field: field, "rule \(ruleID): a pattern is longer than \(Self.maxLength) characters")
        }
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .useUnicodeWordBoundaries])
        } catch {
            throw DomainError(.invalidRule, field: field, "rule \(ruleID): pattern \(pattern.prefix(80)) does not compile")
        }
        guard regex.firstMatch(in: "", range: NSRange(location: 0, length: 0)) == nil else {
            throw DomainError(.invalidRule, field: field, "rule \(ruleID): pattern \(pattern.prefix(80)) matches empty text, so it would fire on every call")
        }
        self.regex = regex
    }

    /// Appends each non-empty substring of `text` this pattern matches, with where it starts
    /// (UTF-16 offset); `range` is the whole of `text` in UTF-16.
    func collect(in text: String, range: NSRange, into hits: inout [(at: Int, word: String)]) {
        for match in regex.matches(in: text, range: range) where match.range.length > 0 {
            guard let r = Range(match.range, in: text) else { continue }
            hits.append((match.range.location, String(text[r])))
        }
    }

    /// The distinct words of `hits` in the order they occur in the text (ties: as found).
    static func words(_ hits: [(at: Int, word: String)]) -> [String] {
        let ordered = hits.indices.sorted { (hits[$0].at, $0) < (hits[$1].at, $1) }
        var words: [String] = []
        for i in ordered where !words.contains(hits[i].word) { words.append(hits[i].word) }
        return words
    }
}
