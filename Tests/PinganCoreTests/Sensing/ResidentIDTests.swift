import Foundation
import PinganCore
import Testing

@Suite("Sensing: resident identity numbers")
struct ResidentIDTests {
    /// ISO 7064 MOD 11-2 written out again: the sum of digit × 2^(17 - i) mod 11 (the standard's
    /// weights are these powers of two mod 11), and the character that makes the total 1 mod 11.
    static func check(_ first17: String) -> Character {
        var sum = 0
        for (i, c) in first17.enumerated() {
            var weight = 1
            for _ in 0..<(17 - i) { weight = weight * 2 % 11 }
            sum += c.wholeNumberValue! * weight
        }
        let value = (12 - sum % 11) % 11
        return value == 10 ? "X" : Character(String(value))
    }

    static func valid(_ first17: String) -> String { first17 + String(check(first17)) }

    func kind(_ raw: String) -> DocumentFault? {
        do {
            _ = try ResidentID.normalise(raw)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func theStandardsExampleChecks() throws {
        #expect(Self.check("11010519491231002") == "X")
        #expect(try ResidentID.normalise("11010519491231002X").text == "11010519491231002X")
        #expect(try ResidentID.normalise("11010519491231002x").text == "11010519491231002X")
    }

    @Test func validNumbersWithEveryCheckCharacter() throws {
        // Vary the sequence digits until every check character 0-9 and X has appeared.
        var seen: Set<Character> = []
        var n = 0
        while seen.count < 11 {
            let first17 = "440524" + "19880229" + String(format: "%03d", n)
            let number = Self.valid(first17)
            seen.insert(number.last!)
            #expect(try ResidentID.normalise(number).text == number)
            n += 1
        }
        for first17 in ["11010119000101001", "65010220991231123", "51012320000229567", "31011521000101001"] {
            let number = Self.valid(first17)
            #expect(try ResidentID.normalise(number).text == number)
        }
    }

    @Test func fullWidthAndSpacesAreAccepted() throws {
        let number = Self.valid("32010619900307123")
        let fullWidth = String(String.UnicodeScalarView(number.unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! }))
        #expect(try ResidentID.normalise(fullWidth).text == number)
        let spaced = number.prefix(6) + " " + number.dropFirst(6).prefix(8) + "\u{3000}" + number.suffix(4)
        #expect(try ResidentID.normalise(String(spaced)).text == number)
    }

    @Test func fifteenDigitNumbersAreUpgraded() throws {
        // 15 digits: area (6), YYMMDD, sequence (3), no check character.
        let old = "110105491231002"
        let upgraded = try ResidentID.normalise(old)
        #expect(upgraded.text == "11010519491231002X")
        let other = "440524800101001"
        #expect(try ResidentID.normalise(other).text == Self.valid("44052419800101001"))
        #expect(kind("110105491331002") == .badDate)
        #expect(kind("11010549123100X") == .badCharacter)
    }

    @Test func birthDatesMustBeRealDays() {
        for date in ["19490230", "19000229", "20230229", "19991301", "19990001", "19990100", "19990431", "18991231", "21010101"] {
            #expect(kind(Self.valid("110105" + date + "002")) == .badDate, "\(date)")
        }
        for date in ["20000229", "19960229", "21001231", "19000101"] {
            #expect(kind(Self.valid("110105" + date + "002")) == nil, "\(date)")
        }
    }

    @Test func aWrongCheckCharacterIsRefused() {
        let number = Self.valid("32010619900307123")
        for c in "0123456789X" where c != number.last! {
            #expect(kind(String(number.dropLast()) + String(c)) == .badCheckDigit)
        }
        // One digit mistyped.
        var digits = Array(number)
        digits[9] = digits[9] == "1" ? "2" : "1"
        #expect(kind(String(digits)) == .badCheckDigit)  // 1991-03-07: still a real day
    }

    @Test func everyErrorKind() {
        #expect(kind("") == .empty)
        #expect(kind("   \u{3000}") == .empty)
        #expect(kind("1101051949123100") == .badLength)
        #expect(kind("1101051949123100201") == .badLength)
        #expect(kind("11010519491231002A") == .badCharacter)
        #expect(kind("110105-19491231-002X") == .badCharacter)
        #expect(kind("1101051949123100X2") == .badCharacter)
        #expect(kind("110105194912320021") == .badDate)
        #expect(kind("110105194912310021") == .badCheckDigit)
        #expect(Set(DocumentFault.allCases) == [.empty, .badLength, .badCharacter, .badDate, .badCheckDigit])
    }

    @Test func errorMessagesNeverRepeatTheNumber() {
        for raw in ["110105194912310021", "110105194912320021", "11010519491231002A", "1101051949123100"] {
            do {
                _ = try ResidentID.normalise(raw)
                Issue.record("accepted \(raw)")
            } catch {
                #expect(!error.message.contains(raw.prefix(10)))
                #expect(!error.description.contains(raw.prefix(10)))
            }
        }
    }

    @Test func maskingShowsFourAndFour() throws {
        let id = try ResidentID.normalise("11010519491231002X")
        #expect(id.masked == "1101**********002X")
        #expect(id.masked.count == 18)
        #expect("\(id)" == id.masked)
        #expect(id == (try ResidentID.normalise("110105 19491231 002x")))
    }
}
