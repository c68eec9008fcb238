import Foundation

/// A calendar day in China Standard Time (UTC+8, no daylight saving), the day a report is
/// about. Reports are filed by the day people worked it, not by UTC: a call at 07:30 Beijing
/// time is on that morning's day even though it is the previous evening in UTC.
///
/// Kept as days since 1970-01-01, so stepping back a day (环比) or a year (同比) is arithmetic
/// and comparisons are integer ones; read and written as `YYYY-MM-DD`.
public struct ReportDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (CST).
    public let ordinal: Int

    /// China Standard Time's offset from UTC.
    public static let offsetSeconds: TimeInterval = 8 * 3600

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The CST day holding `instant`.
    public init(containing instant: Date) {
        let local = (instant.timeIntervalSince1970 + Self.offsetSeconds).rounded(.down)
        ordinal = Int((local / 86_400).rounded(.down))
    }

    /// Reads `YYYY-MM-DD` (years 1970 to 9999, a real date).
    /// - Throws: `DomainError.invalidField` naming `field` otherwise.
    public init(_ text: String, field: String = "date") throws(DomainError) {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count == 10, b[4] == 45, b[7] == 45, let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              (1970...9999).contains(y), (1...12).contains(m), (1...Self.days(inMonth: m, year: y)).contains(d) else {
            throw DomainError.invalid(field, "\(field) must be a real date written YYYY-MM-DD (1970 to 9999)")
        }
        ordinal = Self.ordinal(year: y, month: m, day: d)
    }

    /// Year, month and day.
    public var civil: (year: Int, month: Int, day: Int) {
        let c = Timestamp.civil(Int64(ordinal) * 86_400)
        return (c.year, c.month, c.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        return String(y) + (m < 10 ? "-0" : "-") + String(m) + (d < 10 ? "-0" : "-") + String(d)
    }

    /// `YYYYMMDD`, for identifiers and file names.
    public var compact: String { description.replacingOccurrences(of: "-", with: "") }

    /// 00:00 CST of the day, as an instant.
    public var start: Date { Date(timeIntervalSince1970: Double(ordinal) * 86_400 - Self.offsetSeconds) }
    /// 00:00 CST of the next day: the day is `start ..< end`.
    public var end: Date { advanced(by: 1).start }

    public func advanced(by days: Int) -> ReportDay { ReportDay(ordinal: ordinal + days) }

    /// The same date a year before (同比): 29 February falls back to the 28th.
    public var yearBefore: ReportDay {
        let (y, m, d) = civil
        let year = y - 1
        return ReportDay(ordinal: Self.ordinal(year: year, month: m, day: min(d, Self.days(inMonth: m, year: year))))
    }

    /// Whether `instant` falls on this day.
    public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }

    public static func < (a: ReportDay, b: ReportDay) -> Bool { a.ordinal < b.ordinal }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try ReportDay(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func days(inMonth m: Int, year y: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func ordinal(year y0: Int, month m: Int, day d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }
}
