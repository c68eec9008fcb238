import Foundation
import GRDB
import PinganCore
import PinganStore

/// `ReportStore`: descriptions from `doc`, the pages from their own columns only when asked.
extension SQLiteStore {
    public func reports(_ query: ReportQuery, scope: Scope) async throws -> [Report] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var clauses = ["path >= ? AND path < ?"]
        var args: [any DatabaseValueConvertible] = [lower, upper]
        if let kinds = query.kinds {
            guard !kinds.isEmpty else { return [] }
            clauses.append("kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))")
            args += kinds.map(\.rawValue)
        }
        if let j = query.jurisdictionID { clauses.append("jurisdiction_id = ?"); args.append(j.rawValue) }
        if let language = query.language { clauses.append("language = ?"); args.append(language.rawValue) }
        if let from = query.from { clauses.append("day >= ?"); args.append(from.description) }
        if let to = query.to { clauses.append("day <= ?"); args.append(to.description) }
        args += [min(max(query.limit, 1), ReportQuery.maxLimit), max(query.offset, 0)]
        let sql = "SELECT doc FROM reports WHERE \(clauses.joined(separator: " AND ")) ORDER BY day DESC, kind, language, path, id LIMIT ? OFFSET ?"
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let docs = try await writer.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        return try docs.map { try ProjectionRow.decode(Report.self, $0) }
    }

    public func report(_ id: ReportID, scope: Scope) async throws -> Report? { try await one("reports", id.rawValue, scope) }

    public func reportDocument(_ id: ReportID, scope: Scope) async throws -> ReportDocument? {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let columns = try await writer.read { db -> [String]? in
            try Row.fetchOne(db, sql: "SELECT doc, html, pdf FROM reports WHERE id = ? AND path >= ? AND path < ?", arguments: [id.rawValue, lower, upper])
                .map { [$0["doc"], $0["html"], $0["pdf"]] }
        }
        guard let columns else { return nil }
        return try ProjectionRow.reportDocument(doc: columns[0], html: columns[1], pdf: columns[2])
    }
}
