import ArgumentParser
import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// `pingan report …`: the daily situation report (三情研判) and the station duty log (值班日志)
/// of a China Standard Time day, written as HTML (always) and PDF (with headless Chromium), and
/// stored like the ones the server's daily job writes (an audited `report.written`; writing the
/// same report again replaces it as its next version).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write a daily report or a station duty log (HTML, PDF) and store it.",
                                                    subcommands: [Daily.self, DutyLog.self])

    /// What both kinds take.
    struct Options: ParsableArguments {
        @Option(help: "The day, YYYY-MM-DD (China Standard Time); today gives the day so far, a later day is refused.") var date: String
        @Option(help: "The jurisdiction: its ID or its code (HP01).") var jurisdiction: String
        @Option(help: "Write the HTML page here (default: <kind>-<date>-<lang>-<code>.html in the current folder).") var html: String?
        @Option(help: "Write the PDF here too (needs headless Chromium: PATH or PINGAN_CHROMIUM; without it, says so and still writes the HTML).")
        var pdf: String?
        @Option(help: "Language of the page: zh or en.") var lang: String = "zh"
        @Flag(help: "Only write the files; do not store the report.") var noStore = false
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard Report.Language(rawValue: lang) != nil else { throw ValidationError("--lang is zh or en") }
            do { _ = try ReportDay(date, field: "date") } catch { throw ValidationError("--date: \(error.message)") }
        }
    }

    struct Daily: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daily", abstract: "Write (and store) a jurisdiction's daily situation report (三情研判).",
            discussion: """
                The day's figures against the day before (环比) and the same date a year before (同比), a 28-day trend, incidents by category \
                and by the jurisdictions below, the day's hotspot cells and tomorrow's forecast, a map, the P1, high-risk, duplicate and \
                overdue incidents, and the day's alerts and referrals. The report is stored (as the next version when one is already \
                stored for that jurisdiction, day and language) unless --no-store is given.
                """)
        @OptionGroup var options: Options
        func run() async throws { try await options.write(.daily) }
    }

    struct DutyLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "duty-log", abstract: "Write (and store) a station's duty log (值班日志).",
            discussion: """
                Shifts as the units' status history shows them (a shift change is a relief: some unit coming on and another going off \
                within the hour), the units on duty in each shift, the incidents handled with their times and outcomes, and what was \
                open at each change. The report is stored unless --no-store is given.
                """)
        @OptionGroup var options: Options
        func run() async throws { try await options.write(.dutyLog) }
    }
}

extension ReportCommand.Options {
    /// Says what went wrong on stderr and exits 1.
    func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }

    func write(_ kind: Report.Kind) async throws {
        let language = Report.Language(rawValue: lang) ?? .zh
        let day: ReportDay
        do { day = try ReportDay(date, field: "date") } catch { throw fail(error.message) }
        let opened = try await storeOptions.open()
        let outcome: Result<(ReportBuilder.Built, Report?), any Error>
        do {
            let store = opened.store
            var found = try await store.jurisdiction(JurisdictionID(jurisdiction), scope: .everything)
            if found == nil { found = try await store.jurisdictions(scope: .everything).first { $0.code == jurisdiction } }
            guard let subject = found else {
                await opened.close()
                throw fail("unknown jurisdiction \(jurisdiction.prefix(80)): give a jurisdiction's ID or code")
            }
            let now = Date()
            do { try ReportDecider.check(kind: kind, jurisdiction: subject, date: day, now: now) } catch {
                await opened.close()
                throw fail(error.message)
            }
            let builder = ReportBuilder(store: store, printer: ChromiumPDF.find())
            let built = try await builder.build(kind: kind, jurisdiction: subject, date: day, language: language, asOf: now, pdf: pdf != nil)
            var stored: Report? = nil
            if !noStore {
                stored = try await AppServices(store: store).reports.write(built.draft, by: Actor(.shellOperator), scope: .everything).get()
            }
            outcome = .success((built, stored))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            outcome = .failure(error)
        }
        await opened.close()
        let (built, stored) = try outcome.get()
        let draft = built.draft
        let htmlPath = html ?? "\(kind.rawValue)-\(day)-\(language.rawValue)-\(draft.jurisdiction.code.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }).html"
        do { try Data(draft.html.utf8).write(to: URL(fileURLWithPath: htmlPath)) } catch { throw fail("cannot write \(htmlPath): \(error.localizedDescription)") }
        print("HTML: \(htmlPath) (\(draft.html.utf8.count) bytes)")
        if let pdfPath = pdf {
            if let bytes = draft.pdf {
                do { try bytes.write(to: URL(fileURLWithPath: pdfPath)) } catch { throw fail("cannot write \(pdfPath): \(error.localizedDescription)") }
                print("PDF: \(pdfPath) (\(bytes.count) bytes)")
            } else {
                FileHandle.standardError.write(Data("\(built.pdfProblem ?? ChromiumPDF.notInstalledMessage)\n".utf8))
            }
        }
        if let stored {
            print("stored: \(stored.id) version \(stored.version)")
        } else {
            print("not stored (--no-store)")
        }
    }
}
