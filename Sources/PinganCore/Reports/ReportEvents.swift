/// The event of a report written (or written again): kept beside the feature, as triage keeps
/// its own, so the shared list in `Event.swift` is not edited by every feature at once.
extension EventType {
    public static let reportWritten: EventType = "report.written"
}

/// The payload of `report.written`: the report's description with the pages' sizes and SHA-256,
/// not the pages themselves (the log stays small; the hash proves which pages were issued).
public struct ReportEventData: EventPayload, Hashable {
    public var report: Report
    /// The version this write replaced, nil for the first.
    public var replaced: Int?

    public init(report: Report, replaced: Int?) {
        self.report = report
        self.replaced = replaced
    }
}

/// Refusals of reports, stable like every code.
extension DomainError.Code {
    /// A report asked for a day that has not begun yet (China Standard Time).
    public static let dateInFuture: Self = "date_in_future"
    /// The pages are larger than the store keeps (`ReportDocument.maxHTMLBytes`, `maxPDFBytes`).
    public static let reportTooLarge: Self = "report_too_large"
    /// The report was stored without a PDF.
    public static let noPDF: Self = "no_pdf"
}
