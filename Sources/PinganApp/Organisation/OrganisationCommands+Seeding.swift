import Foundation
import PinganCore
import PinganStore

extension OrganisationCommands {
    /// Creates a whole organisation whose IDs the caller chose (a generated demo city, a plan),
    /// through the same decider checks as one-by-one creation, in one audited transaction: the
    /// log shows one `SeedOrganisation` command by `actor` with an event per entity. Parents
    /// must come before children in `jurisdictions`.
    public func seedOrganisation(jurisdictions: [Jurisdiction], units: [PoliceUnit], posts: [Post], zones: [PatrolZone],
                                 by actor: Actor) async throws {
        _ = try await runner.run(.seedOrganisation, by: actor) { now in try Self.seed(jurisdictions: jurisdictions, units: units, posts: posts,
                                                                                       zones: zones, now: now) }
    }

    static func seed(jurisdictions: [Jurisdiction], units: [PoliceUnit], posts: [Post], zones: [PatrolZone], now: Date) throws -> Decision<Void> {
        var events: [Event] = [], writes: [EntityWrite] = []
        var byID: [JurisdictionID: Jurisdiction] = [:]
        func station(_ id: JurisdictionID) throws -> Jurisdiction {
            guard let j = byID[id] else { throw DomainError.notFound("station", id.rawValue) }
            return j
        }
        for j in jurisdictions {
            let parent = try j.parentID.map { id throws -> Jurisdiction in
                guard let p = byID[id] else { throw DomainError(.invalidHierarchy, field: "parentID", "parent \(id.rawValue) must come first") }
                return p
            }
            let (made, event) = try OrganisationDecider.jurisdiction(id: j.id, parent: parent, level: j.level, code: j.code, name: j.name,
                                                                    nameEn: j.nameEn, location: j.location)
            byID[made.id] = made
            events.append(event); writes.append(.jurisdiction(made))
        }
        var unitByID: [UnitID: PoliceUnit] = [:]
        for u in units {
            let (made, event) = try OrganisationDecider.unit(id: u.id, callsign: u.callsign, kind: u.kind, station: try station(u.stationID),
                                                            crew: u.crew, now: now)
            unitByID[made.id] = made
            events.append(event); writes.append(.unit(made))
        }
        for p in posts {
            let (made, event) = try OrganisationDecider.post(id: p.id, station: try station(p.stationID), kind: p.kind, name: p.name, location: p.location)
            events.append(event); writes.append(.post(made))
        }
        var madeZones: [PatrolZone] = []
        for z in zones {
            let members = try z.unitIDs.map { id throws -> PoliceUnit in
                guard let u = unitByID[id] else { throw DomainError.notFound("unit", id.rawValue) }
                return u
            }
            let planned = try Set(z.shifts.flatMap(\.unitIDs)).map { id throws -> PoliceUnit in
                guard let u = unitByID[id] else { throw DomainError.notFound("unit", id.rawValue) }
                return u
            }
            let (made, event) = try OrganisationDecider.zone(id: z.id, station: try station(z.stationID), name: z.name, boundary: z.boundary,
                                                            units: members, shifts: z.shifts, shiftUnits: planned,
                                                            otherZones: madeZones.filter { $0.stationID == z.stationID })
            events.append(event); writes.append(.zone(made)); madeZones.append(made)
        }
        return Decision(events: events, writes: writes, output: ())
    }
}
