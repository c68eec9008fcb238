import Foundation
import Logging
import PinganAnalytics
import PinganApp
import PinganCore
import PinganStore
import ServiceLifecycle

/// The daily job (like Longnan's platform, which writes the 三情研判 and every station's 值班日志
/// by itself): at `hour` of the China Standard Time day it writes the previous day's daily
/// report for the city, each district and each station, and each station's duty log, in each of
/// `languages`, with a PDF where Chromium is installed.
///
/// **Once.** Each report is written only where none is stored for its (kind, jurisdiction, day,
/// language) — checked before the work and again in the write's own transaction — so a restart,
/// or several instances on one database, never write a day twice, and a day missed while the
/// server was down is written when it next runs (the latest due day only). A day that ended
/// before the deployment's first event and its first (possibly imported) call has nothing to
/// report and is skipped.
///
/// Every minute it asks the clock (`TimeSource`, so tests move it) which day is due; the work
/// runs at most once per day per instance, and a failure is retried at the next minute.
struct ReportScheduler: Service {
    let builder: ReportBuilder
    let reports: ReportCommands
    let store: any Store
    let time: any TimeSource
    let hour: Int
    let languages: [Report.Language]
    let pdf: Bool
    let logger: Logger
    var poll: Duration = .seconds(60)

    /// Who the audit log says wrote the reports.
    static let actor = Actor(id: "system", name: "scheduler")

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var done: ReportDay? = nil
            while !Task.isCancelled {
                let due = Self.dueDay(now: time.now(), hour: hour)
                if due != done {
                    await waitForStatistics()
                    do {
                        // Nil: nothing had happened by the day's end (yet: a history may still be imported); asked again next time.
                        if let written = try await writeDue(due) {
                            if written > 0 { logger.info("daily reports written", metadata: ["day": "\(due)", "reports": "\(written)"]) }
                            done = due
                        }
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.warning("daily reports failed; retrying", metadata: ["day": "\(due)", "error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: poll)
            }
        }
    }

    /// Waits (up to ten minutes) for the server's statistics to load, so each report's figures
    /// come from memory rather than from a month of incidents read again per report.
    func waitForStatistics() async {
        guard let stats = builder.stats else { return }
        let deadline = ContinuousClock.now.advanced(by: .seconds(600))
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if case .loading = stats.currentState {
                try? await Task.sleep(for: .seconds(2))
            } else {
                return
            }
        }
    }

    /// The latest day whose reports are due at `now`: yesterday once today's `hour` has come,
    /// the day before it until then.
    static func dueDay(now: Date, hour: Int) -> ReportDay {
        let today = ReportDay(containing: now)
        let reached = now.timeIntervalSince(today.start) >= Double(hour) * 3600
        return today.advanced(by: reached ? -1 : -2)
    }

    /// What the job writes for a day: (kind, jurisdiction) for the city, districts and stations.
    static func jobs(_ jurisdictions: [Jurisdiction]) -> [(Report.Kind, Jurisdiction)] {
        let active = jurisdictions.filter { $0.active && $0.level != .community }.sorted { $0.path < $1.path }
        return active.map { (.daily, $0) } + active.filter { $0.level == .station }.map { (.dutyLog, $0) }
    }

    /// Writes every report of `day` not stored yet; answers how many it wrote, or nil when the
    /// deployment holds nothing from before the day's end (no event, no call) to report on.
    @discardableResult
    func writeDue(_ day: ReportDay) async throws -> Int? {
        // Nothing happened by the day's end (no event yet, no call received, imported ones too): nothing to report.
        let firstEvent = try await store.events(after: 0, scope: .everything, limit: 1).first
        if !(firstEvent.map { $0.at < day.end } ?? false),
           try await store.incidents(IncidentQuery(receivedTo: day.end, limit: 1), scope: .everything).total == 0 { return nil }
        let now = time.now()
        var written = 0
        for (kind, jurisdiction) in Self.jobs(try await store.jurisdictions(scope: .everything)) {
            for language in languages {
                try Task.checkCancellation()
                if try await reports.exists(kind: kind, jurisdictionID: jurisdiction.id, date: day, language: language) { continue }
                let built = try await builder.build(kind: kind, jurisdiction: jurisdiction, date: day, language: language, asOf: now, pdf: pdf)
                if let problem = built.pdfProblem, written == 0 { logger.notice("daily reports without PDF", metadata: ["why": "\(problem)"]) }
                if try await reports.writeIfAbsent(built.draft, by: Self.actor) != nil { written += 1 }
            }
        }
        return written
    }
}
