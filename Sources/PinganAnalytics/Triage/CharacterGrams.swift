/// Character n-grams of free call text, the text half of duplicate detection (重复警情).
///
/// Why characters and not words: Chinese is written without spaces, and a word segmenter would
/// bring a dictionary, a dependency and its own mistakes into a hot path. Overlapping pairs of
/// characters need none of that: "两车相撞" and "两辆车相撞有人受伤" share "车相" and "相撞",
/// and "vehicle accident" shares most of its pairs with "EMS: VEHICLE ACCIDENT".
/// A text of one character keeps that character as its only gram, so "火" still compares.
///
/// Grams are hashed to `UInt32`, sorted and de-duplicated: a text is one small flat array, two
/// texts compare by one merge walk without allocating, and the index keeps all texts' grams in
/// one pool. Two different character pairs share a hash with probability about 2⁻³², which
/// shifts a similarity by one gram at worst.
public enum CharacterGrams {
    /// How two gram sets become one number in 0...1.
    public enum Measure: String, Codable, Sendable, CaseIterable {
        /// 2|A∩B| / (|A|+|B|): penalises a short text inside a long one less than Jaccard does.
        case dice
        /// |A∩B| / √(|A||B|), the set cosine.
        case cosine
    }

    /// The characters that are compared: lower case, full-width ASCII as half-width, and no
    /// whitespace, punctuation, symbols or control characters (letters, marks and digits of every
    /// script stay). "ＥＭＳ：Fall-Victim" and "ems fall victim" normalise alike.
    public static func normalised(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { append(scalar, to: &out) }
        return out
    }

    /// The normalised text as a string, for display and tests.
    public static func normalisedString(_ text: String) -> String {
        var s = ""
        s.unicodeScalars.append(contentsOf: normalised(text))
        return s
    }

    @inline(__always) static func append(_ scalar: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        var v = scalar.value
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // full-width ASCII
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { out.append(Unicode.Scalar(UInt8(v + 0x20))); return }
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { out.append(Unicode.Scalar(UInt8(v))) }
            return
        }
        let s = Unicode.Scalar(v)!
        let props = s.properties
        switch props.generalCategory {
        case .uppercaseLetter, .titlecaseLetter:
            out.append(contentsOf: props.lowercaseMapping.unicodeScalars)
        case .lowercaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            out.append(s)
        default:
            return
        }
    }

    /// The sorted, de-duplicated hashed grams of `text`: character bigrams, or the single
    /// character of a one-character text; empty for a text with no letters or digits.
    public static func grams(_ text: String) -> [UInt32] {
        grams(normalised: normalised(text))
    }

    /// Grams of an already normalised character sequence.
    public static func grams(normalised chars: [Unicode.Scalar]) -> [UInt32] {
        if chars.isEmpty { return [] }
        if chars.count == 1 { return [hash(UInt64(1) << 42 | UInt64(chars[0].value))] }
        var out = [UInt32]()
        out.reserveCapacity(chars.count - 1)
        for i in 1..<chars.count {
            out.append(hash(UInt64(chars[i - 1].value) << 21 | UInt64(chars[i].value)))
        }
        out.sort()
        var w = 1
        for r in 1..<out.count where out[r] != out[w - 1] {
            out[w] = out[r]
            w += 1
        }
        out.removeLast(out.count - w)
        return out
    }

    /// A 43-bit character pair (two 21-bit code points, or a flagged single one) to 32 bits:
    /// Fibonacci multiply, high half.
    @inline(__always) static func hash(_ key: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// Similarity of two gram sets in 0...1 (0 when either is empty).
    public static func similarity(_ a: [UInt32], _ b: [UInt32], measure: Measure = .dice) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb, measure: measure) } }
    }

    /// Similarity of two texts in 0...1.
    public static func similarity(_ a: String, _ b: String, measure: Measure = .dice) -> Double {
        similarity(grams(a), grams(b), measure: measure)
    }

    /// The pointer form the index calls on slices of its gram pool.
    @inline(__always)
    static func similarity(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, measure: Measure) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        let common = Double(intersectionCount(a, b))
        switch measure {
        case .dice: return 2 * common / Double(a.count + b.count)
        case .cosine: return common / (Double(a.count) * Double(b.count)).squareRoot()
        }
    }

    /// |A∩B| of two sorted, de-duplicated arrays by one merge walk.
    @inline(__always) static func intersectionCount(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if x == y { n += 1; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
        }
        return n
    }
}
