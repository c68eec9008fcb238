import Foundation
import PinganApp
import PinganCore
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// `pingan report daily` and `pingan report duty-log` as an operator runs them on a data folder.
@Suite("pingan report")
struct ReportCommandTests {
    /// A data folder with the fixture organisation and two calls to station A today.
    static func dataDir() async throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("pingan.sqlite").path)
        try await store.migrate()
        let app = AppServices(store: store)
        let f = try await Fixtures.seed(app)
        for description in ["两人在店门口争吵", "店门口又吵起来了"] {
            _ = try await app.incidents.create(Fixtures.call(description), by: f.dispatcher).get()
        }
        return dir
    }

    static var today: String { ReportDay(containing: Date()).description }

    @Test func writesTheDailyReportAndStoresItAsTheNextVersionEachTime() async throws {
        let dir = try await Self.dataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("daily.html").path
        let args = ["report", "daily", "--date", Self.today, "--jurisdiction", "HP01", "--data-dir", dir.path, "--html", html]
        let first = try PinganProcess.run(args)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("HTML: \(html)"))
        #expect(first.output.contains("stored: daily-\(Self.today.replacingOccurrences(of: "-", with: ""))-zh-") && first.output.contains("version 1"))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("南京东路派出所") && page.contains("三情研判日报"))
        if let error = ReportPageCheck.strictParseError(page) { Issue.record("html5lib (strict): \(error)") }
        let second = try PinganProcess.run(args + ["--lang", "zh"])
        #expect(second.status == 0 && second.output.contains("version 2"), "\(second.output)")
        let english = try PinganProcess.run(["report", "daily", "--date", Self.today, "--jurisdiction", "HP01", "--data-dir", dir.path, "--lang", "en",
                                             "--html", dir.appendingPathComponent("en.html").path, "--no-store"])
        #expect(english.status == 0 && english.output.contains("not stored"), "\(english.output)")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("en.html").path, encoding: .utf8).contains("Daily situation report"))
    }

    @Test func aMissingChromiumIsSaidAndTheHTMLStillWritten() async throws {
        let dir = try await Self.dataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("duty.html").path, pdf = dir.appendingPathComponent("duty.pdf").path
        let r = try PinganProcess.run(["report", "duty-log", "--date", Self.today, "--jurisdiction", "HP01", "--data-dir", dir.path, "--html", html, "--pdf", pdf],
                                      environment: ["PINGAN_CHROMIUM": "/nonexistent/chromium"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("headless Chromium is not installed"))
        #expect(FileManager.default.fileExists(atPath: html) && !FileManager.default.fileExists(atPath: pdf))
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("值班日志"))
    }

    @Test(.enabled(if: ReportPageCheck.pdfTools != nil, "needs chromium and pdftoppm"))
    func writesThePDFWhereChromiumIsInstalled() async throws {
        let dir = try await Self.dataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("daily.pdf").path
        let r = try PinganProcess.run(["report", "daily", "--date", Self.today, "--jurisdiction", "HP", "--data-dir", dir.path,
                                       "--html", dir.appendingPathComponent("d.html").path, "--pdf", pdf])
        #expect(r.status == 0 && r.output.contains("PDF: \(pdf)"), "\(r.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5) == Data("%PDF-".utf8))
    }

    @Test func badInputFailsWithAMessage() async throws {
        let dir = try await Self.dataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func run(_ extra: [String]) throws -> (status: Int32, output: String) {
            try PinganProcess.run(["report"] + extra + ["--data-dir", dir.path, "--html", dir.appendingPathComponent("x.html").path])
        }
        let unknown = try run(["daily", "--date", Self.today, "--jurisdiction", "NOPE"])
        #expect(unknown.status != 0 && unknown.output.contains("unknown jurisdiction NOPE"), "\(unknown.output)")
        let impossible = try run(["daily", "--date", "2026-02-30", "--jurisdiction", "HP01"])
        #expect(impossible.status != 0 && impossible.output.contains("real date"), "\(impossible.output)")
        let future = try run(["daily", "--date", ReportDay(containing: Date()).advanced(by: 2).description, "--jurisdiction", "HP01"])
        #expect(future.status != 0 && future.output.contains("has not begun yet"), "\(future.output)")
        let district = try run(["duty-log", "--date", Self.today, "--jurisdiction", "HP"])
        #expect(district.status != 0 && district.output.contains("a duty log is kept by a station"), "\(district.output)")
        let language = try run(["daily", "--date", Self.today, "--jurisdiction", "HP01", "--lang", "fr"])
        #expect(language.status != 0 && language.output.contains("--lang is zh or en"), "\(language.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.html").path))
    }
}
