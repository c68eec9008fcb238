import Foundation

/// Whether a report may be stored, and what storing it records. Pure: the application layer
/// reads the current version and hashes the pages, this decides.
public enum ReportDecider {
    /// A report as written, before it is stored.
    public struct Draft: Sendable, Hashable {
        public var kind: Report.Kind
        public var jurisdiction: Jurisdiction
        public var date: ReportDay
        public var language: Report.Language
        public var html: String
        public var pdf: Data?

        public init(kind: Report.Kind, jurisdiction: Jurisdiction, date: ReportDay, language: Report.Language, html: String, pdf: Data? = nil) {
            self.kind = kind
            self.jurisdiction = jurisdiction
            self.date = date
            self.language = language
            self.html = html
            self.pdf = pdf
        }
    }

    /// The checks a report's subject must pass before anything is assembled: a day that has
    /// begun (CST), and a station for a duty log.
    public static func check(kind: Report.Kind, jurisdiction: Jurisdiction, date: ReportDay, now: Date) throws(DomainError) {
        let today = ReportDay(containing: now)
        guard date <= today else {
            throw DomainError(.dateInFuture, field: "date", "\(date) has not begun yet (today is \(today), China Standard Time)")
        }
        if kind == .dutyLog && jurisdiction.level != .station {
            throw DomainError.invalid("jurisdiction", "a duty log is kept by a station; \(jurisdiction.code) is a \(jurisdiction.level.rawValue)")
        }
    }

    /// Stores `draft` as version 1, or as the next version of `existing`.
    /// - Parameters:
    ///   - id: The report's identifier (`Report.id(kind:jurisdictionID:date:language:digest:)`).
    ///   - existing: The stored report of the same (kind, jurisdiction, day, language), if any.
    ///   - ifAbsent: Leave an existing report alone (the scheduler after a restart): nil document, no events.
    ///   - htmlSHA256, pdfSHA256: The pages' digests, lower-case hex.
    /// - Returns: The event and the document to store, or nothing when `ifAbsent` found one.
    public static func write(_ draft: Draft, id: ReportID, existing: Report?, ifAbsent: Bool = false, by: String,
                             htmlSHA256: String, pdfSHA256: String?, now: Date) throws(DomainError) -> (events: [Event], document: ReportDocument?) {
        if ifAbsent, existing != nil { return ([], nil) }
        try check(kind: draft.kind, jurisdiction: draft.jurisdiction, date: draft.date, now: now)
        let htmlBytes = draft.html.utf8.count
        guard htmlBytes > 0 else { throw DomainError.invalid("html", "a report has pages") }
        guard htmlBytes <= ReportDocument.maxHTMLBytes else {
            throw DomainError(.reportTooLarge, field: "html", "the report's HTML is \(htmlBytes) bytes, over the \(ReportDocument.maxHTMLBytes) kept")
        }
        if let pdf = draft.pdf, pdf.count > ReportDocument.maxPDFBytes {
            throw DomainError(.reportTooLarge, field: "pdf", "the report's PDF is \(pdf.count) bytes, over the \(ReportDocument.maxPDFBytes) kept")
        }
        let j = draft.jurisdiction
        let name = draft.language == .en ? (j.nameEn ?? j.name) : j.name
        let report = Report(id: id, kind: draft.kind, jurisdictionID: j.id, jurisdictionName: name, date: draft.date, language: draft.language,
                            generatedAt: now, generatedBy: by, htmlBytes: htmlBytes, htmlSHA256: htmlSHA256,
                            pdfBytes: draft.pdf?.count, pdfSHA256: draft.pdf == nil ? nil : pdfSHA256,
                            path: j.path, version: (existing?.version ?? 0) + 1)
        let event: Event
        do {
            event = try Event(.reportWritten, subject: id.rawValue, path: j.path, payload: ReportEventData(report: report, replaced: existing?.version))
        } catch {
            throw DomainError.invalid("report", "the report's description does not encode: \(error)")
        }
        return ([event], ReportDocument(report: report, html: draft.html, pdf: draft.pdf))
    }
}
