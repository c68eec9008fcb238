import Foundation
import Logging
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections`: scoped reads of the entity documents.
extension PostgresStore {
    public func jurisdictions(scope: Scope) async throws -> [Jurisdiction] { try await all(Table.jurisdictions, scope) }
    public func posts(scope: Scope) async throws -> [Post] { try await all(Table.posts, scope) }
    public func zones(scope: Scope) async throws -> [PatrolZone] { try await all(Table.zones, scope) }
    public func units(scope: Scope) async throws -> [PoliceUnit] { try await all(Table.units, scope) }
    public func users(scope: Scope) async throws -> [User] { try await all(Table.users, scope) }

    public func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction? { try await one(Table.jurisdictions, id.rawValue, scope) }
    public func post(_ id: PostID, scope: Scope) async throws -> Post? { try await one(Table.posts, id.rawValue, scope) }
    public func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone? { try await one(Table.zones, id.rawValue, scope) }
    public func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit? { try await one(Table.units, id.rawValue, scope) }
    public func user(_ id: UserID, scope: Scope) async throws -> User? { try await one(Table.users, id.rawValue, scope) }
    public func incident(_ id: IncidentID, scope: Scope) async throws -> Incident? { try await one(Table.incidents, id.rawValue, scope) }

    public func message(_ id: MessageID, scope: Scope) async throws -> Message? { try await one(Table.messages, id.rawValue, scope) }

    public func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var bindings = PostgresBindings()
        bindings.append(lower)
        bindings.append(upper)
        var sql = "SELECT doc FROM messages WHERE path >= $1 AND path < $2"
        if let unit = query.unitID { bindings.append(unit.rawValue); sql += " AND unit_id = $\(bindings.count)" }
        if let broadcast = query.broadcastID { bindings.append(broadcast); sql += " AND broadcast_id = $\(bindings.count)" }
        bindings.append(query.limit)
        sql += " ORDER BY sent_at DESC, id LIMIT $\(bindings.count)"
        bindings.append(query.offset)
        sql += " OFFSET $\(bindings.count)"
        let docs = try await strings(PostgresQuery(unsafeSQL: sql, binds: bindings))
        return try docs.map { try ProjectionRow.decode(Message.self, $0) }
    }

    public func user(username: String) async throws -> User? {
        let docs = try await strings("SELECT doc FROM users WHERE username = \(username)")
        return try docs.first.map { try ProjectionRow.decode(User.self, $0) }
    }

    func all<E: Decodable>(_ table: Table, _ scope: Scope) async throws -> [E] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await strings("SELECT doc FROM \(unescaped: table.rawValue) WHERE path >= \(lower) AND path < \(upper) ORDER BY id")
        return try docs.map { try ProjectionRow.decode(E.self, $0) }
    }

    func one<E: Decodable>(_ table: Table, _ id: String, _ scope: Scope) async throws -> E? {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await strings("SELECT doc FROM \(unescaped: table.rawValue) WHERE id = \(id) AND path >= \(lower) AND path < \(upper)")
        return try docs.first.map { try ProjectionRow.decode(E.self, $0) }
    }

    /// The first column of every row, as text.
    func strings(_ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await client.query(query, logger: logger).decode(String.self) { values.append(value) }
        return values
    }
}
