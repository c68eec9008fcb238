import Foundation
import PinganCore
import PinganStore
import PinganStoreSQLite
import Testing

/// `pingan export` / `pingan import` carry stored reports with their pages: the log's
/// `report.written` events only name the pages by their hash.
@Suite("Deployment archive with reports")
struct ReportArchiveTests {
    @Test("reports and their HTML and PDF survive an export and import")
    func roundTrip() async throws {
        let source = try SQLiteStore.inMemory()
        try await source.migrate()
        let t0 = Date(auditMilliseconds: 1_790_000_000_000)
        func document(_ id: String, _ kind: Report.Kind, pdf: Data?) throws -> ReportDocument {
            let html = "<!DOCTYPE html><html lang=\"zh-CN\"><title>\(id)</title><p>南京东路 &amp; 外滩</p></html>"
            let report = Report(id: ReportID(id), kind: kind, jurisdictionID: JurisdictionID("s1"), jurisdictionName: "南京东路派出所",
                                date: try ReportDay("2026-12-04"), language: .zh, generatedAt: t0, generatedBy: "scheduler", htmlBytes: html.utf8.count,
                                htmlSHA256: String(repeating: "c", count: 64), pdfBytes: pdf?.count, pdfSHA256: pdf.map { _ in String(repeating: "d", count: 64) },
                                path: "/c/s1/")
            return ReportDocument(report: report, html: html, pdf: pdf)
        }
        let daily = try document("daily-20261204-zh-s1", .daily, pdf: Data([0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x80, 0x0A]))
        let duty = try document("duty-20261204-zh-s1", .dutyLog, pdf: nil)
        _ = try await source.commit(Changeset(actor: .system, command: .writeReport, at: t0,
                                              events: [Event(type: .reportWritten, subject: daily.report.id.rawValue, path: "/c/s1/", data: .null)],
                                              writes: [.report(daily), .report(duty)]))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-archive-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let exported = try await DeploymentArchive.export(source, to: handle)
        try handle.close()
        #expect(exported.entities == 2)

        let target = try SQLiteStore.inMemory()
        try await target.migrate()
        #expect(try await DeploymentArchive.restore(from: file, into: target).entities == 2)
        #expect(try await target.reportDocument(daily.report.id, scope: .everything) == daily)
        #expect(try await target.reportDocument(duty.report.id, scope: .everything) == duty)
        #expect(try await target.reports(ReportQuery(), scope: .everything).count == 2)
        #expect(try await target.verifyChain().isIntact)
    }
}
