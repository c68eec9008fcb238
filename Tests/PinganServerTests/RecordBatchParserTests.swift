import Foundation
import NIOCore
import PinganCore
@testable import PinganServer
import Testing

/// The one-pass reader of sensor record batches against the general body reader it replaces on
/// the hot route (`BodyReader.decode` of `SensorController.RecordsRequest`).
@Suite("Sensor record batch reader")
struct RecordBatchParserTests {
    /// What a generated body must do.
    enum Expect {
        /// Read by the one-pass path (an ordinary batch: it must not fall back to the slow reader).
        case fast
        /// Refused, with this code.
        case refused(String)
        /// Whatever the general reader says.
        case any
    }

    struct Case {
        var name: String
        var body: [UInt8]
        var expect: Expect
    }

    /// A reproducible generator (SplitMix64), so that a failing body can be made again.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    typealias Member = (key: String, value: String)

    /// Bodies in the forms devices send: every optional member present, absent or null, plates
    /// in Chinese, escapes, numbers written every way JSON allows, members in any order.
    struct Maker {
        var rng: SplitMix

        mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

        static let pieces = ["京", "沪", "粤", "A", "B", "1", "2", "3", "·", "学", "警", "挂", "é", " ", "x", "🚓", #"\n"#, #"\t"#, #"\""#,
                             #"\\"#, #"\/"#, #"\u00e9"#, #"\u4eac"#, #"\ud83d\ude93"#, #"\u0041"#, #"\b\f\r"#]

        mutating func text(_ length: ClosedRange<Int>) -> String {
            "\"" + (0..<Int.random(in: length, using: &rng)).map { _ in pick(Self.pieces) }.joined() + "\""
        }

        mutating func plate() -> String {
            let province = pick(["京", "沪", "粤", "川", "苏", #"\u4eac"#, "ＡＢ"])
            let digits = (0..<5).map { _ in pick(["1", "2", "A", "D", "F", "0", "9"]) }.joined()
            return "\"" + province + pick(["A", "B", "a", "·"]) + digits + pick(["", "学", "警", " "]) + "\""
        }

        mutating func instant() -> String {
            let day = String(format: "2026-%02d-%02d", Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
            let time = String(format: "%02d:%02d:%02d", Int.random(in: 0...23, using: &rng), Int.random(in: 0...59, using: &rng),
                              Int.random(in: 0...59, using: &rng))
            let fraction = pick(["", ".5", ".123", ".123456", ".999999999", ".0"])
            let zone = pick(["Z", "z", "+08:00", "-05:30", "+00:00"])
            return "\"" + day + pick(["T", "t"]) + time + fraction + (chance(0.1) ? #"\u005A"# : zone) + "\""
        }

        /// A JSON number for `x`, written one of the ways a device's library might.
        mutating func number(_ x: Double) -> String {
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: return "\(x)"
            case 1: return String(format: "%.6f", x)
            case 2: return String(format: "%.17g", x)
            case 3: return String(format: "%.3E", x)
            case 4: return String(format: "%.22f", x)  // more digits than a double holds: strtod
            case 5: return String(format: "%.0f", x)
            default: return String(format: "%.9e", x)
            }
        }

        /// One record's members: the two required ones and a random choice of the rest.
        mutating func record() -> [Member] {
            var members: [Member] = [("at", instant()), ("kind", "\"" + pick(SensorRecord.Kind.allCases).rawValue + "\"")]
            if chance(0.05) { members[1].value = #""pl\u0061te""# }
            for key in ["plate", "plateColour", "vehicleType", "direction", "confidence", "image", "document", "text", "count", "lat", "lon"] {
                let roll = Double.random(in: 0..<1, using: &rng)
                if roll < 0.35 { continue }
                if roll < 0.45 { members.append((key, "null")); continue }
                let value: String
                switch key {
                case "plate": value = plate()
                case "plateColour": value = pick([#""蓝""#, #""黄""#, #""新能源绿""#, #""blue""#, #""\u84dd""#])
                case "vehicleType", "direction": value = text(0...12)
                case "image": value = "\"" + String(repeating: "iVBORw0KGgo+/=", count: Int.random(in: 0...40, using: &rng)) + "\""
                case "document": value = pick([#""11010519491231002X""#, #""11010519491231002x""#, #""１１０１０５１９４９１２３１００２Ｘ""#])
                case "text": value = text(0...60)
                case "confidence": value = number(Double.random(in: 0...1, using: &rng))
                case "count": value = pick(["0", "-0", "7", "10000000", "123456789012345678", "-42", "\(Int.random(in: 0...100_000, using: &rng))"])
                case "lat": value = number(Double.random(in: -90...90, using: &rng))
                default: value = number(Double.random(in: -180...180, using: &rng))
                }
                members.append((key, value))
            }
            members.shuffle(using: &rng)
            return members
        }

        mutating func space() -> String { pick(["", "", " ", "\n", "\t", "\r\n  "]) }

        mutating func object(_ members: [Member]) -> String {
            "{" + space() + members.map { "\"\($0.key)\"" + space() + ":" + space() + $0.value }.joined(separator: space() + "," + space()) + space() + "}"
        }

        mutating func batch(_ records: [[Member]], top: [Member]? = nil) -> String {
            let items = records.map { object($0) }.joined(separator: "," + space())
            var members = top ?? [("batchID", pick([#""b-1""#, #""批次-2026-11-23""#, #""gate\/7\u0020#3""#])), ("records", "[" + space() + items + space() + "]")]
            if top == nil, chance(0.5) { members.reverse() }
            return space() + object(members) + space()
        }

        mutating func records(_ count: ClosedRange<Int>) -> [[Member]] {
            (0..<Int.random(in: count, using: &rng)).map { _ in record() }
        }
    }

    static func cases(seed: UInt64) -> [Case] {
        var m = Maker(rng: SplitMix(state: seed))
        var cases: [Case] = []
        func add(_ name: String, _ text: String, _ expect: Expect) { cases.append(Case(name: name, body: Array(text.utf8), expect: expect)) }

        // Valid batches: every member present, absent or null, any order, escapes, Chinese plates.
        for k in 0..<150 { add("valid \(k)", m.batch(m.records(1...20)), .fast) }
        var full = m.record().filter { $0.key == "at" || $0.key == "kind" }
        full += [("plate", #""京A·12345""#), ("plateColour", #""蓝""#), ("vehicleType", #""小型汽车""#), ("direction", #""进\u57ce""#),
                 ("confidence", "0.97"), ("image", #""aGVsbG8=""#), ("document", #""11010519491231002X""#), ("text", #""第一行\n第二行""#),
                 ("count", "3"), ("lat", "39.9042"), ("lon", "116.4074")]
        add("every member", m.batch([full]), .fast)
        add("only the required", m.batch([[("at", #""2026-11-23T08:00:00Z""#), ("kind", #""alarm""#)]]), .fast)

        // Forms the general reader accepts that the fast path leaves to it.
        let base: [Member] = [("at", #""2026-11-23T08:00:00Z""#), ("kind", #""crowd""#)]
        for (key, value) in [("confidence", #""NaN""#), ("lat", #""Infinity""#), ("lon", #""-Infinity""#), ("count", "1.0"), ("count", "1e3"),
                             ("count", "-0.0"), ("lat", "0." + String(repeating: "0", count: 70) + "1"), ("at", #""2026-11-23T08:00:00+0800""#)] {
            add("general form \(key) \(value)", m.batch([base + [(key, value)]]), .any)
        }
        // Bounds are the core's (422 with every bad record), not the reader's: both accept.
        for (key, value) in [("plate", "\"" + String(repeating: "京", count: 21) + "\""), ("text", "\"" + String(repeating: "字", count: 501) + "\""),
                             ("plateColour", #""\u0001""#), ("text", #""a\u0000b""#), ("direction", #""\u202E""#), ("confidence", "1.5"),
                             ("lat", "-90.5"), ("lon", "180.000001"), ("count", "-1"), ("count", "10000001"), ("image", #""""#), ("text", #""""#)] {
            add("out of bounds \(key)", m.batch([base + [(key, value)]]), .fast)
        }
        add("long batch ID", m.batch([base], top: [("batchID", "\"" + String(repeating: "批", count: 101) + "\""), ("records", "[" + m.object(base) + "]")]), .fast)
        add("empty batch ID", m.batch([base], top: [("batchID", #""""#), ("records", "[" + m.object(base) + "]")]), .fast)
        add("no records", #"{"batchID":"b","records":[]}"#, .fast)
        add("10,001 records", #"{"batchID":"b","records":["# + Array(repeating: #"{"at":"2026-11-23T08:00:00Z","kind":"plate","plate":"京A12345"}"#, count: 10_001).joined(separator: ",") + "]}", .fast)

        // Unknown members, repeated keys, missing members, wrong types.
        for k in 0..<30 {
            var records = m.records(1...4)
            let r = Int.random(in: 0..<records.count, using: &m.rng)
            switch k % 6 {
            case 0:
                records[r].insert((m.pick(["speed", "Plate", "plate ", "extra", "纬度", #"pl\u0061t"#]), m.pick(["1", "null", "{}", #""x""#])), at: Int.random(in: 0...records[r].count, using: &m.rng))
                add("unknown record member \(k)", m.batch(records), .refused("unknown_field"))
            case 1:
                let top: [Member] = [("batchID", #""b""#), ("records", "[" + records.map { m.object($0) }.joined(separator: ",") + "]"), ("sensorID", #""s""#)]
                add("unknown top member \(k)", m.batch(records, top: top.shuffled(using: &m.rng)), .refused("unknown_field"))
            case 2:
                let member = m.pick(records[r])
                let key = member.key == "kind" && m.chance(0.5) ? #"k\u0069nd"# : member.key
                records[r].insert((key, m.chance(0.5) ? member.value : "null"), at: Int.random(in: 0...records[r].count, using: &m.rng))
                add("repeated record key \(k)", m.batch(records), .refused("malformed_json"))
            case 3:
                let top: [Member] = [("batchID", #""b""#), ("records", "[" + records.map { m.object($0) }.joined(separator: ",") + "]"), ("batchID", #""c""#)]
                add("repeated top key \(k)", m.batch(records, top: top), .refused("malformed_json"))
            case 4:
                records[r].removeAll { $0.key == (k % 12 == 4 ? "at" : "kind") }
                add("missing member \(k)", m.batch(records), .refused("invalid_field"))
            default:
                let top: [Member] = m.chance(0.5) ? [("records", "[" + records.map { m.object($0) }.joined(separator: ",") + "]")] : [("batchID", #""b""#)]
                add("missing top member \(k)", m.batch(records, top: top), .refused("invalid_field"))
            }
        }
        let wrong: [String: [String]] = [
            "at": ["null", "1", #""soon""#, #""2026-02-30T08:00:00Z""#, #""2026-11-23T24:00:00Z""#, "[]", "true"],
            "kind": ["null", "1", #""bicycle""#, #""Plate""#, "{}", #"["plate"]"#],
            "plate": ["1", "true", "[]", #"{"a":1}"#], "plateColour": ["0"], "vehicleType": ["false"], "direction": ["[1]"], "image": ["1e3"],
            "document": ["11010519491231002"], "text": ["{}"],
            "confidence": [#""0.5""#, "true", "[]", #""nan""#], "lat": [#""39.9""#, "{}"], "lon": ["false"],
            "count": [#""5""#, "true", "[]"],
        ]
        for (key, values) in wrong.sorted(by: { $0.key < $1.key }) {
            for value in values {
                var records = m.records(1...3)
                let r = Int.random(in: 0..<records.count, using: &m.rng)
                records[r].removeAll { $0.key == key }
                records[r].insert((key, value), at: Int.random(in: 0...records[r].count, using: &m.rng))
                add("wrong type \(key) \(value)", m.batch(records), .refused("invalid_field"))
            }
        }
        // A count that is no whole number an Int holds: Foundation's decoder reports it without
        // its place, which the general reader answers as malformed (kept as it was).
        for value in ["1.5", "1e30", "12345678901234567890", "-9223372036854775809"] {
            add("count \(value)", m.batch([base + [("count", value)]]), .refused("malformed_json"))
        }
        for (records, batchID) in [("{}", #""b""#), (#""x""#, #""b""#), ("null", #""b""#), ("[1]", #""b""#), ("[null]", #""b""#), (#"[[]]"#, #""b""#),
                                   ("[" + m.object(base) + "]", "1"), ("[" + m.object(base) + "]", "null"), ("[" + m.object(base) + "]", "[]")] {
            add("wrong type top \(records) \(batchID)", #"{"batchID":\#(batchID),"records":\#(records)}"#, .refused("invalid_field"))
        }
        add("not an object", "[]", .refused("invalid_field"))
        add("a string", #""batch""#, .refused("invalid_field"))
        add("null", "null", .any)
        add("empty object", "{}", .refused("invalid_field"))
        add("empty record", #"{"batchID":"b","records":[{}]}"#, .refused("invalid_field"))

        // Malformed JSON.
        let good = m.batch(m.records(2...4))
        for text in ["", " ", "{", #"{"batchID":"b","records":[]"#, #"{"batchID":"b","records":[],}"#, #"{"batchID":"b","records":[\#(m.object(base)),]}"#,
                     #"{"batchID":"b","records":[\#(m.object(base))]} x"#, #"{"batchID":"b","records":[\#(m.object(base))]}{}"#, #"{'batchID':"b","records":[]}"#,
                     #"{"batchID" "b","records":[]}"#, #"{"batchID":"b""records":[]}"#, #"{batchID:"b","records":[]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","count":01}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":1.}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":.5}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":+1}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":1e}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":1e400}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":-1e309}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","lat":NaN}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","plate":nul}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","plate":"\x"}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","plate":"\ud800"}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","plate":"\udc00\ud800"}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","plate":"\u12G4"}]}"#,
                     #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"crowd","plate":"a"#,
                     "{\"batchID\":\"b\",\"records\":[{\"at\":\"2026-11-23T08:00:00Z\",\"kind\":\"crowd\",\"text\":\"line\none\"}]}",
                     "{\"batchID\":\"b\u{1}\",\"records\":[]}", "\u{FEFF}{\"batchID\":\"b\",\"records\":[]}", "{\"batchID\":\"b\",\"records\":[]}\u{0}"] {
            add("malformed \(text.prefix(60))", text, .refused("malformed_json"))
        }
        for (name, bytes) in [("invalid UTF-8", [0xFF]), ("overlong UTF-8", [0xC0, 0xAF]), ("cut UTF-8", [0xE4, 0xBA]), ("surrogate in UTF-8", [0xED, 0xA0, 0x80])] as [(String, [UInt8])] {
            let body = Array(#"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"plate","plate":"京"#.utf8) + bytes + Array(#"A12345"}]}"#.utf8)
            cases.append(Case(name: name, body: body, expect: .refused("malformed_json")))
        }
        // Cut short anywhere, or one byte changed: whatever the general reader says.
        let goodBytes = Array(good.utf8)
        for k in 0..<40 {
            cases.append(Case(name: "cut \(k)", body: Array(goodBytes[0..<Int.random(in: 0..<goodBytes.count, using: &m.rng)]), expect: .any))
            var changed = goodBytes
            changed[Int.random(in: 0..<changed.count, using: &m.rng)] = m.pick(Array("{}[]\":,\\ 0-.en\u{1}x".utf8) + [0x80, 0xFF])
            cases.append(Case(name: "changed \(k)", body: changed, expect: .any))
        }
        // Nesting: too deep is malformed, not a crash; within the limit it is a type error.
        for (key, open, close) in [("image", "[", "]"), ("plate", #"{"k":"#, "}"), ("lat", "[", "]")] {
            let deep = #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"plate","\#(key)":"# + String(repeating: open, count: 100_000)
                + "1" + String(repeating: close, count: 100_000) + "}]}"
            add("deep \(key)", deep, .refused("malformed_json"))
            let shallow = #"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"plate","\#(key)":"# + String(repeating: open, count: 100)
                + "1" + String(repeating: close, count: 100) + "}]}"
            add("shallow \(key)", shallow, .refused("invalid_field"))
        }
        add("deep body", String(repeating: "[", count: 100_000), .refused("malformed_json"))
        add("deep unknown", #"{"batchID":"b","x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + #","records":[]}"#,
            .refused("malformed_json"))
        return cases
    }

    /// Where two record lists differ (strings compared byte for byte, numbers bit for bit), or nil.
    static func difference(_ a: RecordBatchParser.Batch, _ b: RecordBatchParser.Batch) -> String? {
        guard Array(a.batchID.utf8) == Array(b.batchID.utf8) else { return "batchID \(a.batchID) ≠ \(b.batchID)" }
        guard a.records.count == b.records.count else { return "\(a.records.count) ≠ \(b.records.count) records" }
        func bytes(_ s: String?) -> [UInt8]? { s.map { Array($0.utf8) } }
        func bits(_ x: Double?) -> UInt64? { x?.bitPattern }
        for (k, (x, y)) in zip(a.records, b.records).enumerated() {
            let same = x.at == y.at && x.kind == y.kind && bytes(x.plate) == bytes(y.plate) && bytes(x.plateColour) == bytes(y.plateColour)
                && bytes(x.vehicleType) == bytes(y.vehicleType) && bytes(x.direction) == bytes(y.direction) && bits(x.confidence) == bits(y.confidence)
                && bytes(x.image) == bytes(y.image) && bytes(x.document) == bytes(y.document) && bytes(x.text) == bytes(y.text) && x.count == y.count
                && bits(x.lat) == bits(y.lat) && bits(x.lon) == bits(y.lon)
            if !same { return "record \(k): \(x) ≠ \(y)" }
        }
        return nil
    }

    static func general(_ body: [UInt8]) -> Result<RecordBatchParser.Batch, any Error> {
        Result { () throws -> RecordBatchParser.Batch in
            let request = try BodyReader(limit: 1 << 30).decode(SensorController.RecordsRequest.self, from: ByteBuffer(bytes: body))
            return (request.batchID, request.records)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func agreesWithTheGeneralReader(seed: UInt64) throws {
        var fast = 0, fellBack = 0
        for c in Self.cases(seed: seed) {
            let label = "\(c.name) (seed \(seed)): \(String(decoding: c.body.prefix(300), as: UTF8.self))"
            let reference = Self.general(c.body)
            let quick = RecordBatchParser.fastPath(ByteBuffer(bytes: c.body))
            let mine = Result { try RecordBatchParser.parse(ByteBuffer(bytes: c.body)) }
            if quick != nil { fast += 1 } else { fellBack += 1 }
            // The fast path takes only what the general reader takes, and reads it the same.
            if let quick {
                switch reference {
                case .success(let expected): if let d = Self.difference(quick, expected) { Issue.record("\(label): \(d)") }
                case .failure(let error): Issue.record("\(label): the fast path took what the general reader refuses: \(error)")
                }
            }
            // The whole reader answers as the general one: the same values, or the same problem.
            switch (mine, reference) {
            case (.success(let a), .success(let b)):
                if let d = Self.difference(a, b) { Issue.record("\(label): \(d)") }
            case (.failure(let a), .failure(let b)):
                let p = a as? Problem, q = b as? Problem
                #expect(p != nil && p?.code == q?.code && p?.field == q?.field && p?.detail == q?.detail, "\(label): \(a) vs \(b)")
            case (.success, .failure(let error)): Issue.record("\(label): accepted what the general reader refuses: \(error)")
            case (.failure(let error), .success): Issue.record("\(label): refused what the general reader accepts: \(error)")
            }
            switch c.expect {
            case .fast:
                #expect(quick != nil, "\(label): left to the general reader")
            case .refused(let code):
                if case .failure(let error) = mine { #expect((error as? Problem)?.code == code, "\(label): \(error)") }
                else { Issue.record("\(label): accepted") }
            case .any:
                break
            }
        }
        print("seed \(seed): \(fast) bodies read by the fast path, \(fellBack) by the general reader")
    }

    /// The problems as devices see them: code and field.
    @Test func refusesWithTheGeneralReadersProblems() {
        let ok = #""at":"2026-11-23T08:00:00Z","kind":"plate""#
        let cases: [(String, String, String?)] = [
            ("", "malformed_json", nil), ("[]", "invalid_field", ""),
            (#"{"batchID":"b","records":[{\#(ok)}]"#, "malformed_json", nil),
            (#"{"batchID":"b","records":[{\#(ok),"speed":3}]}"#, "unknown_field", "records.0.speed"),
            (#"{"batchID":"b","records":[{\#(ok)}],"sensor":"s"}"#, "unknown_field", "sensor"),
            (#"{"batchID":"b","records":[{\#(ok),"kind":"crowd"}]}"#, "malformed_json", "kind"),
            (#"{"batchID":"b","batchID":"c","records":[{\#(ok)}]}"#, "malformed_json", "batchID"),
            (#"{"batchID":"b","records":[{\#(ok)},{"kind":"plate"}]}"#, "invalid_field", "records.1.at"),
            (#"{"batchID":"b","records":[{\#(ok)},{"at":"soon","kind":"plate"}]}"#, "invalid_field", "records.1.at"),
            (#"{"batchID":"b","records":[{"at":"2026-11-23T08:00:00Z","kind":"bike"}]}"#, "invalid_field", "records.0.kind"),
            (#"{"batchID":"b","records":[{\#(ok),"plate":7}]}"#, "invalid_field", "records.0.plate"),
            (#"{"batchID":"b","records":[{\#(ok),"count":"5"}]}"#, "invalid_field", "records.0.count"),
            (#"{"batchID":"b","records":[{\#(ok),"count":1.5}]}"#, "malformed_json", nil),
            (#"{"batchID":"b","records":[{\#(ok),"lat":"north"}]}"#, "invalid_field", "records.0.lat"),
            (#"{"batchID":7,"records":[{\#(ok)}]}"#, "invalid_field", "batchID"),
            (#"{"records":[{\#(ok)}]}"#, "invalid_field", "batchID"),
            (#"{"batchID":"b","records":{}}"#, "invalid_field", "records"),
            (#"{"batchID":"b","records":[1]}"#, "invalid_field", "records.0"),
            (#"{"batchID":"b","records":[{\#(ok),"plate":"\ud83d"}]}"#, "malformed_json", nil),
        ]
        for (text, code, field) in cases {
            do {
                _ = try RecordBatchParser.parse(ByteBuffer(string: text))
                Issue.record("accepted \(text)")
            } catch let problem as Problem {
                #expect(problem.code == code, "\(text): \(problem)")
                if let field { #expect(problem.field == field, "\(text): \(problem)") }
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
        let read = try? RecordBatchParser.parse(ByteBuffer(string: #"{"records":[{"at":"2026-11-23T08:00:00.5+08:00","kind":"plate","plate":"\u4eacA\ud83d\ude93","text":"a\nb","lat":39.9042,"lon":null}],"batchID":"批"}"#))
        #expect(read?.batchID == "批")
        #expect(read?.records.first?.plate == "京A🚓")
        #expect(read?.records.first?.text == "a\nb")
        #expect(read?.records.first?.lat == 39.9042)
        #expect(read?.records.first?.lon == nil)
        #expect(read?.records.first?.at == Timestamp.parse("2026-11-23T00:00:00.5Z"))
    }

    /// Not an assertion: how fast a 2,000-record batch reads here (a debug build), against the
    /// general reader.
    @Test func speed() throws {
        var m = Maker(rng: SplitMix(state: 7))
        let records = (0..<2000).map { k -> [Member] in
            [("at", m.instant()), ("kind", #""plate""#), ("plate", m.plate()), ("plateColour", #""蓝""#), ("vehicleType", #""小型汽车""#),
             ("direction", #""in""#), ("confidence", String(format: "%.3f", Double(k % 1000) / 1000)), ("lat", "39.90\(k % 97)"), ("lon", "116.40\(k % 89)")]
        }
        let body = ByteBuffer(string: #"{"batchID":"speed","records":["# + records.map { m.object($0) }.joined(separator: ",") + "]}")
        #expect(RecordBatchParser.fastPath(body)?.records.count == 2000)
        let clock = ContinuousClock()
        let rounds = 5
        let fast = clock.measure { for _ in 0..<rounds { _ = RecordBatchParser.fastPath(body) } }
        let general = clock.measure { _ = Self.general(Array(body.readableBytesView)) }
        func rate(_ d: Duration, _ n: Int) -> Int {
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            return Int(Double(n) / seconds)
        }
        print("record batch reader: \(rate(fast, 2000 * rounds)) records/s one-pass, \(rate(general, 2000)) records/s general (\(body.readableBytes) bytes for 2,000 records)")
    }
}
