import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections`: scoped reads of the entity documents.
extension SQLiteStore {
    public func jurisdictions(scope: Scope) async throws -> [Jurisdiction] { try await all("jurisdictions", scope) }
    public func posts(scope: Scope) async throws -> [Post] { try await all("posts", scope) }
    public func zones(scope: Scope) async throws -> [PatrolZone] { try await all("zones", scope) }
    public func units(scope: Scope) async throws -> [PoliceUnit] { try await all("units", scope) }
    public func users(scope: Scope) async throws -> [User] { try await all("users", scope) }

    public func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction? { try await one("jurisdictions", id.rawValue, scope) }
    public func post(_ id: PostID, scope: Scope) async throws -> Post? { try await one("posts", id.rawValue, scope) }
    public func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone? { try await one("zones", id.rawValue, scope) }
    public func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit? { try await one("units", id.rawValue, scope) }
    public func user(_ id: UserID, scope: Scope) async throws -> User? { try await one("users", id.rawValue, scope) }
    public func incident(_ id: IncidentID, scope: Scope) async throws -> Incident? { try await one("incidents", id.rawValue, scope) }

    public func message(_ id: MessageID, scope: Scope) async throws -> Message? { try await one("messages", id.rawValue, scope) }

    public func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var sql = "SELECT doc FROM messages WHERE path >= ? AND path < ?"
        var args: [any DatabaseValueConvertible] = [lower, upper]
        if let unit = query.unitID { sql += " AND unit_id = ?"; args.append(unit.rawValue) }
        if let broadcast = query.broadcastID { sql += " AND broadcast_id = ?"; args.append(broadcast) }
        sql += " ORDER BY sent_at DESC, id LIMIT ? OFFSET ?"
        args += [query.limit, query.offset]
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let statement = sql
        let docs = try await writer.read { db in try String.fetchAll(db, sql: statement, arguments: arguments) }
        return try docs.map { try ProjectionRow.decode(Message.self, $0) }
    }

    public func user(username: String) async throws -> User? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM users WHERE username = ?", arguments: [username]) }
        return try doc.map { try ProjectionRow.decode(User.self, $0) }
    }

    func all<E: Decodable>(_ table: String, _ scope: Scope) async throws -> [E] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM \(table) WHERE path >= ? AND path < ? ORDER BY id", arguments: [lower, upper])
        }
        return try docs.map { try ProjectionRow.decode(E.self, $0) }
    }

    func one<E: Decodable>(_ table: String, _ id: String, _ scope: Scope) async throws -> E? {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let doc = try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM \(table) WHERE id = ? AND path >= ? AND path < ?", arguments: [id, lower, upper])
        }
        return try doc.map { try ProjectionRow.decode(E.self, $0) }
    }

    public func incidents(_ query: IncidentQuery, scope: Scope) async throws -> Page<Incident> {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var clauses = ["path >= ?", "path < ?"]
        var args: [any DatabaseValueConvertible] = [lower, upper]
        func list(_ column: String, _ values: [any DatabaseValueConvertible]) {
            clauses.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            args += values
        }
        if let s = query.statuses, !s.isEmpty { list("status", s.map(\.rawValue)) }
        if let c = query.categories, !c.isEmpty { list("category", c) }
        if let p = query.priorities, !p.isEmpty { list("priority", p.map(\.rawValue)) }
        if let j = query.jurisdictionID { clauses.append("jurisdiction_id = ?"); args.append(j.rawValue) }
        if let from = query.receivedFrom { clauses.append("received_at >= ?"); args.append(from.timeIntervalSince1970) }
        if let to = query.receivedTo { clauses.append("received_at <= ?"); args.append(to.timeIntervalSince1970) }
        if let a = query.area {
            clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            args += [a.south, a.north, a.west, a.east]
        }
        if let text = query.text?.lowercased(), !text.isEmpty { clauses.append("instr(search, ?) > 0"); args.append(text) }
        let whereSQL = clauses.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), IncidentQuery.maxLimit)
        let offset = max(query.offset, 0)
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let (total, docs) = try await writer.read { db in
            let docs = try String.fetchAll(db, sql: "SELECT doc FROM incidents WHERE \(whereSQL) ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
                                           arguments: arguments + [limit, offset])
            let total = query.countTotal ? try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE \(whereSQL)", arguments: arguments) ?? 0
                : offset + docs.count
            return (total, docs)
        }
        return Page(items: try docs.map { try ProjectionRow.decode(Incident.self, $0) }, total: total, offset: offset, limit: limit)
    }
}

extension ProjectionRow.Value {
    var databaseValue: any DatabaseValueConvertible {
        switch self {
        case .text(let s): s
        case .integer(let i): i
        case .real(let d): d
        }
    }
}
