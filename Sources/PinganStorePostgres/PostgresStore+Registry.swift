import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections` for the grass-roots registries: standard addresses and their inhabitants.
extension PostgresStore {
    public func addresses(ids: [AddressID]) async throws -> [StandardAddress] {
        guard !ids.isEmpty else { return [] }
        return try await strings("SELECT doc FROM addresses WHERE id = ANY(\(ids.map(\.rawValue)))").map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(keys: [String]) async throws -> [StandardAddress] {
        guard !keys.isEmpty else { return [] }
        return try await strings("SELECT doc FROM addresses WHERE addr_key = ANY(\(keys))").map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(after: String, limit: Int) async throws -> [StandardAddress] {
        try await strings("SELECT doc FROM addresses WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addressIndexRows() async throws -> [AddressIndexRow] {
        var out: [AddressIndexRow] = []
        let rows = try await client.query("SELECT id, text, path FROM addresses WHERE active = 1 ORDER BY seq", logger: logger)
        for try await (id, text, path) in rows.decode((String, String, String).self) { out.append(AddressIndexRow(id: AddressID(id), text: text, path: path)) }
        return out
    }

    public func inhabitants(at address: AddressID) async throws -> [Inhabitant] {
        try await strings("SELECT doc FROM inhabitants WHERE address_id = \(address.rawValue) ORDER BY seq").map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func inhabitants(after: String, limit: Int) async throws -> [Inhabitant] {
        try await strings("SELECT doc FROM inhabitants WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func registeredIDNumbers(_ numbers: [String]) async throws -> Set<String> {
        guard !numbers.isEmpty else { return [] }
        return Set(try await strings("SELECT id_number FROM inhabitants WHERE id_number = ANY(\(numbers))"))
    }
}

/// `Projections` for anti-fraud warnings.
extension PostgresStore {
    public func fraudWarning(_ id: FraudWarningID) async throws -> FraudWarning? {
        try await strings("SELECT doc FROM fraud_warnings WHERE id = \(id.rawValue)").first.map { try ProjectionRow.decode(FraudWarning.self, $0) }
    }

    public func fraudWarnings(_ query: FraudWarningQuery, scope: Scope) async throws -> [FraudWarning] {
        try await registerDocs(.fraudWarnings, scope: scope, filters: [("status", query.statuses?.map(\.rawValue))],
                               time: ("received_at", query.receivedFrom, query.receivedBefore), order: "deadline, id",
                               limit: min(max(query.limit, 1), FraudWarningQuery.maxLimit), offset: query.offset)
            .map { try ProjectionRow.decode(FraudWarning.self, $0) }
    }

    public func fraudWarningReferences(_ references: [String]) async throws -> Set<String> {
        guard !references.isEmpty else { return [] }
        return Set(try await strings("SELECT reference FROM fraud_warnings WHERE reference = ANY(\(references))"))
    }

    public func fraudWarnings(after: String, limit: Int) async throws -> [FraudWarning] {
        try await strings("SELECT doc FROM fraud_warnings WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(FraudWarning.self, $0) }
    }
}

/// `Projections` for disputes.
extension PostgresStore {
    public func dispute(_ id: DisputeID) async throws -> Dispute? {
        try await strings("SELECT doc FROM disputes WHERE id = \(id.rawValue)").first.map { try ProjectionRow.decode(Dispute.self, $0) }
    }

    public func disputes(_ query: DisputeQuery, scope: Scope) async throws -> [Dispute] {
        try await registerDocs(.disputes, scope: scope, filters: [("status", query.statuses?.map(\.rawValue)), ("risk", query.risks?.map(\.rawValue))],
                               time: ("opened_at", query.openedFrom, query.openedBefore), order: "opened_at DESC, id",
                               limit: min(max(query.limit, 1), DisputeQuery.maxLimit), offset: query.offset)
            .map { try ProjectionRow.decode(Dispute.self, $0) }
    }

    /// As in SQLite (`registerDocs`): a register's documents inside the scope, filtered, in order, a page.
    func registerDocs(_ table: Table, scope: Scope, filters: [(column: String, values: [String]?)], time: (column: String, from: Date?, before: Date?),
                      order: String, limit: Int, offset: Int) async throws -> [String] {
        var binds = PostgresBindings()
        let (lower, upper) = ProjectionRow.range(of: scope)
        binds.append(lower)
        binds.append(upper)
        var clauses = ["path >= $1 AND path < $2"]
        for (column, values) in filters {
            guard let values else { continue }
            guard !values.isEmpty else { return [] }
            binds.append(values)
            clauses.append("\(column) = ANY($\(binds.count))")
        }
        if let from = time.from { binds.append(from.timeIntervalSince1970); clauses.append("\(time.column) >= $\(binds.count)") }
        if let before = time.before { binds.append(before.timeIntervalSince1970); clauses.append("\(time.column) < $\(binds.count)") }
        binds.append(limit)
        binds.append(max(offset, 0))
        let sql = "SELECT doc FROM \(table.rawValue) WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(order) LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        return try await strings(PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    public func disputes(after: String, limit: Int) async throws -> [Dispute] {
        try await strings("SELECT doc FROM disputes WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(Dispute.self, $0) }
    }
}

extension PostgresStore {
    public func registryCounts(scope: Scope) async throws -> [RegistryCounts] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var byPath: [String: RegistryCounts] = [:]
        let addresses = try await client.query("""
            SELECT path, count(*), coalesce(sum(checked), 0)::BIGINT, coalesce(sum(correct), 0)::BIGINT FROM addresses
            WHERE active = 1 AND path >= \(lower) AND path < \(upper) GROUP BY path
            """, logger: logger)
        for try await (path, n, checked, correct) in addresses.decode((String, Int64, Int64, Int64).self) {
            byPath[path] = RegistryCounts(path: path, addresses: Int(n), checked: Int(checked), correct: Int(correct))
        }
        let people = try await client.query("""
            SELECT path, count(DISTINCT address_id), count(*) FROM inhabitants WHERE path >= \(lower) AND path < \(upper) GROUP BY path
            """, logger: logger)
        for try await (path, withPeople, n) in people.decode((String, Int64, Int64).self) {
            byPath[path, default: RegistryCounts(path: path)].addressesWithPeople = Int(withPeople)
            byPath[path, default: RegistryCounts(path: path)].inhabitants = Int(n)
        }
        let houses = try await client.query("""
            SELECT path, count(*), count(*) FILTER (WHERE (doc::jsonb)->>'use' = 'rented'), coalesce(sum(((doc::jsonb)->>'tenants')::BIGINT), 0)::BIGINT
            FROM actual_houses WHERE path >= \(lower) AND path < \(upper) GROUP BY path
            """, logger: logger)
        for try await (path, n, rented, tenants) in houses.decode((String, Int64, Int64, Int64).self) {
            byPath[path, default: RegistryCounts(path: path)].houses = Int(n)
            byPath[path, default: RegistryCounts(path: path)].rented = Int(rented)
            byPath[path, default: RegistryCounts(path: path)].tenants = Int(tenants)
        }
        let organisations = try await client.query("""
            SELECT path, count(*), count(*) FILTER (WHERE ((doc::jsonb)->>'keyUnit')::BOOLEAN) FROM actual_organisations
            WHERE active = 1 AND path >= \(lower) AND path < \(upper) GROUP BY path
            """, logger: logger)
        for try await (path, n, key) in organisations.decode((String, Int64, Int64).self) {
            byPath[path, default: RegistryCounts(path: path)].organisations = Int(n)
            byPath[path, default: RegistryCounts(path: path)].keyUnits = Int(key)
        }
        return byPath.values.sorted { $0.path < $1.path }
    }
}

/// `Projections` for the actual houses and organisations.
extension PostgresStore {
    public func house(at address: AddressID) async throws -> ActualHouse? {
        try await strings("SELECT doc FROM actual_houses WHERE address_id = \(address.rawValue)").first.map { try ProjectionRow.decode(ActualHouse.self, $0) }
    }

    public func organisations(at address: AddressID) async throws -> [ActualOrganisation] {
        try await strings("SELECT doc FROM actual_organisations WHERE address_id = \(address.rawValue) ORDER BY id")
            .map { try ProjectionRow.decode(ActualOrganisation.self, $0) }.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }

    public func organisationCodes(_ codes: [String]) async throws -> Set<String> {
        guard !codes.isEmpty else { return [] }
        return Set(try await strings("SELECT credit_code FROM actual_organisations WHERE credit_code = ANY(\(codes))"))
    }

    public func houses(after: String, limit: Int) async throws -> [ActualHouse] {
        try await strings("SELECT doc FROM actual_houses WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(ActualHouse.self, $0) }
    }

    public func organisations(after: String, limit: Int) async throws -> [ActualOrganisation] {
        try await strings("SELECT doc FROM actual_organisations WHERE id > \(after) ORDER BY id LIMIT \(limit)")
            .map { try ProjectionRow.decode(ActualOrganisation.self, $0) }
    }
}

/// `Projections` for volunteer teams and their shifts.
extension PostgresStore {
    public func volunteerTeam(_ id: VolunteerTeamID) async throws -> VolunteerTeam? { try await one(Table.volunteerTeams, id.rawValue, .everything) }

    public func volunteerTeams(scope: Scope) async throws -> [VolunteerTeam] {
        try await all(Table.volunteerTeams, scope).sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }

    public func volunteerTeams(after: String, limit: Int) async throws -> [VolunteerTeam] {
        try await strings("SELECT doc FROM volunteer_teams WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(VolunteerTeam.self, $0) }
    }

    public func volunteerShift(_ id: VolunteerShiftID) async throws -> VolunteerShift? { try await one(Table.volunteerShifts, id.rawValue, .everything) }

    public func volunteerShifts(_ query: VolunteerShiftQuery, scope: Scope) async throws -> [VolunteerShift] {
        try await registerDocs(.volunteerShifts, scope: scope, filters: query.filters, time: ("started_at", query.startedFrom, query.startedBefore),
                               order: "started_at DESC, id", limit: query.limit, offset: query.offset)
            .map { try ProjectionRow.decode(VolunteerShift.self, $0) }
    }

    public func volunteerShifts(after: String, limit: Int) async throws -> [VolunteerShift] {
        try await strings("SELECT doc FROM volunteer_shifts WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(VolunteerShift.self, $0) }
    }
}
