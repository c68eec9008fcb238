import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// The organisation's entities: the jurisdiction tree, posts, patrol zones and units, each
/// created (or, for units, its duty status set) inside the caller's scope.
public struct OrganisationCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections

    public func createJurisdiction(parentID: JurisdictionID?, level: JurisdictionLevel, code: String, name: String, nameEn: String?,
                                   location: Coordinate?, by user: User,
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
                                                                  nameEn: nameEn, location: location)
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

    public func createPost(stationID: JurisdictionID, kind: Post.Kind, name: String, location: Coordinate, by user: User,
                           idempotency: Idempotency<Post>? = nil) async throws -> Outcome<Post> {
        let station = try await station(stationID, user: user)
        return try await runner.run(.createPost, by: Actor(user), idempotency: idempotency) { _ in
            let (p, event) = try OrganisationDecider.post(id: .random(), station: station, kind: kind, name: name, location: location)
            return Decision(events: [event], writes: [.post(p)], output: p)
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

    func station(_ id: JurisdictionID, user: User) async throws -> Jurisdiction {
        guard let station = try await store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("station", id.rawValue) }
        return station
    }
}
