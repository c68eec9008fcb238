import Foundation
import PinganCore
import Testing

/// Storing a report: the checks, the versions, the one identifier per (kind, jurisdiction, day, language).
@Suite("Report decider")
struct ReportDeciderTests {
    static let now = Timestamp.parse("2026-12-05T06:00:00+08:00")!
    static let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d"), level: .station, code: "HP01", name: "南京东路派出所",
                                      nameEn: "East Nanjing Road Station", path: "/c/d/s1/")
    static let district = Jurisdiction(id: JurisdictionID("d"), parentID: JurisdictionID("c"), level: .district, code: "HP", name: "黄浦分局", path: "/c/d/")

    static func draft(_ kind: Report.Kind = .daily, _ j: Jurisdiction = station, day: String = "2026-12-04", language: Report.Language = .zh,
                      html: String = "<!DOCTYPE html><p>x</p>", pdf: Data? = nil) throws -> ReportDecider.Draft {
        ReportDecider.Draft(kind: kind, jurisdiction: j, date: try ReportDay(day), language: language, html: html, pdf: pdf)
    }

    static func write(_ d: ReportDecider.Draft, existing: Report? = nil, ifAbsent: Bool = false) throws -> (events: [Event], document: ReportDocument?) {
        try ReportDecider.write(d, id: ReportID("r"), existing: existing, ifAbsent: ifAbsent, by: "offA", htmlSHA256: "h", pdfSHA256: d.pdf == nil ? nil : "p", now: now)
    }

    @Test func aFirstWriteIsVersionOneAndAnEventWithoutThePages() throws {
        let (events, document) = try Self.write(try Self.draft(language: .en))
        let report = try #require(document?.report)
        #expect(report.version == 1 && report.path == "/c/d/s1/" && report.jurisdictionName == "East Nanjing Road Station")
        #expect(report.htmlBytes == "<!DOCTYPE html><p>x</p>".utf8.count && report.pdfBytes == nil && report.generatedBy == "offA" && report.generatedAt == Self.now)
        #expect(events.count == 1 && events[0].type == .reportWritten && events[0].path == "/c/d/s1/")
        let payload = try events[0].payload(as: ReportEventData.self)
        #expect(payload.report == report && payload.replaced == nil)
        #expect(events[0].data["html"] == nil, "the pages stay out of the log")
    }

    @Test func aSecondWriteIsTheNextVersionUnlessOnlyIfAbsent() throws {
        let first = try #require(try Self.write(try Self.draft()).document?.report)
        let (events, again) = try Self.write(try Self.draft(pdf: Data("%PDF-1.7".utf8)), existing: first)
        #expect(again?.report.version == 2 && again?.report.pdfBytes == 8 && again?.report.pdfSHA256 == "p")
        #expect(try events[0].payload(as: ReportEventData.self).replaced == 1)
        let skipped = try Self.write(try Self.draft(), existing: first, ifAbsent: true)
        #expect(skipped.events.isEmpty && skipped.document == nil)
    }

    @Test func refusesTheFutureADistrictsDutyLogAndOversizedPages() throws {
        // Today (CST) is fine: the day so far. Tomorrow is not.
        #expect(throws: Never.self) { try Self.write(try Self.draft(day: "2026-12-05")) }
        #expect { try Self.write(try Self.draft(day: "2026-12-06")) } throws: { ($0 as? DomainError)?.code == .dateInFuture }
        #expect { try Self.write(try Self.draft(.dutyLog, Self.district)) } throws: { ($0 as? DomainError)?.field == "jurisdiction" }
        #expect(throws: Never.self) { try Self.write(try Self.draft(.daily, Self.district)) }
        let big = String(repeating: "x", count: ReportDocument.maxHTMLBytes + 1)
        #expect { try Self.write(try Self.draft(html: big)) } throws: { ($0 as? DomainError)?.code == .reportTooLarge }
        #expect { try Self.write(try Self.draft(html: "")) } throws: { ($0 as? DomainError)?.field == "html" }
    }

    @Test func oneReadableIdentifierPerKindJurisdictionDayAndLanguage() throws {
        let day = try ReportDay("2026-12-04")
        let digest: (String) -> String = { _ in String(repeating: "f", count: 64) }
        #expect(Report.id(kind: .daily, jurisdictionID: JurisdictionID("s1"), date: day, language: .zh, digest: digest).rawValue == "daily-20261204-zh-s1")
        #expect(Report.id(kind: .dutyLog, jurisdictionID: JurisdictionID("s1"), date: day, language: .en, digest: digest).rawValue == "duty-20261204-en-s1")
        let long = Report.id(kind: .daily, jurisdictionID: JurisdictionID(String(repeating: "站", count: 190)), date: day, language: .zh, digest: digest)
        #expect(long.rawValue == "daily-20261204-zh-h" + String(repeating: "f", count: 40))
        #expect(Identifier<Report>.isWellFormed(long.rawValue))
    }

    @Test func aDocumentCarriesItsPDFAsBase64() throws {
        let document = try #require(try Self.write(try Self.draft(pdf: Data([0, 255, 37, 80]))).document)
        let json = try JSONCoding.encoder.encode(document)
        #expect(String(decoding: json, as: UTF8.self).contains("\"pdf\":\"AP8lUA==\""))
        #expect(try JSONCoding.decoder.decode(ReportDocument.self, from: json) == document)
        #expect(try JSONValue(encoding: document).decode(ReportDocument.self) == document)
    }
}
