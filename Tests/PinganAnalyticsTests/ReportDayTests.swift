import Foundation
import PinganCore
import Testing

@Suite("Report days in China Standard Time")
struct ReportDayTests {
    @Test func aDayIsMidnightToMidnightBeijingTime() throws {
        let day = try ReportDay("2026-12-04")
        #expect(Timestamp.format(day.start) == "2026-12-03T16:00:00.000Z")
        #expect(Timestamp.format(day.end) == "2026-12-04T16:00:00.000Z")
        #expect(ReportDay(containing: Timestamp.parse("2026-12-03T23:30:00Z")!) == day)   // 07:30 on the 4th in Beijing
        #expect(ReportDay(containing: Timestamp.parse("2026-12-03T15:59:59Z")!) == day.advanced(by: -1))
        #expect(day.description == "2026-12-04" && day.compact == "20261204")
    }

    @Test func theYearBeforeKeepsTheDateAndFoldsLeapDays() throws {
        #expect(try ReportDay("2024-02-29").yearBefore.description == "2023-02-28")
        #expect(try ReportDay("2025-03-01").yearBefore.description == "2024-03-01")
        #expect(try ReportDay("2026-12-04").yearBefore.description == "2025-12-04")
        #expect(try ReportDay("2025-01-01").advanced(by: -1).description == "2024-12-31")
    }

    @Test func onlyRealDatesAreRead() {
        for bad in ["2026-02-30", "2026-1-01", "2026-13-01", "1969-12-31", "20261204", "2026-12-04T00:00", "", "２０２６-12-04"] {
            #expect(throws: DomainError.self) { try ReportDay(bad) }
        }
    }
}
