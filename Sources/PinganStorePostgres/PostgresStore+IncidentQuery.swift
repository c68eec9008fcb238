import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// The incident list: the same filters, order and paging as the SQLite store, each value bound.
extension PostgresStore {
    public func incidents(_ query: IncidentQuery, scope: Scope) async throws -> Page<Incident> {
        let filter = IncidentFilter(query, scope: scope)
        let limit = min(max(query.limit, 1), IncidentQuery.maxLimit)
        let offset = max(query.offset, 0)
        var binds = filter.binds
        binds.append(Int64(limit))
        binds.append(Int64(offset))
        let n = binds.count
        if !query.countTotal {
            let sql = "SELECT doc FROM incidents WHERE \(filter.sql) ORDER BY received_at DESC, id DESC LIMIT $\(n - 1) OFFSET $\(n)"
            var items: [Incident] = []
            for try await doc in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode(String.self) {
                items.append(try ProjectionRow.decode(Incident.self, doc))
            }
            return Page(items: items, total: offset + items.count, offset: offset, limit: limit)
        }
        // One statement, so the total and the page come from one snapshot, as in SQLite's single
        // read. The LEFT JOIN yields one (total, NULL) row when the page is empty.
        let sql = """
            SELECT total.n, page.doc
            FROM (SELECT count(*) AS n FROM incidents WHERE \(filter.sql)) AS total
            LEFT JOIN LATERAL (
                SELECT doc, received_at, id FROM incidents WHERE \(filter.sql)
                ORDER BY received_at DESC, id DESC LIMIT $\(n - 1) OFFSET $\(n)
            ) AS page ON true
            ORDER BY page.received_at DESC, page.id DESC
            """
        var total = 0
        var items: [Incident] = []
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await (count, doc) in rows.decode((Int, String?).self) {
            total = count
            if let doc { items.append(try ProjectionRow.decode(Incident.self, doc)) }
        }
        return Page(items: items, total: total, offset: offset, limit: limit)
    }
}

/// The WHERE clause of an incident list with its bound values: the SQL names only columns and
/// numbered parameters, so text that looks like SQL (or like a LIKE pattern) stays text.
struct IncidentFilter {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()
    private var clauses: [String] = []

    init(_ query: IncidentQuery, scope: Scope) {
        let (lower, upper) = ProjectionRow.range(of: scope)
        add("path >= $", lower)
        add("path < $", upper)
        if let s = query.statuses, !s.isEmpty { add("status = ANY($)", s.map(\.rawValue)) }
        if let c = query.categories, !c.isEmpty { add("category = ANY($)", c) }
        if let p = query.priorities, !p.isEmpty { add("priority = ANY($)", p.map { Int64($0.rawValue) }) }
        if let j = query.jurisdictionID { add("jurisdiction_id = $", j.rawValue) }
        if let from = query.receivedFrom { add("received_at >= $", from.timeIntervalSince1970) }
        if let to = query.receivedTo { add("received_at <= $", to.timeIntervalSince1970) }
        if let a = query.area {
            add("lat BETWEEN $", a.south, " AND $", a.north)
            add("lon BETWEEN $", a.west, " AND $", a.east)
        }
        // strpos, not LIKE: `%` and `_` in the search text are plain characters, as with instr.
        if let text = query.text?.lowercased(), !text.isEmpty { add("strpos(search, $) > 0", text) }
        sql = clauses.joined(separator: " AND ")
    }

    /// Adds a clause whose `$` marks are numbered in order with the given values.
    private mutating func add(_ template: String, _ value: some PostgresDynamicTypeEncodable) {
        binds.append(value)
        clauses.append(template.replacingOccurrences(of: "$", with: "$\(binds.count)"))
    }

    private mutating func add(_ first: String, _ low: Double, _ second: String, _ high: Double) {
        binds.append(low)
        let a = binds.count
        binds.append(high)
        clauses.append("\(first)\(a)\(second)\(binds.count)")
    }
}
