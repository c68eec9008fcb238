import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `ReportStore`: descriptions from `doc`, the pages from their own columns only when asked.
extension PostgresStore {
    public func reports(_ query: ReportQuery, scope: Scope) async throws -> [Report] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var binds = PostgresBindings()
        binds.append(lower)
        binds.append(upper)
        var clauses = ["path >= $1 AND path < $2"]
        if let kinds = query.kinds {
            guard !kinds.isEmpty else { return [] }
            binds.append(kinds.map(\.rawValue))
            clauses.append("kind = ANY($\(binds.count))")
        }
        if let j = query.jurisdictionID { binds.append(j.rawValue); clauses.append("jurisdiction_id = $\(binds.count)") }
        if let language = query.language { binds.append(language.rawValue); clauses.append("language = $\(binds.count)") }
        if let from = query.from { binds.append(from.description); clauses.append("day >= $\(binds.count)") }
        if let to = query.to { binds.append(to.description); clauses.append("day <= $\(binds.count)") }
        binds.append(min(max(query.limit, 1), ReportQuery.maxLimit))
        binds.append(max(query.offset, 0))
        let sql = "SELECT doc FROM reports WHERE \(clauses.joined(separator: " AND ")) ORDER BY day DESC, kind, language, path, id LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        return try await strings(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try ProjectionRow.decode(Report.self, $0) }
    }

    public func report(_ id: ReportID, scope: Scope) async throws -> Report? { try await one(.reports, id.rawValue, scope) }

    public func reportDocument(_ id: ReportID, scope: Scope) async throws -> ReportDocument? {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let rows = try await client.query("SELECT doc, html, pdf FROM reports WHERE id = \(id.rawValue) AND path >= \(lower) AND path < \(upper)",
                                          logger: logger)
        for try await (doc, html, pdf) in rows.decode((String, String, String).self) {
            return try ProjectionRow.reportDocument(doc: doc, html: html, pdf: pdf)
        }
        return nil
    }
}
