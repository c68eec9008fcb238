import Foundation

/// How place names are compared: one normal form for what is indexed and what is typed, so
/// "Ren Min Guang Chang", "rénmín guǎngchǎng" and "renminguangchang" are one string, and the
/// other spellings of a Chinese name (simplified, traditional, pinyin) made once per name when
/// the index is built, never per query (the ICU transforms cost tens of microseconds each).
public enum PlaceText {
    /// Unicode scalars of `s` lower-cased, without spaces and punctuation, Latin letters without
    /// accents or tone marks, full-width letters and digits as ASCII.
    public static func normalise(_ s: String) -> [UInt32] {
        var text = s
        if s.unicodeScalars.contains(where: { $0.value >= 0x80 && ($0.value < 0x2E80 || $0.value >= 0xFF00) }) {
            // Accents, tone marks and full-width forms; CJK ideographs pass through unchanged.
            text = s.folding(options: [.diacriticInsensitive, .widthInsensitive, .caseInsensitive], locale: nil)
        }
        var out: [UInt32] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for u in text.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                if v >= 65 && v <= 90 { out.append(v + 32) }
                else if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { out.append(v) }
                continue   // spaces, punctuation
            }
            if u.properties.isWhitespace || isPunctuation(u) { continue }
            out.append(u.properties.isUppercase ? (u.properties.lowercaseMapping.unicodeScalars.first?.value ?? v) : v)
        }
        return out
    }

    static func isPunctuation(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .modifierSymbol, .nonspacingMark: return true
        default: return false
        }
    }

    /// Whether `s` has a CJK ideograph.
    public static func hasHan(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) || (0x20000...0x2FFFF).contains($0.value) }
    }

    /// The simplified, traditional and pinyin spellings of a name with Han characters (those
    /// that differ from it); nothing for other names.
    public static func derivedSpellings(_ s: String) -> [String] {
        guard hasHan(s) else { return [] }
        var out: [String] = []
        for transform in ["Hant-Hans", "Hans-Hant", "Han-Latin; Latin-ASCII"] {
            if let t = s.applyingTransform(StringTransform(transform), reverse: false), t != s, !out.contains(t) { out.append(t) }
        }
        return out
    }

    /// `derivedSpellings`, remembered per name (bus stops and streets repeat names a lot).
    struct SpellingMemo {
        var memo: [String: [String]] = [:]
        mutating func spellings(_ s: String) -> [String] {
            if let m = memo[s] { return m }
            let m = derivedSpellings(s)
            memo[s] = m
            return m
        }
    }
}
