import Foundation
import NIOCore
import PinganCore
@testable import PinganServer
import Testing

/// The one-pass reader of position batches against Foundation's JSONDecoder, the reference it
/// replaces on the hot route.
@Suite("Position batch reader")
struct FixBatchParserTests {
    struct Reference: Decodable {
        struct Fix: Decodable {
            var unitID: String, time: String, lat: Double, lon: Double
            var speed: Double?, heading: Double?, accuracy: Double?
        }
        var fixes: [Fix]
    }

    static func parse(_ text: String) throws -> [PositionFix] { try FixBatchParser.parse(ByteBuffer(string: text)) }

    /// Skipping a value descends one stack frame a level: hostile nesting is refused at the
    /// general reader's depth instead of overflowing the stack (issue 13).
    @Test func deepNestingIsRefusedNotACrash() throws {
        let fix = #"{"unitID":"u","time":"2026-11-23T08:00:00Z","lat":1,"lon":2,"heading":"#
        for text in [String(repeating: "[", count: 100_000),
                     #"{"fixes":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}",
                     #"{"fixes":["# + fix + String(repeating: #"{"k":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000) + "}]}"] {
            #expect(throws: Problem.self) { try Self.parse(text) }
            do { _ = try Self.parse(text) } catch let problem as Problem { #expect(problem.code == "malformed_json") }
        }
        // Nesting within the limit is still read, then refused for its type.
        let shallow = #"{"fixes":["# + fix + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}]}"
        do { _ = try Self.parse(shallow) } catch let problem as Problem { #expect(problem.code == "invalid_field") }
    }

    @Test func agreesWithJSONDecoderOnRandomBatches() throws {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<50 {
            var parts: [String] = []
            for k in 0..<Int.random(in: 1...60, using: &rng) {
                var members = [#""unitID":"u-\#(k)-\u00e9\"q""#, #""time":"2026-11-23T08:\#(String(format: "%02d", k % 60)):00.\#(k % 10)Z""#,
                               #""lat":\#(Double.random(in: -90...90, using: &rng))"#, #""lon":\#(Double.random(in: -180...180, using: &rng))"#]
                if Bool.random(using: &rng) { members.append(#""speed":\#(Double.random(in: 0...60, using: &rng))"#) }
                if Bool.random(using: &rng) { members.append(#""heading": null"#) }
                if Bool.random(using: &rng) { members.append(#""accuracy":1.5e1"#) }
                members.shuffle(using: &rng)
                parts.append("{ " + members.joined(separator: round % 2 == 0 ? "," : " ,\n\t") + " }")
            }
            let text = #"{"fixes":["# + parts.joined(separator: ",") + "]}"
            let mine = try Self.parse(text)
            let reference = try JSONDecoder().decode(Reference.self, from: Data(text.utf8)).fixes
            #expect(mine.count == reference.count)
            for (a, b) in zip(mine, reference) {
                #expect(a.unit.rawValue == b.unitID && a.lat == b.lat && a.lon == b.lon && a.speed == b.speed && a.heading == b.heading
                        && a.accuracy == b.accuracy && a.time == Timestamp.parse(b.time))
            }
        }
    }

    @Test func refusesWhatTheGeneralReaderRefuses() {
        let ok = #""unitID":"u","time":"2026-11-23T08:00:00Z","lat":1,"lon":2"#
        let cases: [(String, String, String?)] = [
            ("", "malformed_json", nil), ("[]", "invalid_field", ""), (#"{"fixes":[{\#(ok)}]"#, "malformed_json", nil),
            (#"{"fixes":[{\#(ok)}]} x"#, "malformed_json", nil), (#"{"fixes":[{\#(ok),"lat":3}]}"#, "malformed_json", "fixes.0.lat"),
            (#"{"fixes":[{\#(ok),"alt":3}]}"#, "unknown_field", "fixes.0.alt"), (#"{"fixes":[],"fixes":[]}"#, "malformed_json", "fixes"),
            (#"{"fixes":[{\#(ok)},{"unitID":"u","time":"2026-11-23T08:00:00Z","lat":1}]}"#, "invalid_field", "fixes.1.lon"),
            (#"{"fixes":[{"unitID":"u","time":"2026-11-23T08:00:00Z","lat":"1","lon":2}]}"#, "invalid_field", "fixes.0.lat"),
            (#"{"fixes":[{"unitID":7,"time":"2026-11-23T08:00:00Z","lat":1,"lon":2}]}"#, "invalid_field", "fixes.0.unitID"),
            (#"{"fixes":[{"unitID":"u","time":"soon","lat":1,"lon":2}]}"#, "invalid_field", "fixes.0.time"),
            (#"{"fixes":[{"unitID":"u","time":"2026-11-23T08:00:00Z","lat":01,"lon":2}]}"#, "malformed_json", nil),
            (#"{"fixes":[{"unitID":"u","time":"2026-11-23T08:00:00Z","lat":1.,"lon":2}]}"#, "malformed_json", nil),
            (#"{"fixes":[{"unitID":"bad\x","time":"2026-11-23T08:00:00Z","lat":1,"lon":2}]}"#, "malformed_json", nil),
            (#"{"fixes":null}"#, "invalid_field", "fixes"), (#"{}"#, "invalid_field", "fixes"), (#"{"fixes":[1]}"#, "invalid_field", "fixes.0"),
        ]
        for (text, code, field) in cases {
            do {
                _ = try Self.parse(text)
                Issue.record("accepted \(text)")
            } catch let problem as Problem {
                #expect(problem.code == code, "\(text): \(problem)")
                if let field { #expect(problem.field == field, "\(text): \(problem)") }
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
        #expect((try? Self.parse("{\"fixes\":[{\(ok)}]}"))?.count == 1)
        #expect((try? Self.parse(#"{"fixes":[{"unitID":"\ud83d\ude93","time":"2026-11-23T08:00:00Z","lat":1,"lon":2}]}"#))?.first?.unit.rawValue == "🚓")
    }
}
