import Foundation
import PinganCore
import Testing

@Suite("JSONValue parser")
struct JSONValueParseTests {
    /// The reference: Foundation's decoder reading a `JSONValue`.
    func reference(_ text: String) -> JSONValue? {
        try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    func parsed(_ text: String) -> JSONValue? {
        try? JSONValue.parse(Array(text.utf8)).value
    }

    func randomTree(_ depth: Int, _ rng: inout some RandomNumberGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng)
        switch pick {
        case 0: return .number([0, -0.5, 1e-7, 123456789, -2.5e300, Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 1000].randomElement(using: &rng)!)
        case 1: return .string(["", "plain", "引号\"里", "back\\slash/", "tab\tnew\nline", "\u{1F46E}警察", "\u{0001}ctl", "é"].randomElement(using: &rng)!)
        case 2: return [.null, .bool(true), .bool(false)].randomElement(using: &rng)!
        case 3: return .string(String(Int.random(in: 0...99, using: &rng)))
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomTree(depth + 1, &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for k in 0..<Int.random(in: 0...4, using: &rng) { members["k\(k)\(["", "é", "\"", "\u{1F46E}"].randomElement(using: &rng)!)"] = randomTree(depth + 1, &rng) }
            return .object(members)
        }
    }

    @Test func agreesWithFoundationOnRandomDocuments() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let tree = randomTree(0, &rng)
            let text = String(decoding: try JSONCoding.encoder.encode(tree), as: UTF8.self)
            #expect(parsed(text) == reference(text), "\(text)")
            #expect(parsed(text) == tree)
            // The same with spaces around every token.
            let spaced = text.replacingOccurrences(of: ",", with: " ,\n ").replacingOccurrences(of: ":", with: "\t: ")
            if spaced.count == text.count { continue }
            #expect(parsed(spaced) == reference(spaced), "\(spaced)")
        }
    }

    @Test func escapesAndUnicode() throws {
        #expect(parsed(#""\u00e9\ud83d\udc6e\n\/\b\f\r\t\"\\""#) == .string("é\u{1F46E}\n/\u{8}\u{C}\r\t\"\\"))
        #expect(parsed(#"{"\u0063ategory": 1}"#) == .object(["category": .number(1)]))
        #expect(parsed("[1.5e3, -0, 0.25, 1E-2]") == .array([.number(1500), .number(-0.0), .number(0.25), .number(0.01)]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "[1 2]", "{\"a\" 1}", "{a:1}",
        "\"unterminated", "\"bad \\x escape\"", "\"lone \\ud800\"", "\"lone \\udc00 low\"", "\"ctl \u{0001} raw\"", "1 2",
        "[1] x", "'single'", "NaN", "Infinity", "1e400",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONValue.Malformed.self) { try JSONValue.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(parsed(fine) != nil)
    }

    @Test func reportsTheFirstDuplicateKeyAndKeepsTheLastValue() throws {
        let (value, duplicate) = try JSONValue.parse(Array(#"{"a": 1, "b": {"c": 1, "c": 2}, "\u0061": 3}"#.utf8))
        #expect(duplicate == "c")
        #expect(value == .object(["a": .number(3), "b": .object(["c": .number(2)])]))
        #expect(try JSONValue.parse(Array(#"[{"a":1},{"a":2}]"#.utf8)).duplicateKey == nil)
    }
}

@Suite("JSONValue canonical text")
struct JSONValueTextTests {
    @Test func isByteForByteWhatTheSharedEncoderWrites() throws {
        var rng = SystemRandomNumberGenerator()
        let parseTests = JSONValueParseTests()
        for _ in 0..<1000 {
            let tree = parseTests.randomTree(0, &rng)
            #expect(tree.canonicalText == String(decoding: try JSONCoding.encoder.encode(tree), as: UTF8.self))
        }
        let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1e-7, 1e21, 1e16, 1e15, 123456789012, 1.2345678901234567e19, 1e300, .leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, 31.2352, 121.48012345678, 2.5e-5]
        for n in numbers {
            #expect(JSONValue.number(n).canonicalText == String(decoding: try JSONCoding.encoder.encode(JSONValue.number(n)), as: UTF8.self))
        }
        let keys = JSONValue.object(Dictionary(uniqueKeysWithValues: ["b", "B", "a10", "a2", "é", "e", "_x", "Z", "", "键", "a b"].map { ($0, JSONValue.null) }))
        #expect(keys.canonicalText == String(decoding: try JSONCoding.encoder.encode(keys), as: UTF8.self))
        let controls = JSONValue.string(String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self) + "\u{2028}é🚓")
        #expect(controls.canonicalText == String(decoding: try JSONCoding.encoder.encode(controls), as: UTF8.self))
    }
}
