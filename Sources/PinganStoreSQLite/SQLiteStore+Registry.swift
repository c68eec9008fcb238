import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections` for the grass-roots registries: standard addresses and their inhabitants.
extension SQLiteStore {
    /// Ids bound per statement: well under SQLite's limit on variables.
    static let registryChunk = 500

    public func addresses(ids: [AddressID]) async throws -> [StandardAddress] {
        try await values("doc", of: "addresses", where: "id", in: ids.map(\.rawValue)).map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(keys: [String]) async throws -> [StandardAddress] {
        try await values("doc", of: "addresses", where: "addr_key", in: keys).map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(after: String, limit: Int) async throws -> [StandardAddress] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM addresses WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
        return try docs.map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addressIndexRows() async throws -> [AddressIndexRow] {
        try await writer.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, text, path FROM addresses WHERE active = 1 ORDER BY rowid")
            var out: [AddressIndexRow] = []
            while let row = try rows.next() { out.append(AddressIndexRow(id: AddressID(row[0] as String), text: row[1], path: row[2])) }
            return out
        }
    }

    public func inhabitants(at address: AddressID) async throws -> [Inhabitant] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM inhabitants WHERE address_id = ? ORDER BY rowid", arguments: [address.rawValue])
        }
        return try docs.map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func inhabitants(after: String, limit: Int) async throws -> [Inhabitant] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM inhabitants WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
        return try docs.map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func registeredIDNumbers(_ numbers: [String]) async throws -> Set<String> {
        Set(try await values("id_number", of: "inhabitants", where: "id_number", in: numbers))
    }

    /// `select` of the rows of `table` whose `key` is one of `keys`, asked a chunk at a time.
    func values(_ select: String, of table: String, where key: String, in keys: [String]) async throws -> [String] {
        var out: [String] = []
        for start in stride(from: 0, to: keys.count, by: Self.registryChunk) {
            let chunk = Array(keys[start..<min(start + Self.registryChunk, keys.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            out += try await writer.read { db in
                try String.fetchAll(db, sql: "SELECT \(select) FROM \(table) WHERE \(key) IN (\(marks))", arguments: StatementArguments(chunk))
            }
        }
        return out
    }
}

/// `Projections` for anti-fraud warnings.
extension SQLiteStore {
    public func fraudWarning(_ id: FraudWarningID) async throws -> FraudWarning? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM fraud_warnings WHERE id = ?", arguments: [id.rawValue]) }
        return try doc.map { try ProjectionRow.decode(FraudWarning.self, $0) }
    }

    public func fraudWarnings(_ query: FraudWarningQuery, scope: Scope) async throws -> [FraudWarning] {
        try await registerDocs("fraud_warnings", scope: scope, filters: [("status", query.statuses?.map(\.rawValue))],
                               time: ("received_at", query.receivedFrom, query.receivedBefore), order: "deadline, id",
                               limit: min(max(query.limit, 1), FraudWarningQuery.maxLimit), offset: query.offset)
            .map { try ProjectionRow.decode(FraudWarning.self, $0) }
    }

    public func fraudWarningReferences(_ references: [String]) async throws -> Set<String> {
        Set(try await values("reference", of: "fraud_warnings", where: "reference", in: references))
    }

    public func fraudWarnings(after: String, limit: Int) async throws -> [FraudWarning] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM fraud_warnings WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
        return try docs.map { try ProjectionRow.decode(FraudWarning.self, $0) }
    }
}

/// `Projections` for disputes.
extension SQLiteStore {
    public func dispute(_ id: DisputeID) async throws -> Dispute? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM disputes WHERE id = ?", arguments: [id.rawValue]) }
        return try doc.map { try ProjectionRow.decode(Dispute.self, $0) }
    }

    public func disputes(_ query: DisputeQuery, scope: Scope) async throws -> [Dispute] {
        try await registerDocs("disputes", scope: scope, filters: [("status", query.statuses?.map(\.rawValue)), ("risk", query.risks?.map(\.rawValue))],
                               time: ("opened_at", query.openedFrom, query.openedBefore), order: "opened_at DESC, id",
                               limit: min(max(query.limit, 1), DisputeQuery.maxLimit), offset: query.offset)
            .map { try ProjectionRow.decode(Dispute.self, $0) }
    }

    /// The documents of a register's `table` inside the scope: each filter's column one of its
    /// values (none at all for an empty list), the time column in [from, before), in `order`, a page.
    func registerDocs(_ table: String, scope: Scope, filters: [(column: String, values: [String]?)], time: (column: String, from: Date?, before: Date?),
                      order: String, limit: Int, offset: Int) async throws -> [String] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var clauses = ["path >= ? AND path < ?"]
        var args: [any DatabaseValueConvertible] = [lower, upper]
        for (column, values) in filters {
            guard let values else { continue }
            guard !values.isEmpty else { return [] }
            clauses.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            args += values
        }
        if let from = time.from { clauses.append("\(time.column) >= ?"); args.append(from.timeIntervalSince1970) }
        if let before = time.before { clauses.append("\(time.column) < ?"); args.append(before.timeIntervalSince1970) }
        args += [limit, max(offset, 0)]
        let sql = "SELECT doc FROM \(table) WHERE \(clauses.joined(separator: " AND ")) ORDER BY \(order) LIMIT ? OFFSET ?"
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        return try await writer.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
    }

    public func disputes(after: String, limit: Int) async throws -> [Dispute] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM disputes WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
        return try docs.map { try ProjectionRow.decode(Dispute.self, $0) }
    }
}

extension SQLiteStore {
    public func registryCounts(scope: Scope) async throws -> [RegistryCounts] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        return try await writer.read { db in
            var byPath: [String: RegistryCounts] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT path, count(*), sum(checked), sum(correct) FROM addresses WHERE active = 1 AND path >= ? AND path < ? GROUP BY path
                """, arguments: [lower, upper]) {
                let path: String = row[0]
                byPath[path] = RegistryCounts(path: path, addresses: row[1], checked: row[2], correct: row[3])
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT path, count(DISTINCT address_id), count(*) FROM inhabitants WHERE path >= ? AND path < ? GROUP BY path
                """, arguments: [lower, upper]) {
                let path: String = row[0]
                byPath[path, default: RegistryCounts(path: path)].addressesWithPeople = row[1]
                byPath[path, default: RegistryCounts(path: path)].inhabitants = row[2]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT path, count(*), coalesce(sum(json_extract(doc, '$.use') = 'rented'), 0), coalesce(sum(json_extract(doc, '$.tenants')), 0)
                FROM actual_houses WHERE path >= ? AND path < ? GROUP BY path
                """, arguments: [lower, upper]) {
                let path: String = row[0]
                byPath[path, default: RegistryCounts(path: path)].houses = row[1]
                byPath[path, default: RegistryCounts(path: path)].rented = row[2]
                byPath[path, default: RegistryCounts(path: path)].tenants = row[3]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT path, count(*), coalesce(sum(json_extract(doc, '$.keyUnit') = 1), 0) FROM actual_organisations
                WHERE active = 1 AND path >= ? AND path < ? GROUP BY path
                """, arguments: [lower, upper]) {
                let path: String = row[0]
                byPath[path, default: RegistryCounts(path: path)].organisations = row[1]
                byPath[path, default: RegistryCounts(path: path)].keyUnits = row[2]
            }
            return byPath.values.sorted { $0.path < $1.path }
        }
    }
}

/// `Projections` for the actual houses and organisations.
extension SQLiteStore {
    public func house(at address: AddressID) async throws -> ActualHouse? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM actual_houses WHERE address_id = ?", arguments: [address.rawValue]) }
        return try doc.map { try ProjectionRow.decode(ActualHouse.self, $0) }
    }

    public func organisations(at address: AddressID) async throws -> [ActualOrganisation] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM actual_organisations WHERE address_id = ? ORDER BY id", arguments: [address.rawValue])
        }
        return try docs.map { try ProjectionRow.decode(ActualOrganisation.self, $0) }.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }

    public func organisationCodes(_ codes: [String]) async throws -> Set<String> {
        Set(try await values("credit_code", of: "actual_organisations", where: "credit_code", in: codes))
    }

    public func houses(after: String, limit: Int) async throws -> [ActualHouse] {
        try await docs(of: "actual_houses", after: after, limit: limit).map { try ProjectionRow.decode(ActualHouse.self, $0) }
    }

    public func organisations(after: String, limit: Int) async throws -> [ActualOrganisation] {
        try await docs(of: "actual_organisations", after: after, limit: limit).map { try ProjectionRow.decode(ActualOrganisation.self, $0) }
    }
}

/// `Projections` for volunteer teams and their shifts.
extension SQLiteStore {
    public func volunteerTeam(_ id: VolunteerTeamID) async throws -> VolunteerTeam? { try await one("volunteer_teams", id.rawValue, .everything) }

    public func volunteerTeams(scope: Scope) async throws -> [VolunteerTeam] {
        try await all("volunteer_teams", scope).sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }

    public func volunteerTeams(after: String, limit: Int) async throws -> [VolunteerTeam] {
        try await docs(of: "volunteer_teams", after: after, limit: limit).map { try ProjectionRow.decode(VolunteerTeam.self, $0) }
    }

    public func volunteerShift(_ id: VolunteerShiftID) async throws -> VolunteerShift? { try await one("volunteer_shifts", id.rawValue, .everything) }

    public func volunteerShifts(_ query: VolunteerShiftQuery, scope: Scope) async throws -> [VolunteerShift] {
        try await registerDocs("volunteer_shifts", scope: scope, filters: query.filters, time: ("started_at", query.startedFrom, query.startedBefore),
                               order: "started_at DESC, id", limit: query.limit, offset: query.offset)
            .map { try ProjectionRow.decode(VolunteerShift.self, $0) }
    }

    public func volunteerShifts(after: String, limit: Int) async throws -> [VolunteerShift] {
        try await docs(of: "volunteer_shifts", after: after, limit: limit).map { try ProjectionRow.decode(VolunteerShift.self, $0) }
    }

    /// A register's documents in id order after `after`: the archive's pages.
    func docs(of table: String, after: String, limit: Int) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM \(table) WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
    }
}
