import Foundation
import PinganCore

/// Stored reports (三情研判, 值班日志). A report is seen by those whose scope holds its
/// jurisdiction (its `path`), like everything else; lists carry descriptions, and the pages are
/// read one report at a time. Reports are written through the command runner (`EntityWrite.report`).
public protocol ReportStore: Sendable {
    /// Reports in scope matching `query`, newest day first (then kind, language, jurisdiction).
    func reports(_ query: ReportQuery, scope: Scope) async throws -> [Report]
    /// One report's description, when it is in scope.
    func report(_ id: ReportID, scope: Scope) async throws -> Report?
    /// One report with its pages, when it is in scope.
    func reportDocument(_ id: ReportID, scope: Scope) async throws -> ReportDocument?
}
