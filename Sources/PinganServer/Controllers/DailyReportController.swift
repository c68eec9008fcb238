import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganStore

/// Stored reports over HTTP: the daily situation reports (三情研判) and station duty logs (值班日志)
/// the daily job and people have written, listed and opened as HTML or PDF, and a report of any
/// past day (or today so far) written on demand.
///
/// Reading takes `readIncidents`, as the other reports do (a report shows the incidents of its
/// jurisdiction, never a caller). Writing takes `writeIncidents` (those who run the ground: a
/// station officer writes the station's duty log, a dispatcher the district's day) or `readAudit`
/// (those who assess the work: supervisors and auditors write the 三情研判): a report changes no
/// operational data, it draws what is there, and each write is audited. Both are scoped: a report
/// of a jurisdiction outside the caller's scope is not found, whether it exists or not.
struct DailyReportController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct WriteRequest: RequestBody {
        var kind: Report.Kind
        var jurisdiction: JurisdictionID
        var date: String
        var language: Report.Language?
        /// Print a PDF too when Chromium is installed (default true).
        var pdf: Bool?

        static let schema = Schema.record(["kind": .oneOf(Report.Kind.self), "jurisdiction": .id, "date": SupervisionController.daySchema,
                                           "language": .oneOf(Report.Language.self), "pdf": .boolean], optional: ["language", "pdf"])
    }

    /// A report's description with where its pages are.
    struct View: Encodable {
        var report: Report

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            enum K: String, CodingKey { case links }
            var c = encoder.container(keyedBy: K.self)
            var links = ["html": "/v1/reports/\(report.id.rawValue)/html", "self": "/v1/reports/\(report.id.rawValue)"]
            if report.pdfBytes != nil { links["pdf"] = "/v1/reports/\(report.id.rawValue)/pdf" }
            try c.encode(links, forKey: .links)
        }
    }

    struct Listing: Encodable {
        var items: [View]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("reports", use: list)
        group.post("reports", use: write)
        group.get("reports/{id}", use: show)
        group.get("reports/{id}/html", use: html)
        group.get("reports/{id}/pdf", use: pdf)
    }

    /// `?kind=&jurisdiction=&from=&to=&language=&limit=&offset=`: newest day first.
    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let params = request.uri.queryParameters
        var query = ReportQuery(kinds: try QueryList.values(params["kind"], "kind", as: Report.Kind.self),
                                limit: try MessageController.integer(params["limit"], "limit") ?? 100,
                                offset: try MessageController.integer(params["offset"], "offset") ?? 0)
        if let j = params["jurisdiction"] { query.jurisdictionID = JurisdictionID(try Problem.identifier(j, field: "jurisdiction")) }
        if let l = params["language"] {
            guard let language = Report.Language(rawValue: String(l)) else { throw Problem.invalidField("language", "language is zh or en") }
            query.language = language
        }
        if let from = try SupervisionController.day(params["from"], "from") { query.from = try ReportDay(from, field: "from") }
        if let to = try SupervisionController.day(params["to"], "to") { query.to = try ReportDay(to, field: "to") }
        let items = try await deps.store.reports(query, scope: user.scope)
        return try JSONReply(.ok, Listing(items: items.map(View.init))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let id = ReportID(try context.id())
        guard let report = try await deps.store.report(id, scope: user.scope) else { throw DomainError.notFound("report", id.rawValue) }
        return try JSONReply(.ok, View(report: report)).response
    }

    /// The page itself. It holds no script; the policy header says so to the browser as well,
    /// so even a page stored by a future bug could run nothing.
    @Sendable func html(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let id = ReportID(try context.id())
        guard let document = try await deps.store.reportDocument(id, scope: user.scope) else { throw DomainError.notFound("report", id.rawValue) }
        return Response(status: .ok, headers: Self.pageHeaders("text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: document.html)))
    }

    @Sendable func pdf(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let id = ReportID(try context.id())
        guard let document = try await deps.store.reportDocument(id, scope: user.scope) else { throw DomainError.notFound("report", id.rawValue) }
        guard let pdf = document.pdf else {
            throw DomainError(.noPDF, "report \(id.rawValue.prefix(80)) was stored without a PDF (Chromium was not installed where it was written)")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[HeaderName("X-Content-Type-Options")!] = "nosniff"
        headers[HeaderName("Content-Disposition")!] = "inline; filename=\"\(Self.fileName(document.report)).pdf\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    /// Writes (or writes again) the report of a jurisdiction and day now; answers its description.
    @Sendable func write(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.writeIncidents, .readAudit])
        let bytes = try await deps.body.bytes(request)
        let body = try deps.body.decode(WriteRequest.self, from: bytes)
        let date = try ReportDay(body.date, field: "date")
        guard let jurisdiction = try await deps.store.jurisdiction(body.jurisdiction, scope: user.scope) else {
            throw DomainError.notFound("jurisdiction", body.jurisdiction.rawValue)
        }
        let now = deps.time.now()
        try ReportDecider.check(kind: body.kind, jurisdiction: jurisdiction, date: date, now: now)
        let builder = ReportBuilder(store: deps.store, stats: deps.stats, printer: ChromiumPDF.find())
        let built = try await builder.build(kind: body.kind, jurisdiction: jurisdiction, date: date, language: body.language ?? .zh, asOf: now,
                                            pdf: body.pdf ?? true)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, View(report: $0)) }) {
            try await deps.app.reports.write(built.draft, by: Actor(user), scope: user.scope, idempotency: $0)
        }
    }

    /// `daily-2026-12-04-zh-HP01`: what a downloaded page is called.
    static func fileName(_ r: Report) -> String {
        let code = r.jurisdictionName.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            ? r.jurisdictionName : r.jurisdictionID.rawValue.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return "\(r.kind.rawValue)-\(r.date)-\(r.language.rawValue)-\(code.prefix(40))"
    }

    static func pageHeaders(_ type: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[HeaderName("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        headers[HeaderName("X-Content-Type-Options")!] = "nosniff"
        return headers
    }
}
