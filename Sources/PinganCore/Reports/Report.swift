import Foundation

public typealias ReportID = Identifier<Report>

/// A stored report (三情研判 daily situation report or 值班日志 station duty log): what it is
/// about and who wrote it, without its pages. The pages (`ReportDocument`) are read only when
/// someone opens the report; lists carry this much.
///
/// One report per (kind, jurisdiction, day, language): writing it again replaces the pages and
/// raises `version`, and each write is a `report.written` event carrying the pages' SHA-256, so
/// the audit log shows every version that was ever issued even though only the latest is kept.
public struct Report: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// 三情研判: a jurisdiction's day (incidents, response, hotspots, notable and overdue work).
        case daily
        /// 值班日志: a station's day (shifts, units on duty, incidents handled, handovers).
        case dutyLog
    }

    public enum Language: String, Codable, Sendable, CaseIterable {
        case zh, en
    }

    public var id: ReportID
    public var kind: Kind
    public var jurisdictionID: JurisdictionID
    /// The jurisdiction's name when the report was written (in the report's language).
    public var jurisdictionName: String
    public var date: ReportDay
    public var language: Language
    public var generatedAt: Date
    /// The user's name, or `scheduler` for the daily job.
    public var generatedBy: String
    public var htmlBytes: Int
    public var htmlSHA256: String
    /// Nil when no PDF is stored (Chromium was not installed where it was written, or none was asked for).
    public var pdfBytes: Int?
    public var pdfSHA256: String?
    /// The jurisdiction's path: the report is seen by those whose scope holds the jurisdiction.
    public var path: String
    public var version: Int

    public init(id: ReportID, kind: Kind, jurisdictionID: JurisdictionID, jurisdictionName: String, date: ReportDay, language: Language,
                generatedAt: Date, generatedBy: String, htmlBytes: Int, htmlSHA256: String, pdfBytes: Int? = nil, pdfSHA256: String? = nil,
                path: String, version: Int = 1) {
        self.id = id
        self.kind = kind
        self.jurisdictionID = jurisdictionID
        self.jurisdictionName = jurisdictionName
        self.date = date
        self.language = language
        self.generatedAt = generatedAt
        self.generatedBy = generatedBy
        self.htmlBytes = htmlBytes
        self.htmlSHA256 = htmlSHA256
        self.pdfBytes = pdfBytes
        self.pdfSHA256 = pdfSHA256
        self.path = path
        self.version = version
    }

    /// The one identifier of (kind, jurisdiction, day, language), readable in a URL
    /// (`daily-20261204-zh-sim-d1-s1`): a second write of the same report finds the first by it,
    /// and two instances writing it at once collide on it instead of storing two. A jurisdiction
    /// ID long enough to push it past 200 characters is replaced by `digest` of the whole key.
    public static func id(kind: Kind, jurisdictionID: JurisdictionID, date: ReportDay, language: Language,
                          digest: (String) -> String) -> ReportID {
        let prefix = (kind == .daily ? "daily-" : "duty-") + date.compact + "-" + language.rawValue + "-"
        let readable = prefix + jurisdictionID.rawValue
        return ReportID(readable.unicodeScalars.count <= 200 ? readable : prefix + "h" + digest(readable).prefix(40))
    }
}

/// A report with its pages: the HTML always, the PDF when one was printed. What the store keeps
/// per report and what an export carries.
public struct ReportDocument: Codable, Sendable, Hashable {
    public var report: Report
    /// A self-contained HTML5 page (inline CSS and SVG, no scripts, nothing fetched).
    public var html: String
    public var pdf: Data?

    public init(report: Report, html: String, pdf: Data? = nil) {
        self.report = report
        self.html = html
        self.pdf = pdf
    }

    enum CodingKeys: String, CodingKey { case report, html, pdf }

    /// The PDF travels as base64 text whatever the coder (the platform's own JSON value coder
    /// would otherwise write a byte array).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        report = try c.decode(Report.self, forKey: .report)
        html = try c.decode(String.self, forKey: .html)
        if let text = try c.decodeIfPresent(String.self, forKey: .pdf) {
            guard let bytes = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: .pdf, in: c, debugDescription: "the PDF is not base64")
            }
            pdf = bytes
        } else {
            pdf = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report, forKey: .report)
        try c.encode(html, forKey: .html)
        try c.encodeIfPresent(pdf?.base64EncodedString(), forKey: .pdf)
    }

    /// Largest HTML page stored (a city's day with its map stays far below it).
    public static let maxHTMLBytes = 8 << 20
    /// Largest PDF stored.
    public static let maxPDFBytes = 16 << 20
}
