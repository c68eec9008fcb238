import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganStore

/// Supervision (督办) over HTTP: the board of overdue work and its reminders, acknowledging
/// one's own stage, and the overdue-feedback rate (警情超时反馈率) per station and agency per
/// day, computed from the event log.
struct SupervisionController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct Listing: Encodable {
        var items: [SupervisionCase]
    }

    struct RateReport: Encodable {
        var from: String
        var to: String
        var rows: [OverdueFeedbackRate.Row]
        /// The whole range per owner kind: due, overdue, rate.
        var totals: [String: Total]

        struct Total: Encodable {
            var due: Int
            var overdue: Int
            var rate: Double
        }
    }

    /// Events one report may read; a longer log is refused rather than read half.
    static let maxEvents = 2_000_000

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("supervision", use: board)
        group.post("supervision/{id}/acknowledge", use: acknowledge)
        group.get("reports/overdue-feedback", use: overdueFeedback)
    }

    @Sendable func board(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.readIncidents, .readReferrals])
        let params = request.uri.queryParameters
        // Open cases unless asked otherwise; `all` for every state.
        let statuses = params["status"] == "all" ? nil : try QueryList.values(params["status"], "status", as: SupervisionCase.Status.self) ?? [.open]
        let items = try await deps.app.supervision.board(
            for: user, statuses: statuses,
            limit: try MessageController.integer(params["limit"], "limit").map { min(max($0, 1), SupervisionQuery.maxLimit) } ?? 200,
            offset: try MessageController.integer(params["offset"], "offset") ?? 0)
        return try JSONReply(.ok, Listing(items: items)).response
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.acknowledgeSupervision)
        let id = SupervisionCaseID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(AlertController.Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.supervision.acknowledge(id, by: user, idempotency: $0)
        }
    }

    /// `?from=&to=` (days, `YYYY-MM-DD`, China Standard Time; default the last 7 days): the share
    /// of feedback that came after its deadline among the feedback that fell due each day.
    @Sendable func overdueFeedback(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let params = request.uri.queryParameters
        let now = deps.time.now()
        let today = OverdueFeedbackRate.chinaDay(now)
        let to = try Self.day(params["to"], "to") ?? today
        let from = try Self.day(params["from"], "from") ?? OverdueFeedbackRate.chinaDay(now - 6 * 86_400)
        var rate = OverdueFeedbackRate()
        var after: Int64 = 0
        var read = 0
        while true {
            let batch = try await deps.store.events(after: after, scope: user.scope, limit: 5000)
            for e in batch where e.type.rawValue.hasPrefix("incident.") || e.type.rawValue.hasPrefix("referral.") {
                rate.add(Event(type: e.type, subject: e.subject, path: e.path, data: e.data))
            }
            read += batch.count
            if read > Self.maxEvents { throw DomainError.invalid("from", "the log is too long to report on here; use pingan report") }
            guard let last = batch.last?.seq, batch.count == 5000 else { break }
            after = last
        }
        let rows = rate.rows(at: now).filter { $0.day >= from && $0.day <= to }
        var totals: [String: RateReport.Total] = [:]
        for kind in OverdueFeedbackRate.OwnerKind.allCases {
            let mine = rows.filter { $0.ownerKind == kind }
            let due = mine.reduce(0) { $0 + $1.due }, overdue = mine.reduce(0) { $0 + $1.overdue }
            totals[kind.rawValue] = .init(due: due, overdue: overdue, rate: due == 0 ? 0 : Double(overdue) / Double(due))
        }
        return try JSONReply(.ok, RateReport(from: from, to: to, rows: rows, totals: totals)).response
    }

    /// A day as the report takes it: 1970-01-01 to 9999-12-31, months and days in range.
    static let daySchema = Schema.string(.init(pattern: "^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))

    static func day(_ raw: Substring?, _ field: String) throws -> String? {
        guard let raw else { return nil }
        let s = String(raw)
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1970...9999).contains(y), (1...12).contains(m), (1...31).contains(d)
        else { throw Problem.invalidField(field, "\(field) is a day, YYYY-MM-DD") }
        return s
    }
}
