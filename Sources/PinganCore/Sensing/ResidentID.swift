import Foundation

/// A PRC resident identity number (GB 11643-1999), checked and in its 18-character form.
///
/// ID checks at checkpoints compare numbers typed on handsets, scanned from cards and held on
/// lists; they agree only once spelled alike, and a mistyped number should be refused at the
/// edge rather than silently miss. `normalise(_:)` is the only way in: it accepts full-width
/// digits, spaces and a lower-case x, upgrades the old 15-digit numbers, and checks the birth
/// date and the ISO 7064 MOD 11-2 check character.
///
/// `description` is the masked form, so an ID number interpolated into a log line or an error
/// does not leak; use `text` where the whole number is meant.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters: 17 digits and a check character (a digit or X).
    public let text: String

    /// The first 4 and last 4 characters with 10 `*` between, for display to people who need to
    /// recognise a number but not read it (18 characters in all).
    public var masked: String { String(text.prefix(4)) + String(repeating: "*", count: 10) + String(text.suffix(4)) }

    public var description: String { masked }

    /// Turns a number as typed or scanned into its 18-character form, or says why it is not one.
    ///
    /// Full-width characters become half-width, white space goes, a lower-case x becomes X. An
    /// 18-character number is 17 digits and its check character; a 15-digit number (issued
    /// before 1999) gets "19" put in front of its two-digit year and the check character added.
    /// The birth date (characters 7–14) must be a real day in 1900…2100.
    ///
    /// - Throws: `DocumentError`; its message never repeats the number.
    public static func normalise(_ raw: String) throws(DocumentError) -> ResidentID {
        var digits: [UInt8] = []  // ASCII, "X" kept as 0x58
        digits.reserveCapacity(18)
        for original in raw.unicodeScalars {
            var value = original.value
            if value >= 0xFF01 && value <= 0xFF5E {
                value -= 0xFEE0
            } else if value == 0x3000 {
                value = 0x20
            }
            if let scalar = Unicode.Scalar(value), scalar.properties.isWhitespace { continue }
            if value == 0x78 { value = 0x58 }  // x → X
            let position = digits.count + 1
            guard (value >= 0x30 && value <= 0x39) || value == 0x58 else {
                throw DocumentError(.badCharacter, "character \(position) is not a digit or X")
            }
            digits.append(UInt8(value))
        }
        guard !digits.isEmpty else { throw DocumentError(.empty, "no ID number given") }
        if let x = digits.firstIndex(of: 0x58), x != digits.count - 1 || digits.count != 18 {
            throw DocumentError(.badCharacter, "X may only be the last of 18 characters (found at \(x + 1))")
        }
        guard digits.count == 18 || digits.count == 15 else {
            throw DocumentError(.badLength, "an ID number has 18 characters (15 for old numbers), not \(digits.count)")
        }
        if digits.count == 15 {
            digits.insert(contentsOf: [0x31, 0x39], at: 6)  // "19"
        }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = number(6..<10), month = number(10..<12), day = number(12..<14)
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            throw DocumentError(.badDate, "the birth date is not a real day between 1900 and 2100")
        }
        let check = checkCharacter(digits[0..<17])
        if digits.count == 17 {
            digits.append(check)
        } else if digits[17] != check {
            throw DocumentError(.badCheckDigit, "the check character does not match the other 17 digits")
        }
        return ResidentID(text: String(decoding: digits, as: UTF8.self))
    }

    private init(text: String) { self.text = text }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432".utf8)

    /// ISO 7064 MOD 11-2 over the first 17 digits (ASCII).
    static func checkCharacter(_ first17: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (weight, digit) in zip(weights, first17) { sum += weight * Int(digit - 0x30) }
        return checkCharacters[sum % 11]
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
