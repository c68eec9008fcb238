import Foundation
import PinganAnalytics
import PinganCore
import Testing

/// 同比 and 环比: which days each KPI answer is compared with, across month ends and leap years.
@Suite("KPI periods: previous period (环比) and the same period last year (同比)")
struct KPIPeriodTests {
    static func day(_ s: String) -> ReportDay { try! ReportDay(s) }
    static func period(_ from: String, _ to: String) throws -> KPIPeriod { try KPIPeriod.parse(from: from, to: to) }
    static func text(_ p: KPIPeriod) -> String { "\(p.from)..\(p.to)" }

    @Test func kindsOnTheCalendar() throws {
        #expect(try Self.period("2026-11-23", "2026-11-23").kind == .day)
        // 2026-11-23 is a Monday: Monday to Sunday is an ISO week; Tuesday to Monday is not.
        #expect(try Self.period("2026-11-23", "2026-11-29").kind == .isoWeek)
        #expect(try Self.period("2026-11-24", "2026-11-30").kind == .range)
        #expect(try Self.period("2024-02-01", "2024-02-29").kind == .month)
        #expect(try Self.period("2023-02-01", "2023-02-28").kind == .month)
        #expect(try Self.period("2024-02-01", "2024-02-28").kind == .range, "28 days of a leap February are not the month")
        #expect(try Self.period("2026-01-01", "2026-12-31").kind == .range)
        #expect(try Self.period("2026-11-23", "2026-11-29").days == 7)
    }

    @Test func previousPeriodsAlignOnMonthEnds() throws {
        // Whole months step back a whole month: January ends on the 31st, the December before on the 31st.
        #expect(Self.text(try Self.period("2025-01-01", "2025-01-31").previous) == "2024-12-01..2024-12-31")
        // March (31 days) → February, 29 days in a leap year, 28 otherwise.
        #expect(Self.text(try Self.period("2024-03-01", "2024-03-31").previous) == "2024-02-01..2024-02-29")
        #expect(Self.text(try Self.period("2023-03-01", "2023-03-31").previous) == "2023-02-01..2023-02-28")
        // February → January: a 29-day period compared with a 31-day one, as the calendar has it.
        let feb = try Self.period("2024-02-01", "2024-02-29").previous
        #expect(Self.text(feb) == "2024-01-01..2024-01-31" && feb.days == 31)
        // One day → the day before, across a month and a year end.
        #expect(Self.text(try Self.period("2025-01-01", "2025-01-01").previous) == "2024-12-31..2024-12-31")
        #expect(Self.text(try Self.period("2024-03-01", "2024-03-01").previous) == "2024-02-29..2024-02-29")
        // A week → the week before.
        #expect(Self.text(try Self.period("2026-11-23", "2026-11-29").previous) == "2026-11-16..2026-11-22")
        // Anything else: the same number of days just before (10 days → 10 days).
        let range = try Self.period("2026-03-05", "2026-03-14").previous
        #expect(Self.text(range) == "2026-02-23..2026-03-04" && range.days == 10)
    }

    @Test func sameDatesLastYearAcrossLeapYears() throws {
        // 29 February → 28 February.
        #expect(Self.text(try Self.period("2024-02-29", "2024-02-29").yearBefore) == "2023-02-28..2023-02-28")
        // A whole February ↔ the whole February before: 29 days against 28, and back.
        let feb2024 = try Self.period("2024-02-01", "2024-02-29").yearBefore
        #expect(Self.text(feb2024) == "2023-02-01..2023-02-28" && feb2024.kind == .month)
        #expect(Self.text(try Self.period("2025-02-01", "2025-02-28").yearBefore) == "2024-02-01..2024-02-29")
        // A range ending on a month's last day keeps ending on it (2025-02-28 → 2024-02-29).
        #expect(Self.text(try Self.period("2025-01-15", "2025-02-28").yearBefore) == "2024-01-15..2024-02-29")
        #expect(Self.text(try Self.period("2024-01-15", "2024-02-29").yearBefore) == "2023-01-15..2023-02-28")
        // Month ends that are the same every year stay put (Jan 31 → Jan 31, Mar 31 → Mar 31).
        #expect(Self.text(try Self.period("2025-01-31", "2025-01-31").yearBefore) == "2024-01-31..2024-01-31")
        #expect(Self.text(try Self.period("2024-03-31", "2024-03-31").yearBefore) == "2023-03-31..2023-03-31")
        // A year: the year before, day for day.
        #expect(Self.text(try Self.period("2025-03-01", "2026-02-28").yearBefore) == "2024-03-01..2025-02-28")
        // A mid-month range that does not end a month moves by the calendar only.
        #expect(Self.text(try Self.period("2024-02-10", "2024-02-20").yearBefore) == "2023-02-10..2023-02-20")
    }

    @Test func instantsAreChinaStandardTimeDays() throws {
        let p = try Self.period("2026-11-23", "2026-11-24")
        #expect(p.start == Timestamp.parse("2026-11-22T16:00:00Z"))
        #expect(p.end == Timestamp.parse("2026-11-24T16:00:00Z"))
        #expect(p.contains(Timestamp.parse("2026-11-24T15:59:59.999Z")!))
        #expect(!p.contains(Timestamp.parse("2026-11-24T16:00:00Z")!))
        #expect(!p.contains(Timestamp.parse("2026-11-22T15:59:59Z")!))
    }

    @Test func badPeriodsAreRefusedWithStableCodes() throws {
        func code(_ from: String, _ to: String) -> String? {
            do {
                _ = try KPIPeriod.parse(from: from, to: to)
                return nil
            } catch {
                return "\(error.code.rawValue) \(error.field)"
            }
        }
        #expect(code("2025-02-30", "2025-03-01") == "invalid_date from")
        #expect(code("2025-02-01", "2025-13-01") == "invalid_date to")
        #expect(code("2025-2-01", "2025-03-01") == "invalid_date from")
        #expect(code("yesterday", "2025-03-01") == "invalid_date from")
        #expect(code("2025-03-02", "2025-03-01") == "period_reversed to")
        // 400 days is the most one question covers; 401 is refused.
        #expect(code("2025-01-01", "2026-02-04") == nil)
        #expect(code("2025-01-01", "2026-02-05") == "period_too_long to")
        #expect(throws: KPIError.self) { try KPIGrouping.parse("precinct") }
    }

    @Test func encodesAsDaysAndKind() throws {
        let p = try Self.period("2024-02-01", "2024-02-29")
        let json = String(decoding: try JSONCoding.encoder.encode(p), as: UTF8.self)
        #expect(json == #"{"days":29,"from":"2024-02-01","kind":"month","to":"2024-02-29"}"#)
        #expect(try JSONCoding.decoder.decode(KPIPeriod.self, from: Data(json.utf8)) == p)
    }
}
