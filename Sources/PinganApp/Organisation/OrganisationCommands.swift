import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// The organisation's entities: the jurisdiction tree, posts, patrol zones and units, each
/// created (or, for units, its duty status set) inside the caller's scope.
public struct OrganisationCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections
    /// Jurisdictions recently read or written here, for resolving policies without a read each time.
    var known: KnownJurisdictions? = nil

    public func createJurisdiction(parentID: JurisdictionID?, level: JurisdictionLevel, code: String, name: String, nameEn: String?,
                                   location: Coordinate?, area: GeoArea? = nil, by user: User,
                                   idempotency: Idempotency<Jurisdiction>? = nil) async throws -> Outcome<Jurisdiction> {
        try await runner.run(.createJurisdiction, by: Actor(user), idempotency: idempotency) { _ in
            var parent: Jurisdiction?
            if let parentID {
                parent = try await store.jurisdiction(parentID, scope: user.scope)
                guard parent != nil else { throw DomainError.notFound("jurisdiction", parentID.rawValue) }
            } else if user.scope != .everything {
                throw DomainError(.forbidden, field: "parentID", "only a top-level administrator may create a city")
            }
            let (j, event) = try OrganisationDecider.jurisdiction(id: .random(), parent: parent, level: level, code: code, name: name,
                                                                  nameEn: nameEn, location: location, area: area)
            return Decision(events: [event], writes: [.jurisdiction(j)], output: j)
        }
    }

    public func createUnit(callsign: String, kind: UnitKind, stationID: JurisdictionID, crew: Int, by user: User,
                           idempotency: Idempotency<PoliceUnit>? = nil) async throws -> Outcome<PoliceUnit> {
        let station = try await station(stationID, user: user)
        do {
            return try await runner.run(.createUnit, by: Actor(user), idempotency: idempotency) { now in
                let (u, event) = try OrganisationDecider.unit(id: .random(), callsign: callsign, kind: kind, station: station, crew: crew, now: now)
                return Decision(events: [event], writes: [.unit(u)], output: u)
            }
        } catch let error as StoreError where error.kind == .duplicate {
            throw DomainError(.duplicate, field: "callsign", "station \(station.code) already has a unit with callsign \(callsign.prefix(32))")
        }
    }

    /// Station staff change any unit in scope; a field officer only their own.
    public func setUnitStatus(_ id: UnitID, to status: UnitStatus, by user: User,
                              idempotency: Idempotency<PoliceUnit>? = nil) async throws -> Outcome<PoliceUnit> {
        try await runner.run(.setUnitStatus, by: Actor(user), idempotency: idempotency) { now in
            guard let unit = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
            if !user.role.may(.writeUnits) && user.unitID != id {
                throw DomainError(.forbidden, "a field officer may change only their own unit")
            }
            let (u, event) = try OrganisationDecider.setStatus(unit, to: status, now: now)
            return Decision(events: [event], writes: [.unit(u)], output: u)
        }
    }

    public func createPost(stationID: JurisdictionID, kind: Post.Kind, name: String, location: Coordinate, category: String? = nil, by user: User,
                           idempotency: Idempotency<Post>? = nil) async throws -> Outcome<Post> {
        let station = try await station(stationID, user: user)
        return try await runner.run(.createPost, by: Actor(user), idempotency: idempotency) { _ in
            let (p, event) = try OrganisationDecider.post(id: .random(), station: station, kind: kind, name: name, location: location, category: category)
            return Decision(events: [event], writes: [.post(p)], output: p)
        }
    }

    /// Registers `places` (the map's schools, hospitals, hubs, squares on the station's ground) as
    /// the station's key places, in one command; a place already registered (a key place of the
    /// same name within `sameWithin` metres) is skipped. Returns those created and how many were
    /// skipped.
    public func importKeyPlaces(stationID: JurisdictionID, places: [(name: String, category: String, location: Coordinate)], by user: User,
                                idempotency: Idempotency<KeyPlaceImport>? = nil) async throws -> Outcome<KeyPlaceImport> {
        let station = try await station(stationID, user: user)
        guard station.level == .station else { throw DomainError.invalid("stationID", "\(station.name) is a \(station.level.rawValue), not a station") }
        guard places.count <= KeyPlaceImport.maxPlaces else {
            throw DomainError.invalid("stationID", "\(places.count) places on the ground; at most \(KeyPlaceImport.maxPlaces) are imported at once")
        }
        return try await runner.run(.importKeyPlaces, by: Actor(user), idempotency: idempotency) { _ in
            var known = try await store.posts(scope: Scope(path: station.path)).filter { $0.kind == .keyPlace && $0.active && $0.stationID == station.id }
            var events: [Event] = [], writes: [EntityWrite] = [], created: [Post] = [], skipped = 0
            for place in places {
                if known.contains(where: { $0.name == place.name && Geodesy.haversine($0.location, place.location) <= KeyPlaceImport.sameWithin }) {
                    skipped += 1
                    continue
                }
                let (p, event) = try OrganisationDecider.post(id: .random(), station: station, kind: .keyPlace, name: String(place.name.prefix(100)),
                                                              location: place.location, category: place.category)
                events.append(event); writes.append(.post(p)); created.append(p); known.append(p)
            }
            guard !created.isEmpty else { return .unchanged(KeyPlaceImport(items: [], skipped: skipped)) }
            return Decision(events: events, writes: writes, output: KeyPlaceImport(items: created, skipped: skipped))
        }
    }

    public func createZone(stationID: JurisdictionID, name: String, boundary: [Coordinate], unitIDs: [UnitID], by user: User,
                           idempotency: Idempotency<PatrolZone>? = nil) async throws -> Outcome<PatrolZone> {
        let station = try await station(stationID, user: user)
        return try await runner.run(.createZone, by: Actor(user), idempotency: idempotency) { _ in
            var units: [PoliceUnit] = []
            for id in unitIDs {
                guard let unit = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
                units.append(unit)
            }
            let (z, event) = try OrganisationDecider.zone(id: .random(), station: station, name: name, boundary: boundary, units: units)
            return Decision(events: [event], writes: [.zone(z)], output: z)
        }
    }

    /// Replaces a station's patrol zones with a design (巡区调整) in one audited step: the zones
    /// in force are retired and the new ones created together, so the station is never left
    /// with half of each. The new zones start without units; the station assigns its cars next.
    public func adoptZones(stationID: JurisdictionID, zones: [(name: String, boundary: [Coordinate])], by user: User,
                           idempotency: Idempotency<[PatrolZone]>? = nil) async throws -> Outcome<[PatrolZone]> {
        let station = try await station(stationID, user: user)
        guard station.level == .station else { throw DomainError.invalid("stationID", "\(station.name) is a \(station.level.rawValue), not a station") }
        guard !zones.isEmpty else { throw DomainError.invalid("zones", "a design has at least one zone") }
        return try await runner.run(.adoptZoneDesign, by: Actor(user), idempotency: idempotency) { _ in
            var events: [Event] = [], writes: [EntityWrite] = [], created: [PatrolZone] = []
            for old in try await store.zones(scope: user.scope) where old.stationID == stationID && old.active {
                let (retired, event) = try OrganisationDecider.edit(old, ZoneEdit(version: old.version, active: false), units: nil)
                events.append(event); writes.append(.zone(retired))
            }
            for spec in zones {
                let (z, event) = try OrganisationDecider.zone(id: .random(), station: station, name: spec.name, boundary: spec.boundary, units: [])
                events.append(event); writes.append(.zone(z)); created.append(z)
            }
            return Decision(events: events, writes: writes, output: created)
        }
    }

    func station(_ id: JurisdictionID, user: User) async throws -> Jurisdiction {
        guard let station = try await store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("station", id.rawValue) }
        return station
    }
}

/// Edits and retirement, each naming the version it read.
extension OrganisationCommands {
    public func updateJurisdiction(_ id: JurisdictionID, _ edit: JurisdictionEdit, by user: User,
                                   idempotency: Idempotency<Jurisdiction>? = nil) async throws -> Outcome<Jurisdiction> {
        try await runner.run(.updateJurisdiction, by: Actor(user), idempotency: idempotency) { _ in
            guard let j = try await store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            let atWork = edit.active == false ? try await store.units(scope: Scope(path: j.path)).filter { $0.incidentID != nil }.count : 0
            let (n, event) = try OrganisationDecider.edit(j, edit, unitsAtWork: atWork)
            return Decision(events: [event], writes: [.jurisdiction(n)], output: n)
        }
    }

    public func updatePost(_ id: PostID, _ edit: PostEdit, by user: User, idempotency: Idempotency<Post>? = nil) async throws -> Outcome<Post> {
        try await runner.run(.updatePost, by: Actor(user), idempotency: idempotency) { _ in
            guard let p = try await store.post(id, scope: user.scope) else { throw DomainError.notFound("post", id.rawValue) }
            let (n, event) = try OrganisationDecider.edit(p, edit)
            return Decision(events: [event], writes: [.post(n)], output: n)
        }
    }

    public func updateZone(_ id: ZoneID, _ edit: ZoneEdit, by user: User, idempotency: Idempotency<PatrolZone>? = nil) async throws -> Outcome<PatrolZone> {
        try await runner.run(.updateZone, by: Actor(user), idempotency: idempotency) { _ in
            guard let z = try await store.zone(id, scope: user.scope) else { throw DomainError.notFound("zone", id.rawValue) }
            var units: [PoliceUnit]?
            if let ids = edit.unitIDs {
                units = []
                for uid in ids {
                    guard let unit = try await store.unit(uid, scope: user.scope) else { throw DomainError.notFound("unit", uid.rawValue) }
                    units?.append(unit)
                }
            }
            var shiftUnits: [PoliceUnit] = [], others: [PatrolZone] = []
            if let shifts = edit.shifts {
                for uid in Set(shifts.flatMap(\.unitIDs)) {
                    guard let unit = try await store.unit(uid, scope: user.scope) else { throw DomainError.notFound("unit", uid.rawValue) }
                    shiftUnits.append(unit)
                }
                others = try await store.zones(scope: Scope(path: z.path)).filter { $0.stationID == z.stationID }
            }
            let (n, event) = try OrganisationDecider.edit(z, edit, units: units, shiftUnits: shiftUnits, otherZones: others)
            return Decision(events: [event], writes: [.zone(n)], output: n)
        }
    }

    public func updateUnit(_ id: UnitID, _ edit: UnitEdit, by user: User, idempotency: Idempotency<PoliceUnit>? = nil) async throws -> Outcome<PoliceUnit> {
        do {
            return try await runner.run(.updateUnit, by: Actor(user), idempotency: idempotency) { now in
                guard let u = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
                let (n, event) = try OrganisationDecider.edit(u, edit, now: now)
                return Decision(events: [event], writes: [.unit(n)], output: n)
            }
        } catch let error as StoreError where error.kind == .duplicate {
            throw DomainError(.duplicate, field: "callsign", "the station already has a unit with callsign \((edit.callsign ?? "").prefix(32))")
        }
    }
}

/// Policies: set on a jurisdiction, resolved down the tree.
extension OrganisationCommands {
    public func setPolicy(_ id: JurisdictionID, _ policy: JurisdictionPolicy, version: Int, by user: User,
                          idempotency: Idempotency<Jurisdiction>? = nil) async throws -> Outcome<Jurisdiction> {
        try await runner.run(.setPolicy, by: Actor(user), idempotency: idempotency) { _ in
            guard let j = try await store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            // A routing rule names an agency that exists, is active and serves this ground.
            for rule in policy.referralRules ?? [] where rule.disabled != true {
                guard let agency = try await store.agency(rule.agencyID), user.path.hasPrefix(agency.path) || user.scope.contains(path: agency.path) else {
                    throw DomainError.notFound("agency", rule.agencyID.rawValue)
                }
                guard agency.active else { throw DomainError(.inactive, field: "referralRules", "rule \(rule.id): agency \(agency.name) is retired") }
                guard j.path.hasPrefix(agency.path) || agency.path.hasPrefix(j.path) else {
                    throw DomainError(.agencyOutsideArea, field: "referralRules", "rule \(rule.id): agency \(agency.name) does not serve \(j.name)")
                }
            }
            let (n, event) = try OrganisationDecider.setPolicy(j, policy, version: version)
            return Decision(events: [event], writes: [.jurisdiction(n)], output: n)
        }
    }

    /// `j`'s policy with what it inherits from every ancestor (read whatever the caller's scope:
    /// a station works under its city's rules even though its staff cannot see the city).
    public func effectivePolicy(of j: Jurisdiction) async throws -> EffectivePolicy {
        try await EffectivePolicy.resolve(store.chain(of: j, known: known))
    }
}

extension Projections {
    /// `j` and its ancestors from the top down, as its path names them; ancestors `known`
    /// holds fresh are not read again.
    func chain(of j: Jurisdiction, known: KnownJurisdictions? = nil) async throws -> [Jurisdiction] {
        var chain: [Jurisdiction] = []
        for raw in j.path.split(separator: "/").dropLast() {
            let id = JurisdictionID(String(raw))
            let a = if let known { try await known.jurisdiction(id, in: .everything, from: self) } else { try await jurisdiction(id, scope: .everything) }
            if let a { chain.append(a) }
        }
        return chain + [j]
    }
}
