import Foundation
import PinganCore
import Testing

@Suite("ISO-8601 instants")
struct TimestampTests {
    /// Foundation's parser, the reference the fast path must agree with.
    static func reference(_ s: String) -> Date? {
        let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(s)) ?? (try? Date.ISO8601FormatStyle().parse(s))
        return parsed.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    @Test func fastPathAgreesWithFoundationOnManyInstants() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &rng)
            let s = Timestamp.format(Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(Timestamp.parse(s).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == ms, "\(s)")
            #expect(Timestamp.parse(s) == Self.reference(s), "\(s)")
        }
        for s in ["2026-11-23T08:15:30Z", "2026-11-23T08:15:30.5Z", "2024-02-29T23:59:59.999+08:00", "1999-12-31T16:00:00-08:00",
                  "2000-03-01T00:00:00.123456Z"] {
            #expect(Timestamp.parse(s) != nil && Timestamp.parse(s) == Self.reference(s), "\(s)")
        }
        // RFC 3339 also allows a lower-case t and z, and a space between date and time.
        #expect(Timestamp.parse("2026-01-01t00:00:00z") == Timestamp.parse("2026-01-01T00:00:00Z"))
        #expect(Timestamp.parse("2026-01-01 00:00:00Z") == Timestamp.parse("2026-01-01T00:00:00Z"))
    }

    /// The arithmetic formatter against Foundation's, the one it replaced.
    @Test func formatAgreesWithFoundation() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &rng)
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let fraction = ((ms % 1000) + 1000) % 1000
            let whole = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: Double((ms - fraction) / 1000)))
            #expect(Timestamp.format(date) == String(whole.dropLast()) + "." + String(format: "%03lld", fraction) + "Z")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500Z")
    }

    @Test func impossibleInstantsAreRefused() {
        for s in ["2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T08:60:00Z",
                  "2026-11-23T08:15:30", "2026-11-23T08:15:30.Z", "yesterday", "", "2026-11-23T08:15:30+8:00"] {
            #expect(Timestamp.parse(s) == nil, "\(s)")
        }
    }
}
