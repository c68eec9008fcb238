import Foundation
import PinganGeo

/// A city's organisation loaded in bulk (issue 16): jurisdictions with their areas, patrol
/// zones, posts, units and users, read from GeoJSON and CSV files, matched against what is
/// stored by natural keys (a jurisdiction's code, a zone's or post's station and name, a unit's
/// callsign, a username), so the same files imported twice change nothing the second time.
///
/// Everything is checked before anything is stored: a file with bad rows is refused whole,
/// each bad row reported by section and line, because half an organisation (units without
/// their station) is worse than none. The rules are the ones single creates and edits follow
/// (`OrganisationDecider`); an import never moves an entity to another parent or station, which
/// is an edit with consequences (its incidents, its units) and is left to the edit routes.
public enum OrganisationImport {
    /// One row of one section, with where it was read (CSV line, or GeoJSON feature number).
    public struct Line<Row: Sendable>: Sendable {
        public var line: Int
        public var row: Row
        public init(line: Int, row: Row) { self.line = line; self.row = row }
    }

    public struct JurisdictionRow: Sendable, Hashable {
        public var code: String
        public var parent: String?
        public var level: JurisdictionLevel
        public var name: String
        public var nameEn: String?
        public var location: Coordinate?
        public var area: GeoArea?
        public init(code: String, parent: String?, level: JurisdictionLevel, name: String, nameEn: String?, location: Coordinate?, area: GeoArea?) {
            self.code = code; self.parent = parent; self.level = level; self.name = name; self.nameEn = nameEn; self.location = location; self.area = area
        }
    }

    public struct PostRow: Sendable, Hashable {
        public var station: String, name: String, kind: Post.Kind, location: Coordinate
        public init(station: String, name: String, kind: Post.Kind, location: Coordinate) {
            self.station = station; self.name = name; self.kind = kind; self.location = location
        }
    }

    public struct ZoneRow: Sendable, Hashable {
        public var station: String, name: String, boundary: [Coordinate]
        public init(station: String, name: String, boundary: [Coordinate]) { self.station = station; self.name = name; self.boundary = boundary }
    }

    public struct UnitRow: Sendable, Hashable {
        public var callsign: String, kind: UnitKind, station: String, crew: Int
        public init(callsign: String, kind: UnitKind, station: String, crew: Int) {
            self.callsign = callsign; self.kind = kind; self.station = station; self.crew = crew
        }
    }

    public struct UserRow: Sendable, Hashable {
        public var username: String, displayName: String, role: Role, jurisdiction: String, unit: String?
        public init(username: String, displayName: String, role: Role, jurisdiction: String, unit: String?) {
            self.username = username; self.displayName = displayName; self.role = role; self.jurisdiction = jurisdiction; self.unit = unit
        }
    }

    /// What the files hold, parsed.
    public struct Rows: Sendable {
        public var jurisdictions: [Line<JurisdictionRow>] = []
        public var zones: [Line<ZoneRow>] = []
        public var posts: [Line<PostRow>] = []
        public var units: [Line<UnitRow>] = []
        public var users: [Line<UserRow>] = []
        public init() {}
        public var isEmpty: Bool { jurisdictions.isEmpty && zones.isEmpty && posts.isEmpty && units.isEmpty && users.isEmpty }
    }

    /// A bad row: the section (`jurisdictions`, `zones`, `posts`, `units`, `users`), its line
    /// (CSV line counting the header as 1, or GeoJSON feature counting from 1), the field.
    public struct Problem: Error, Sendable, Hashable, Codable {
        public var section: String
        public var line: Int
        public var field: String?
        public var message: String
        public init(section: String, line: Int, field: String?, message: String) {
            self.section = section; self.line = line; self.field = field; self.message = message
        }
    }

    /// The whole import refused: nothing was stored.
    public struct Rejected: Error, Sendable {
        public var problems: [Problem]
        public init(_ problems: [Problem]) { self.problems = problems }
    }

    /// What is stored now, in the importer's scope.
    public struct Existing: Sendable {
        public var jurisdictions: [Jurisdiction], zones: [PatrolZone], posts: [Post], units: [PoliceUnit], users: [User]
        public init(jurisdictions: [Jurisdiction], zones: [PatrolZone], posts: [Post], units: [PoliceUnit], users: [User]) {
            self.jurisdictions = jurisdictions; self.zones = zones; self.posts = posts; self.units = units; self.users = users
        }
    }

    /// Counts by section.
    public struct Counts: Sendable, Hashable, Codable {
        public var jurisdictions = 0, zones = 0, posts = 0, units = 0, users = 0
        public init() {}
        subscript(_ section: Section) -> Int {
            get {
                switch section {
                case .jurisdictions: jurisdictions
                case .zones: zones
                case .posts: posts
                case .units: units
                case .users: users
                }
            }
            set {
                switch section {
                case .jurisdictions: jurisdictions = newValue
                case .zones: zones = newValue
                case .posts: posts = newValue
                case .units: units = newValue
                case .users: users = newValue
                }
            }
        }
    }

    public enum Section: String, Sendable, CaseIterable { case jurisdictions, zones, posts, units, users }

    /// The changes an import makes, in the order they are stored (parents before children).
    public struct Plan: Sendable {
        public var jurisdictions: [Jurisdiction] = []
        public var zones: [PatrolZone] = []
        public var posts: [Post] = []
        public var units: [PoliceUnit] = []
        public var users: [User] = []
        public var events: [Event] = []
        public var created = Counts(), updated = Counts(), unchanged = Counts()
        /// Usernames created, whose one-time passwords the caller hands out.
        public var newUsernames: [String] = []
    }

    /// Decides what `rows` change in `existing`, or refuses with every bad row.
    /// - Parameters:
    ///   - editor: Who imports; a city (no parent) needs an editor of the whole tree.
    ///   - passwordHashes: The hash of the one-time password of every username `rows` create;
    ///     nil for a dry run, which hashes nothing.
    ///   - earlier: Problems found while reading the files, reported with the plan's own.
    public static func plan(_ rows: Rows, existing: Existing, editor: User, passwordHashes: [String: String]?, now: Date,
                            earlier: [Problem] = []) throws -> Plan {
        var p = Planner(existing: existing, editor: editor, now: now)
        p.problems = earlier
        p.jurisdictions(rows.jurisdictions)
        p.zones(rows.zones)
        p.posts(rows.posts)
        p.units(rows.units)
        p.users(rows.users, hashes: passwordHashes)
        guard p.problems.isEmpty else { throw Rejected(p.problems.sorted { ($0.section, $0.line) < ($1.section, $1.line) }) }
        return p.plan
    }

    /// The usernames in `rows` not stored yet: those that need a one-time password.
    public static func newUsernames(_ rows: Rows, existing: [User]) -> [String] {
        let known = Set(existing.map(\.username))
        var seen = Set<String>()
        return rows.users.map(\.row.username).filter { !known.contains($0) && seen.insert($0).inserted }
    }
}

/// The bookkeeping of one `plan`: what each key resolves to so far, and the problems found.
private struct Planner {
    typealias Section = OrganisationImport.Section
    let editor: User
    let now: Date
    var plan = OrganisationImport.Plan()
    var problems: [OrganisationImport.Problem] = []
    /// Code → jurisdiction, stored or planned (nil marks a code stored twice: ambiguous).
    var byCode: [String: Jurisdiction?] = [:]
    var zonesByKey: [String: PatrolZone] = [:]
    var postsByKey: [String: Post] = [:]
    var unitsByCallsign: [String: PoliceUnit] = [:]
    var usersByName: [String: User] = [:]

    init(existing: OrganisationImport.Existing, editor: User, now: Date) {
        self.editor = editor
        self.now = now
        for j in existing.jurisdictions { byCode[j.code] = byCode[j.code] == nil ? j : .some(nil) }
        for z in existing.zones { zonesByKey[Self.key(z.stationID, z.name)] = z }
        for p in existing.posts { postsByKey[Self.key(p.stationID, p.name)] = p }
        for u in existing.units { unitsByCallsign[u.callsignKey] = u }
        for u in existing.users { usersByName[u.username] = u }
    }

    static func key(_ station: JurisdictionID, _ name: String) -> String { station.rawValue + "\u{0}" + name }

    mutating func problem(_ section: Section, _ line: Int, _ field: String?, _ message: String) {
        problems.append(.init(section: section.rawValue, line: line, field: field, message: message))
    }

    /// Runs one row's decision, turning a refusal into a problem of that row.
    mutating func attempt(_ section: Section, _ line: Int, _ body: (inout Planner) throws(DomainError) -> Void) {
        do { try body(&self) } catch { problem(section, line, error.field, error.message) }
    }

    /// Keys seen twice in one file are the second row's problem.
    mutating func firstTime(_ key: String, _ seen: inout [String: Int], _ section: Section, _ line: Int, _ field: String) -> Bool {
        if let first = seen[key] {
            problem(section, line, field, "the same \(field) as line \(first)")
            return false
        }
        seen[key] = line
        return true
    }

    func station(_ code: String, field: String) throws(DomainError) -> Jurisdiction {
        guard let found = byCode[code] else { throw DomainError(.notFound, field: field, "no jurisdiction with code \(code.prefix(40))") }
        guard let j = found else { throw DomainError(.duplicate, field: field, "code \(code.prefix(40)) is used by more than one jurisdiction") }
        return j
    }

    mutating func jurisdictions(_ rows: [OrganisationImport.Line<OrganisationImport.JurisdictionRow>]) {
        var seen: [String: Int] = [:]
        // Parents first, whatever order the file has.
        for line in rows.sorted(by: { ($0.row.level.depth, $0.line) < ($1.row.level.depth, $1.line) }) {
            let r = line.row
            guard firstTime(r.code, &seen, .jurisdictions, line.line, "code") else { continue }
            attempt(.jurisdictions, line.line) { (p: inout Planner) throws(DomainError) in
                var parent: Jurisdiction?
                if let code = r.parent {
                    parent = try p.station(code, field: "parent")
                } else if r.level != .city {
                    throw DomainError(.invalidHierarchy, field: "parent", "a \(r.level.rawValue) needs the code of its parent")
                } else if p.editor.scope != .everything && !p.editor.path.isEmpty {
                    throw DomainError(.forbidden, field: "parent", "only a top-level administrator may create a city")
                }
                var stored: Jurisdiction?
                if let found = p.byCode[r.code] {
                    guard let j = found else { throw DomainError(.duplicate, field: "code", "code \(r.code) is used by more than one jurisdiction") }
                    guard j.parentID == parent?.id, j.level == r.level else {
                        throw DomainError(.invalidHierarchy, field: "parent", "\(j.code) stands elsewhere in the tree; move it with an edit, not an import")
                    }
                    stored = j
                } else if let parent {
                    try OrganisationDecider.checkActive(parent)
                }
                let j = try p.settle(.jurisdictions, stored: stored, into: \.jurisdictions, same: { j in
                    j.name == r.name && j.nameEn == (r.nameEn ?? j.nameEn) && j.location == (r.location ?? j.location) && j.area == (r.area ?? j.area)
                }, edit: { (j: Jurisdiction) throws(DomainError) in
                    try OrganisationDecider.edit(j, JurisdictionEdit(version: j.version, name: r.name, nameEn: r.nameEn, location: r.location, area: r.area),
                                                 unitsAtWork: 0)
                }, create: { () throws(DomainError) in
                    try OrganisationDecider.jurisdiction(id: .random(), parent: parent, level: r.level, code: r.code, name: r.name,
                                                         nameEn: r.nameEn, location: r.location, area: r.area)
                })
                p.byCode[j.code] = j
            }
        }
    }

    /// One row against what is stored: counted unchanged when `same`, else edited (or created
    /// when nothing is stored), its event recorded and the entity kept in `list`. Returns the
    /// entity as it stands after the row.
    mutating func settle<E>(_ section: Section, stored: E?, into list: WritableKeyPath<OrganisationImport.Plan, [E]>, same: (E) -> Bool,
                            edit: (E) throws(DomainError) -> (E, Event), create: () throws(DomainError) -> (E, Event)) throws(DomainError) -> E {
        if let e = stored, same(e) {
            plan.unchanged[section] += 1
            return e
        }
        let (entity, event) = if let e = stored { try edit(e) } else { try create() }
        plan.events.append(event)
        if stored == nil { plan.created[section] += 1 } else { plan.updated[section] += 1 }
        plan[keyPath: list].append(entity)
        return entity
    }

    mutating func zones(_ rows: [OrganisationImport.Line<OrganisationImport.ZoneRow>]) {
        var seen: [String: Int] = [:]
        for line in rows {
            let r = line.row
            attempt(.zones, line.line) { (p: inout Planner) throws(DomainError) in
                let station = try p.station(r.station, field: "station")
                guard p.firstTime(Self.key(station.id, r.name), &seen, .zones, line.line, "name") else { return }
                _ = try p.settle(.zones, stored: p.zonesByKey[Self.key(station.id, r.name)], into: \.zones,
                                 same: { (try? OrganisationDecider.zoneRing(r.boundary)) == $0.boundary },
                                 edit: { (z: PatrolZone) throws(DomainError) in
                                     try OrganisationDecider.edit(z, ZoneEdit(version: z.version, boundary: r.boundary), units: nil)
                                 }, create: { () throws(DomainError) in
                                     try OrganisationDecider.zone(id: .random(), station: station, name: r.name, boundary: r.boundary, units: [])
                                 })
            }
        }
    }

    mutating func posts(_ rows: [OrganisationImport.Line<OrganisationImport.PostRow>]) {
        var seen: [String: Int] = [:]
        for line in rows {
            let r = line.row
            attempt(.posts, line.line) { (p: inout Planner) throws(DomainError) in
                let station = try p.station(r.station, field: "station")
                guard p.firstTime(Self.key(station.id, r.name), &seen, .posts, line.line, "name") else { return }
                _ = try p.settle(.posts, stored: p.postsByKey[Self.key(station.id, r.name)], into: \.posts,
                                 same: { $0.kind == r.kind && $0.location == r.location },
                                 edit: { (post: Post) throws(DomainError) in
                                     try OrganisationDecider.edit(post, PostEdit(version: post.version, kind: r.kind, location: r.location))
                                 }, create: { () throws(DomainError) in
                                     try OrganisationDecider.post(id: .random(), station: station, kind: r.kind, name: r.name, location: r.location)
                                 })
            }
        }
    }

    mutating func units(_ rows: [OrganisationImport.Line<OrganisationImport.UnitRow>]) {
        var seen: [String: Int] = [:]
        for line in rows {
            let r = line.row
            guard firstTime(PoliceUnit.callsignKey(r.callsign), &seen, .units, line.line, "callsign") else { continue }
            attempt(.units, line.line) { (p: inout Planner) throws(DomainError) in
                let station = try p.station(r.station, field: "station")
                let stored = p.unitsByCallsign[PoliceUnit.callsignKey(r.callsign)]
                if let u = stored, u.stationID != station.id {
                    throw DomainError(.invalidHierarchy, field: "station", "unit \(u.callsign) belongs to another station; move it with an edit")
                }
                let now = p.now
                let unit = try p.settle(.units, stored: stored, into: \.units, same: { $0.kind == r.kind && $0.crew == r.crew },
                                        edit: { (u: PoliceUnit) throws(DomainError) in
                                            try OrganisationDecider.edit(u, UnitEdit(version: u.version, kind: r.kind, crew: r.crew), now: now)
                                        }, create: { () throws(DomainError) in
                                            try OrganisationDecider.unit(id: .random(), callsign: r.callsign, kind: r.kind, station: station, crew: r.crew, now: now)
                                        })
                p.unitsByCallsign[unit.callsignKey] = unit
            }
        }
    }

    mutating func users(_ rows: [OrganisationImport.Line<OrganisationImport.UserRow>], hashes: [String: String]?) {
        var seen: [String: Int] = [:]
        for line in rows {
            let r = line.row
            guard firstTime(r.username, &seen, .users, line.line, "username") else { continue }
            attempt(.users, line.line) { (p: inout Planner) throws(DomainError) in
                let j = try p.station(r.jurisdiction, field: "jurisdiction")
                var unitID: UnitID?
                if let callsign = r.unit {
                    guard let unit = p.unitsByCallsign[PoliceUnit.callsignKey(callsign)] else {
                        throw DomainError(.notFound, field: "unit", "no unit with callsign \(callsign.prefix(40))")
                    }
                    unitID = unit.id
                }
                let stored = p.usersByName[r.username], editor = p.editor
                _ = try p.settle(.users, stored: stored, into: \.users, same: { u in
                    (r.displayName, r.role, j.id, unitID) == (u.displayName, u.role, u.jurisdictionID, u.unitID)
                }, edit: { (u: User) throws(DomainError) in
                    try OrganisationDecider.edit(u, UserEdit(version: u.version, displayName: r.displayName, role: r.role, jurisdictionID: j.id, unitID: unitID),
                                                 by: editor, jurisdiction: j.id == u.jurisdictionID ? nil : j)
                }, create: { () throws(DomainError) in
                    guard let hash = hashes == nil ? "" : hashes?[r.username] else {
                        throw DomainError(.invalidField, field: "username", "no one-time password was prepared")
                    }
                    var (u, _) = try OrganisationDecider.user(id: .random(), username: r.username, displayName: r.displayName, role: r.role,
                                                              jurisdiction: j, unitID: unitID, passwordHash: hash)
                    u.mustChangePassword = true
                    return (u, try OrganisationDecider.event(.userCreated, u.publicView, path: u.path, id: u.id.rawValue))
                })
                if stored == nil { p.plan.newUsernames.append(r.username) }
            }
        }
    }
}
