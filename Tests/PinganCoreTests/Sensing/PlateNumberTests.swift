import Foundation
@testable import PinganCore
import PinganGeo
import Testing

@Suite("Sensing: plate number normalisation")
struct PlateNumberTests {
    func text(_ raw: String, defaultProvince: Character? = nil) throws -> String {
        try PlateNumber.normalise(raw, defaultProvince: defaultProvince).text
    }

    func kind(_ raw: String, defaultProvince: Character? = nil) -> PlateFault? {
        do {
            _ = try PlateNumber.normalise(raw, defaultProvince: defaultProvince)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func canonicalPlatesAreKeptAsTheyAre() throws {
        for plate in ["京A12345", "粤B8M6T2", "沪AD12345", "川A12345F", "琼EF0001", "新H1234警", "粤Z1234港", "粤Z5678澳", "京A0001领",
                      "苏E1234学", "鲁B1234挂"] {
            #expect(try text(plate) == plate)
        }
    }

    @Test func fullWidthCharactersBecomeHalfWidth() throws {
        #expect(try text("京Ａ１２３４５") == "京A12345")
        #expect(try text("京ａ１２３４５") == "京A12345")
        #expect(try text("京A\u{3000}12345") == "京A12345")  // ideographic space
        #expect(try text("京Ａ－１２．３４５") == "京A12345")  // full-width hyphen and full stop
    }

    @Test func spacesAndSeparatorsAreRemoved() throws {
        #expect(try text("京A·12345") == "京A12345")
        #expect(try text("京A•12345") == "京A12345")
        #expect(try text("京A・12345") == "京A12345")
        #expect(try text(" 京 A-12.345 ") == "京A12345")
        #expect(try text("京A\t123\n45") == "京A12345")
    }

    @Test func lowerCaseIsUpperCased() throws {
        #expect(try text("京a1b2c3") == "京A1B2C3")
        #expect(try text("粤bd12345") == "粤BD12345")
    }

    @Test func theDefaultProvinceIsPutInFrontOnlyWhereOneIsMissing() throws {
        #expect(try text("A12345", defaultProvince: "京") == "京A12345")
        #expect(try text("a·12345", defaultProvince: "沪") == "沪A12345")
        #expect(try text("津A12345", defaultProvince: "京") == "津A12345")
        #expect(kind("A12345") == .unknownProvince)
        #expect(kind("A12345", defaultProvince: "X") == .unknownProvince)
    }

    @Test func iAndOInTheSerialBecomeOneAndZero() throws {
        #expect(try text("京AI23O5") == "京A12305")
        #expect(try text("京Aio0i0") == "京A10010")
        #expect(try text("粤BDOOOO1") == "粤BD00001")
        #expect(try text("京A1O3I警") == "京A1031警")
        // The authority letter is not a serial character: I and O there are refused, not read as digits.
        #expect(kind("京I12345") == .badAuthority)
        #expect(kind("京O12345") == .badAuthority)
    }

    @Test func newEnergyPlatesHaveSixSerialCharacters() throws {
        #expect(try text("粤B·D12345") == "粤BD12345")
        #expect(try text("京AF12345") == "京AF12345")
        #expect(try text("沪A12345D") == "沪A12345D")
        #expect(kind("粤BD123456") == .badLength)
    }

    @Test func suffixPlatesHaveFourSerialCharacters() throws {
        #expect(try text("京A1234警") == "京A1234警")
        #expect(try text("京·A 1234 警") == "京A1234警")
        #expect(kind("京A12345警") == .badLength)
        #expect(kind("京A123警") == .badLength)
        #expect(kind("京A警") == .badLength)
        #expect(kind("京A12警34") == .badSerial)
        #expect(kind("京A1234使") == .badSerial)
    }

    @Test func everyErrorKind() {
        #expect(kind("") == .empty)
        #expect(kind("  · - . ") == .empty)
        #expect(kind("\u{3000}", defaultProvince: "京") == .empty)
        #expect(kind("港A12345") == .unknownProvince)
        #expect(kind("XA12345") == .unknownProvince)
        #expect(kind("京112345") == .badAuthority)
        #expect(kind("京警12345") == .badAuthority)
        #expect(kind("京") == .badLength)
        #expect(kind("京A") == .badLength)
        #expect(kind("京A1234") == .badLength)
        #expect(kind("京A1234567") == .badLength)
        #expect(kind("京A12#45") == .badSerial)
        #expect(kind("京A12京45") == .badSerial)
        #expect(kind("京A1234é") == .badSerial)
        #expect(Set(PlateFault.allCases) == [.empty, .unknownProvince, .badAuthority, .badSerial, .badLength])
    }

    @Test func allThirtyOneProvincesAreAccepted() throws {
        let provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
        #expect(provinces.count == 31)
        for p in provinces {
            #expect(try text("\(p)A12345") == "\(p)A12345")
        }
        #expect(kind("台A12345") == .unknownProvince)
    }

    @Test func errorsCarryAKindAndAMessage() {
        do {
            _ = try PlateNumber.normalise("京I12345")
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .badAuthority)
            #expect(error.message.contains("京I12345"))
            #expect(error.description.hasPrefix("bad_authority: "))
        }
    }

    @Test func equalityAndHashingFollowTheCanonicalText() throws {
        let a = try PlateNumber.normalise("京a·I2345")
        let b = try PlateNumber.normalise("京A12345")
        let c = try PlateNumber.normalise("京A12346")
        #expect(a == b)
        #expect(a != c)
        #expect(Set([a, b, c]).count == 2)
        #expect(a.description == "京A12345")
    }

    @Test func codableAsOneCheckedString() throws {
        let plate = try PlateNumber.normalise("粤B·D12345")
        let data = try JSONEncoder().encode([plate])
        #expect(String(decoding: data, as: UTF8.self) == #"["粤BD12345"]"#)
        #expect(try JSONDecoder().decode([PlateNumber].self, from: data) == [plate])
        let messy = try JSONDecoder().decode(PlateNumber.self, from: Data(#""粤b d12345""#.utf8))
        #expect(messy == plate)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PlateNumber.self, from: Data(#""京I12345""#.utf8)) }
    }
}

/// The canonical fast path (`PlateNumber.canonical`) must answer exactly as the rules applied one
/// by one, and must be the path canonical readings take.
@Suite("Sensing: canonical plates take the fast path")
struct PlateFastPathTests {
    @Test func fastPathAgreesWithTheRulesOnReadingsOfEveryShape() throws {
        var rng = SplitMix64(seed: 17)
        let provinces = Array("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), digits = Array("0123456789"), suffixes = Array("警学挂港澳领")
        // What a reading may hold besides the canonical alphabet: the letters never issued,
        // lower case, separators, full-width forms, white space, other scripts.
        let strays = Array("IOioab·-. \u{3000}Ａ１é京警")
        var fast = 0, canonicalSeen = 0
        for n in 0..<100_000 {
            var chars: [Character] = [provinces[Int(rng.next() % UInt64(provinces.count))], letters[Int(rng.next() % UInt64(letters.count))]]
            let serial = [4, 5, 6][Int(rng.next() % 3)]
            for _ in 0..<serial { chars.append(rng.next() % 2 == 0 ? letters[Int(rng.next() % 24)] : digits[Int(rng.next() % 10)]) }
            if serial == 4 { chars.append(suffixes[Int(rng.next() % 6)]) }
            // Most readings stay canonical; the rest get one to three changes anywhere.
            if n % 3 != 0 {
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    let at = Int(rng.next() % UInt64(chars.count + 1))
                    switch rng.next() % 3 {
                    case 0: chars.insert(strays[Int(rng.next() % UInt64(strays.count))], at: at)
                    case 1: if at < chars.count { chars.remove(at: at) }
                    default: if at < chars.count { chars[at] = strays[Int(rng.next() % UInt64(strays.count))] }
                    }
                }
            }
            let raw = String(chars)
            let general = Result { () throws(PlateError) in try PlateNumber.general(raw, defaultProvince: "粤") }
            if n % 3 == 0 { canonicalSeen += 1 }
            guard let quick = PlateNumber.canonical(raw) else {
                #expect(n % 3 != 0, "a canonical reading missed the fast path: \(raw)")
                continue
            }
            fast += 1
            let slow = try #require(try? general.get(), "fast path accepted \(raw), the rules refuse it")
            #expect(quick.text == slow.text && quick.key == slow.key, "\(raw): \(quick.text) against \(slow.text)")
        }
        #expect(canonicalSeen > 30_000 && fast >= canonicalSeen, "\(fast) readings took the fast path of \(canonicalSeen) canonical ones")
    }
}

