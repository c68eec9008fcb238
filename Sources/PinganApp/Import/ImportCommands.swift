import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// Bulk import and export of a city's organisation (issue 16): the files `ImportFormats`
/// reads, planned by `OrganisationImport` against what the importer's scope holds, stored as
/// one command (every entity its own audited event, all in one transaction) or, for a dry run,
/// only planned.
///
/// An import is idempotent by its natural keys (a second run of the same files changes
/// nothing), so it takes no Idempotency-Key: a replayed reply would have to keep the one-time
/// passwords it carried, and those are shown once and never stored.
public struct ImportCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections

    /// A created user's one-time password, to hand to them; they must replace it at sign-in.
    public struct OneTimePassword: Codable, Sendable, Hashable {
        public var username: String
        public var password: String
    }

    public struct Summary: Codable, Sendable {
        public var dryRun: Bool
        public var created: OrganisationImport.Counts
        public var updated: OrganisationImport.Counts
        public var unchanged: OrganisationImport.Counts
        public var passwords: [OneTimePassword]
    }

    /// Usernames `rows` would create. A name taken outside the importer's scope is a bad row
    /// (the import cannot see that user, let alone change it).
    public func newUsernames(_ rows: OrganisationImport.Rows, by user: User) async throws -> (names: [String], problems: [OrganisationImport.Problem]) {
        let names = OrganisationImport.newUsernames(rows, existing: try await store.users(scope: user.scope))
        var problems: [OrganisationImport.Problem] = []
        var free: [String] = []
        for name in names {
            if try await store.user(username: name) == nil { free.append(name); continue }
            let line = rows.users.first { $0.row.username == name }?.line ?? 0
            problems.append(.init(section: "users", line: line, field: "username", message: "username \(name) is taken"))
        }
        return (free, problems)
    }

    /// Plans `rows` and, unless `dryRun`, stores them; refuses with `problems` (from reading
    /// the files, from `newUsernames`) and the plan's own together.
    /// - Parameter oneTime: For every name `newUsernames` gave, its password and that password's hash.
    public func run(_ rows: OrganisationImport.Rows, problems: [OrganisationImport.Problem] = [], dryRun: Bool,
                    oneTime: [String: (password: String, hash: String)], by user: User) async throws -> Summary {
        let hashes = dryRun ? nil : oneTime.mapValues(\.hash)
        func summary(_ plan: OrganisationImport.Plan) -> Summary {
            Summary(dryRun: dryRun, created: plan.created, updated: plan.updated, unchanged: plan.unchanged,
                    passwords: dryRun ? [] : plan.newUsernames.map { OneTimePassword(username: $0, password: oneTime[$0]?.password ?? "") })
        }
        if dryRun { return summary(try await plan(rows, problems, hashes: hashes, by: user, now: Date())) }
        let outcome = try await runner.run(.importOrganisation, by: Actor(user)) { now in
            let plan = try await plan(rows, problems, hashes: hashes, by: user, now: now)
            let writes: [EntityWrite] = plan.jurisdictions.map { .jurisdiction($0) } + plan.zones.map { .zone($0) } + plan.posts.map { .post($0) }
                + plan.units.map { .unit($0) } + plan.users.map { .user($0) }
            return Decision(events: plan.events, writes: writes, output: summary(plan))
        }
        guard let result = outcome.output else { throw StoreError(.corrupt, "an import without a key was replayed") }
        return result
    }

    func plan(_ rows: OrganisationImport.Rows, _ problems: [OrganisationImport.Problem], hashes: [String: String]?, by user: User,
              now: Date) async throws -> OrganisationImport.Plan {
        let existing = OrganisationImport.Existing(
            jurisdictions: try await store.jurisdictions(scope: user.scope), zones: try await store.zones(scope: user.scope),
            posts: try await store.posts(scope: user.scope), units: try await store.units(scope: user.scope), users: try await store.users(scope: user.scope))
        return try OrganisationImport.plan(rows, existing: existing, editor: user, passwordHashes: hashes, now: now, earlier: problems)
    }

    // MARK: Export

    /// One section in the format its import reads: GeoJSON for jurisdictions and zones, CSV for
    /// the rest. Retired entities are left out (an import would bring them back to work).
    public func export(_ section: OrganisationImport.Section, by user: User) async throws -> String {
        let all = try await store.jurisdictions(scope: .everything)
        var code: [JurisdictionID: String] = [:]
        for j in all { code[j.id] = j.code }
        switch section {
        case .jurisdictions:
            let features = try await store.jurisdictions(scope: user.scope).filter(\.active)
                .sorted { ($0.level.depth, $0.code) < ($1.level.depth, $1.code) }
                .map { j -> JSONValue in
                    var p: [String: JSONValue] = ["code": .string(j.code), "level": .string(j.level.rawValue), "name": .string(j.name)]
                    if let parent = j.parentID.flatMap({ code[$0] }) { p["parent"] = .string(parent) }
                    if let en = j.nameEn { p["nameEn"] = .string(en) }
                    if let at = j.location { p["lat"] = .number(at.lat); p["lon"] = .number(at.lon) }
                    let geometry = (try? j.area.map { try JSONValue(encoding: $0) }) ?? nil
                    return .object(["type": .string("Feature"), "properties": .object(p), "geometry": geometry ?? .null])
                }
            return try Self.featureCollection(features)
        case .zones:
            let features = try await store.zones(scope: user.scope).filter(\.active).sorted { ($0.path, $0.name) < ($1.path, $1.name) }.map { z -> JSONValue in
                let ring = (z.boundary + [z.boundary[0]]).map { JSONValue.array([.number($0.lon), .number($0.lat)]) }
                return .object(["type": .string("Feature"),
                                "properties": .object(["station": .string(code[z.stationID] ?? ""), "name": .string(z.name)]),
                                "geometry": .object(["type": .string("Polygon"), "coordinates": .array([.array(ring)])])])
            }
            return try Self.featureCollection(features)
        case .posts:
            return CSV.line(["station", "name", "kind", "lat", "lon"]) + (try await store.posts(scope: user.scope)).filter(\.active)
                .sorted { ($0.path, $0.name) < ($1.path, $1.name) }
                .map { CSV.line([code[$0.stationID] ?? "", $0.name, $0.kind.rawValue, "\($0.location.lat)", "\($0.location.lon)"]) }.joined()
        case .units:
            return CSV.line(["callsign", "kind", "station", "crew"]) + (try await store.units(scope: user.scope)).filter(\.active)
                .sorted { $0.callsign < $1.callsign }
                .map { CSV.line([$0.callsign, $0.kind.rawValue, code[$0.stationID] ?? "", "\($0.crew)"]) }.joined()
        case .users:
            var callsign: [UnitID: String] = [:]
            for u in try await store.units(scope: .everything) { callsign[u.id] = u.callsign }
            return CSV.line(["username", "displayName", "role", "jurisdiction", "unit"]) + (try await store.users(scope: user.scope))
                .filter { !$0.disabled && code[$0.jurisdictionID] != nil }
                .sorted { $0.username < $1.username }
                .map { CSV.line([$0.username, $0.displayName, $0.role.rawValue, code[$0.jurisdictionID] ?? "", $0.unitID.flatMap { callsign[$0] } ?? ""]) }
                .joined()
        }
    }

    static func featureCollection(_ features: [JSONValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(JSONValue.object(["type": .string("FeatureCollection"), "features": .array(features)]))
        return String(decoding: data, as: UTF8.self)
    }
}
