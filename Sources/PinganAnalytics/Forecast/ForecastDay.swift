import PinganCore

/// One calendar day of the event files' own wall clock, as days since 1970-01-01.
///
/// Forecasts are made for a day and scored on it, so days are the unit every part of the
/// backtest agrees on: a test window `FROM..TO`, a training window of `N` days before a day, the
/// events that fell on a day. A typed value keeps day counts from mixing with seconds.
public struct ForecastDay: RawRepresentable, Hashable, Comparable, Strideable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The day holding `seconds` (local seconds since 1970, see `TimeFormat`).
    public init(containing seconds: Int64) {
        rawValue = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// Parses `YYYY-MM-DD`; nil when it is not a real date.
    public init?(_ text: String) {
        guard let s = TimeFormat.isoDate.parse(Array(text.utf8)) else { return nil }
        self.init(containing: s)
    }

    /// Local seconds since 1970 at 00:00 of the day.
    public var startSeconds: Int64 { Int64(rawValue) * 86_400 }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d, _) = Timestamp.civil(startSeconds)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    public static func < (a: ForecastDay, b: ForecastDay) -> Bool { a.rawValue < b.rawValue }
    public func distance(to other: ForecastDay) -> Int { other.rawValue - rawValue }
    public func advanced(by n: Int) -> ForecastDay { ForecastDay(rawValue: rawValue + n) }
}
