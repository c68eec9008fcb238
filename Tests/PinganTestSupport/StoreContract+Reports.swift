import Foundation
import PinganCore
import PinganGeo
import PinganStore
import Testing

/// Stored reports: descriptions listed by scope, kind, jurisdiction, language and day range; the
/// pages (HTML, PDF) read back byte for byte one report at a time; a rewrite is a versioned update;
/// one report per (kind, jurisdiction, day, language).
extension StoreContract {
    static func reportDocument(_ id: String, _ kind: Report.Kind, _ jurisdiction: String, at path: String, day: String,
                               language: Report.Language = .zh, pdf: Data? = nil, version: Int = 1) throws -> ReportDocument {
        let html = "<!DOCTYPE html><html lang=\"\(language.rawValue)\"><title>\(id)</title><p>报告 \(id) v\(version)</p></html>"
        let report = Report(id: ReportID(id), kind: kind, jurisdictionID: JurisdictionID(jurisdiction), jurisdictionName: "所 \(jurisdiction)",
                            date: try ReportDay(day), language: language, generatedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(version)),
                            generatedBy: "tester", htmlBytes: html.utf8.count, htmlSHA256: String(repeating: "a", count: 64),
                            pdfBytes: pdf?.count, pdfSHA256: pdf == nil ? nil : String(repeating: "b", count: 64), path: path, version: version)
        return ReportDocument(report: report, html: html, pdf: pdf)
    }

    static func reports(_ store: any Store, _ time: TestTime) async throws {
        let pdf = Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0xFF, 0x0A] + Array(repeating: 0x41, count: 3000))
        let a1 = try reportDocument("r-a1", .daily, "a", at: stationA.path, day: "2026-12-03", pdf: pdf)
        let a2 = try reportDocument("r-a2", .dutyLog, "a", at: stationA.path, day: "2026-12-04")
        let a3 = try reportDocument("r-a3", .daily, "a", at: stationA.path, day: "2026-12-04", language: .en)
        let b1 = try reportDocument("r-b1", .daily, "b", at: stationB.path, day: "2026-12-04")
        let d1 = try reportDocument("r-d1", .daily, "d", at: districtD.path, day: "2026-12-02")
        try await put(store, time, .writeReport, .reportWritten, [a1, a2, a3, b1, d1].map { .report($0) })

        // Lists: newest day first, then kind, language, path; scope at the query.
        #expect(try await store.reports(ReportQuery(), scope: stationA).map(\.id.rawValue) == ["r-a3", "r-a2", "r-a1"])
        #expect(try await store.reports(ReportQuery(), scope: districtD).map(\.id.rawValue) == ["r-a3", "r-b1", "r-a2", "r-a1", "r-d1"])
        #expect(try await store.reports(ReportQuery(kinds: [.dutyLog]), scope: .everything).map(\.id.rawValue) == ["r-a2"])
        #expect(try await store.reports(ReportQuery(kinds: []), scope: .everything).isEmpty)
        #expect(try await store.reports(ReportQuery(jurisdictionID: JurisdictionID("b")), scope: stationA).isEmpty)
        #expect(try await store.reports(ReportQuery(jurisdictionID: JurisdictionID("b")), scope: districtD).map(\.id.rawValue) == ["r-b1"])
        #expect(try await store.reports(ReportQuery(language: .en), scope: .everything).map(\.id.rawValue) == ["r-a3"])
        #expect(try await store.reports(ReportQuery(from: try ReportDay("2026-12-03"), to: try ReportDay("2026-12-03")), scope: .everything)
            .map(\.id.rawValue) == ["r-a1"])
        #expect(try await store.reports(ReportQuery(to: try ReportDay("2026-12-03")), scope: .everything).map(\.id.rawValue) == ["r-a1", "r-d1"])
        #expect(try await store.reports(ReportQuery(limit: 2, offset: 1), scope: districtD).map(\.id.rawValue) == ["r-b1", "r-a2"])
        #expect(try await store.reports(ReportQuery(), scope: districtE).isEmpty)

        // One by id, in scope only; the description round-trips, the pages come back byte for byte.
        #expect(try await store.report(a1.report.id, scope: stationA) == a1.report)
        #expect(try await store.report(a1.report.id, scope: stationB) == nil)
        #expect(try await store.reportDocument(a1.report.id, scope: stationA) == a1)
        #expect(try await store.reportDocument(a1.report.id, scope: stationB) == nil)
        #expect(try await store.reportDocument(a2.report.id, scope: city)?.pdf == nil)
        #expect(try await store.reportDocument(ReportID("none"), scope: .everything) == nil)

        // A rewrite replaces the pages as version 2; the stale write fails and changes nothing.
        let again = try reportDocument("r-a1", .daily, "a", at: stationA.path, day: "2026-12-03", version: 2)
        try await put(store, time, .writeReport, .reportWritten, [.report(again)])
        #expect(try await store.reportDocument(a1.report.id, scope: .everything) == again)
        await #expect(throws: StoreError.self) { try await put(store, time, .writeReport, .reportWritten, [.report(again)]) }
        #expect(try await store.report(a1.report.id, scope: .everything)?.version == 2)

        // A second report of the same (kind, jurisdiction, day, language) under another id is refused.
        let twin = try reportDocument("r-twin", .daily, "a", at: stationA.path, day: "2026-12-03")
        await #expect(throws: StoreError.self) { try await put(store, time, .writeReport, .reportWritten, [.report(twin)]) }
        #expect(try await store.report(twin.report.id, scope: .everything) == nil)
    }
}

extension StoreContract {
    /// What reports read a week of calls with: pages without the count, the same items in the
    /// same order, `total` the offset plus the items.
    static func incidentPagesWithoutCount(_ store: any Store, _ time: TestTime) async throws {
        let t0 = time.now()
        let incidents = (0..<5).map { k in
            Incident(id: IncidentID("i\(k)"), number: "N\(k)", jurisdictionID: JurisdictionID(k < 3 ? "a" : "b"), category: "dispute", priority: .p2,
                     location: Coordinate(lat: 31.2, lon: 121.4), address: "路", caller: Caller(), description: "",
                     times: IncidentTimes(receivedAt: t0 + Double(k) * 60), path: k < 3 ? stationA.path : stationB.path)
        }
        try await put(store, time, .createIncident, .incidentCreated, incidents.map { .incident($0) })
        var query = IncidentQuery(receivedFrom: t0, receivedTo: t0 + 240, limit: 2)
        let counted = try await store.incidents(query, scope: districtD)
        query.countTotal = false
        let uncounted = try await store.incidents(query, scope: districtD)
        #expect(counted.total == 5 && uncounted.total == 2)
        #expect(uncounted.items.map(\.id) == counted.items.map(\.id) && uncounted.items.map(\.id.rawValue) == ["i4", "i3"])
        query.offset = 4
        #expect(try await store.incidents(query, scope: districtD).total == 5)
        query.offset = 0
        #expect(try await store.incidents(query, scope: stationA).items.map(\.id.rawValue) == ["i2", "i1"])
    }
}
