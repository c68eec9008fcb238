import Foundation
import PinganCore

/// The days an assessment covers: calendar days in China Standard Time (UTC+8, as
/// `OverdueFeedbackRate` and `ReportDay` count them), `from` through `to`, both included. As
/// instants it is `start ..< end`, and an incident belongs to it by the time its call came in.
///
/// Every KPI answer compares the period with two others and states both:
/// - **环比** (`previous`): a whole calendar month → the month before it, whole (March → all of
///   February, 28 or 29 days); otherwise the same number of days just before (a whole ISO week,
///   Monday to Sunday, → the week before; one day → the day before).
/// - **同比** (`yearBefore`): the same dates one year earlier. A whole month → the same whole
///   month (February 2024's 29 days ↔ February 2023's 28); 29 February → 28 February; a period
///   ending on the last day of a month keeps ending on the last day of that month (ending
///   2023-02-28 → 2022-02-28, ending 2025-02-28 → 2024-02-29).
public struct KPIPeriod: Sendable, Hashable, Codable {
    /// How the period lies on the calendar: what `previous` steps back by, and what a dashboard
    /// may call it.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case day, isoWeek, month, range
    }

    /// The longest period one question may cover: a year and a month, enough for a year against
    /// the year before without asking for the whole history at once.
    public static let maxDays = 400

    public let from: ReportDay
    public let to: ReportDay

    /// A period of `from` through `to`; `to` before `from` is refused, so is a period longer
    /// than `maxDays` days (`maxDays: nil` lifts that limit, for the comparison periods).
    public init(from: ReportDay, to: ReportDay, maxDays: Int? = KPIPeriod.maxDays) throws(KPIError) {
        guard to >= from else { throw KPIError(.periodReversed, field: "to", "to (\(to)) is before from (\(from))") }
        let days = to.ordinal - from.ordinal + 1
        if let maxDays, days > maxDays {
            throw KPIError(.periodTooLong, field: "to", "the period has \(days) days; one question covers at most \(maxDays)")
        }
        self.from = from
        self.to = to
    }

    /// One day.
    public init(day: ReportDay) {
        from = day
        to = day
    }

    /// `YYYY-MM-DD` through `YYYY-MM-DD`, as the API takes them.
    public static func parse(from: String, to: String, maxDays: Int? = KPIPeriod.maxDays) throws(KPIError) -> KPIPeriod {
        func day(_ text: String, _ field: String) throws(KPIError) -> ReportDay {
            do { return try ReportDay(text, field: field) } catch {
                throw KPIError(.invalidDate, field: field, "\(field) must be a real date written YYYY-MM-DD (1970 to 9999)")
            }
        }
        return try KPIPeriod(from: day(from, "from"), to: day(to, "to"), maxDays: maxDays)
    }

    /// Days in the period (1 or more).
    public var days: Int { to.ordinal - from.ordinal + 1 }
    /// 00:00 CST of `from`.
    public var start: Date { from.start }
    /// 00:00 CST of the day after `to`: the period is `start ..< end`.
    public var end: Date { to.end }

    public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }

    public var kind: Kind {
        if days == 1 { return .day }
        if from == Self.firstOfMonth(from), to == Self.lastOfMonth(from) { return .month }
        if days == 7, Self.isoWeekday(from) == 1 { return .isoWeek }
        return .range
    }

    /// 环比: the period just before (see the type's notes).
    public var previous: KPIPeriod {
        if kind == .month {
            let first = Self.firstOfMonth(from.advanced(by: -1))
            return KPIPeriod(unchecked: first, Self.lastOfMonth(first))
        }
        return KPIPeriod(unchecked: from.advanced(by: -days), from.advanced(by: -1))
    }

    /// 同比: the same dates a year before (see the type's notes).
    public var yearBefore: KPIPeriod {
        if kind == .month {
            let first = Self.firstOfMonth(from.yearBefore)
            return KPIPeriod(unchecked: first, Self.lastOfMonth(first))
        }
        var end = to.yearBefore
        if to == Self.lastOfMonth(to) { end = Self.lastOfMonth(end) }
        return KPIPeriod(unchecked: from.yearBefore, end)
    }

    /// The days of the period in order.
    public var dayList: [ReportDay] { (0..<days).map { from.advanced(by: $0) } }

    private init(unchecked from: ReportDay, _ to: ReportDay) {
        self.from = from
        self.to = to
    }

    // MARK: Calendar arithmetic on `ReportDay`

    /// The first day of `day`'s month.
    public static func firstOfMonth(_ day: ReportDay) -> ReportDay { day.advanced(by: 1 - day.civil.day) }

    /// The last day of `day`'s month: 31 days past the first is always in the next month.
    public static func lastOfMonth(_ day: ReportDay) -> ReportDay {
        firstOfMonth(firstOfMonth(day).advanced(by: 31)).advanced(by: -1)
    }

    /// ISO weekday, Monday 1 to Sunday 7 (1970-01-01, ordinal 0, was a Thursday).
    public static func isoWeekday(_ day: ReportDay) -> Int {
        ((day.ordinal + 3) % 7 + 7) % 7 + 1
    }

    // MARK: Codable: `{"from": "YYYY-MM-DD", "to": …, "days": n, "kind": …}`

    enum CodingKeys: String, CodingKey { case from, to, days, kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let from = try c.decode(ReportDay.self, forKey: .from), to = try c.decode(ReportDay.self, forKey: .to)
        do { self = try KPIPeriod(from: from, to: to, maxDays: nil) } catch {
            throw DecodingError.dataCorruptedError(forKey: .to, in: c, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(days, forKey: .days)
        try c.encode(kind, forKey: .kind)
    }
}
