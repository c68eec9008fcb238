import Foundation
import PinganGeo

/// Validates and builds the organisation's entities: the jurisdiction tree, posts, zones,
/// units and users. Pure, like `IncidentDecider`.
public enum OrganisationDecider {
    public static func jurisdiction(id: JurisdictionID, parent: Jurisdiction?, level: JurisdictionLevel, code: String, name: String,
                                    nameEn: String?, location: Coordinate?, area: GeoArea? = nil) throws(DomainError) -> (Jurisdiction, Event) {
        try checkJurisdiction(code: code, name: name, nameEn: nameEn, location: location)
        switch (parent, level) {
        case (nil, .city): break
        case (nil, _): throw DomainError(.invalidHierarchy, field: "parentID", "only a city may stand at the top of the tree")
        case (let p?, _):
            guard p.level.childLevel == level else {
                throw DomainError(.invalidHierarchy, field: "level", "a \(p.level.rawValue) holds \(p.level.childLevel?.rawValue ?? "nothing"), not a \(level.rawValue)")
            }
        }
        let j = Jurisdiction(id: id, parentID: parent?.id, level: level, code: code, name: name, nameEn: nameEn, location: location,
                             path: Jurisdiction.path(for: id, under: parent), area: area)
        return (j, try event(.jurisdictionCreated, j, id: id.rawValue))
    }

    public static func unit(id: UnitID, callsign: String, kind: UnitKind, station: Jurisdiction, crew: Int, now: Date) throws(DomainError) -> (PoliceUnit, Event) {
        try checkUnit(callsign: callsign, crew: crew)
        guard station.level == .station else { throw DomainError(.invalidHierarchy, field: "stationID", "a unit belongs to a station") }
        try checkActive(station)
        let u = PoliceUnit(id: id, callsign: callsign, kind: kind, stationID: station.id, statusSince: now, crew: crew, path: station.path)
        return (u, try event(.unitCreated, u, id: id.rawValue))
    }

    /// Changes a unit's duty status by hand (out of service, off duty, back available). Busy units
    /// change status through their incident, never here.
    public static func setStatus(_ unit: PoliceUnit, to status: UnitStatus, now: Date) throws(DomainError) -> (PoliceUnit, Event) {
        guard unit.active else { throw DomainError(.inactive, field: "status", "unit \(unit.callsign) is retired; reactivate it first") }
        guard [.available, .outOfService, .offDuty].contains(status) else {
            throw DomainError(.illegalTransition, field: "status", "a unit becomes \(status.rawValue) through an incident")
        }
        guard unit.incidentID == nil else {
            throw DomainError(.illegalTransition, field: "status", "unit \(unit.callsign) is working an incident; release it first")
        }
        var u = unit
        u.version += 1
        u.status = status
        u.statusSince = now
        return (u, try event(.unitStatusChanged, u, id: u.id.rawValue))
    }

    public static func post(id: PostID, station: Jurisdiction, kind: Post.Kind, name: String, location: Coordinate,
                            category: String? = nil) throws(DomainError) -> (Post, Event) {
        try TextRules.check(name, field: "name", max: 100)
        try TextRules.check(location, field: "location")
        if let category {
            guard kind == .keyPlace else { throw DomainError.invalid("category", "only a key place has a category") }
            guard (1...32).contains(category.count), category.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw DomainError.invalid("category", "a category is 1-32 ASCII letters, digits, '_' or '-'")
            }
        }
        guard station.level == .station else { throw DomainError(.invalidHierarchy, field: "stationID", "a post belongs to a station") }
        try checkActive(station)
        let p = Post(id: id, stationID: station.id, kind: kind, name: name, location: location, path: station.path, category: category)
        return (p, try event(.postCreated, p, id: id.rawValue))
    }

    /// `shifts`: its patrol plan from the start (a seeded city), naming `shiftUnits`, checked
    /// against the station's `otherZones`.
    public static func zone(id: ZoneID, station: Jurisdiction, name: String, boundary: [Coordinate], units: [PoliceUnit], shifts: [ZoneShift] = [],
                            shiftUnits: [PoliceUnit] = [], otherZones: [PatrolZone] = []) throws(DomainError) -> (PatrolZone, Event) {
        try TextRules.check(name, field: "name", max: 100)
        guard station.level == .station else { throw DomainError(.invalidHierarchy, field: "stationID", "a patrol zone belongs to a station") }
        try checkActive(station)
        let ring = try zoneRing(boundary)
        try checkZoneUnits(units, station: station.path)
        if !shifts.isEmpty { try checkShifts(shifts, ring: ring, station: station.path, units: shiftUnits, others: otherZones) }
        let z = PatrolZone(id: id, stationID: station.id, name: name, boundary: ring, unitIDs: units.map(\.id), path: station.path, shifts: shifts)
        return (z, try event(.zoneCreated, z, id: id.rawValue))
    }

    public static func user(id: UserID, username: String, displayName: String, role: Role, jurisdiction: Jurisdiction,
                            unitID: UnitID?, passwordHash: String, agency: Agency? = nil) throws(DomainError) -> (User, Event) {
        try TextRules.check(username, field: "username", max: 64)
        guard username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw DomainError.invalid("username", "username may hold ASCII letters, digits, '.', '_' and '-' only")
        }
        try TextRules.check(displayName, field: "displayName", max: 100)
        try checkPersonRole(role)
        try checkActive(jurisdiction)
        try checkAgency(agency, role: role, jurisdiction: jurisdiction)
        let u = User(id: id, username: username, displayName: displayName, role: role, jurisdictionID: jurisdiction.id,
                     unitID: unitID, passwordHash: passwordHash, path: jurisdiction.path, agencyID: agency?.id)
        return (u, try event(.userCreated, u.publicView, path: u.path, id: id.rawValue))
    }

    /// Password rules for people: long enough to resist guessing (characters counted as JSON
    /// Schema counts them, by code point), bounded so hashing stays cheap to ask for.
    public static func checkPassword(_ password: String) throws(DomainError) {
        guard password.unicodeScalars.count >= 10 else { throw DomainError.invalid("password", "password must have at least 10 characters") }
        guard password.unicodeScalars.count <= 1024 else { throw DomainError.invalid("password", "password must have at most 1024 characters") }
    }

    /// The event carrying `entity` whole (`{"unit": {…}}`), at the entity's own path.
    static func event<E: EventSubject & Versioned>(_ type: EventType, _ entity: E, id: String) throws(DomainError) -> Event {
        try event(type, entity, path: entity.path, id: id)
    }

    static func event<E: EventSubject>(_ type: EventType, _ entity: E, path: String, id: String) throws(DomainError) -> Event {
        do { return try Event(type, subject: id, path: path, payload: EntityEventData(entity)) }
        catch { throw DomainError(.invalidField, "\(E.eventKey) could not be encoded: \(error)") }
    }

    /// An agency's users work for one agency, registered at (or above) their jurisdiction; nobody
    /// else has an agency.
    static func checkAgency(_ agency: Agency?, role: Role, jurisdiction: Jurisdiction) throws(DomainError) {
        if role == .externalAgency {
            guard let agency else { throw DomainError.invalid("agencyID", "an externalAgency user needs the agency they work for") }
            guard agency.active else { throw DomainError(.inactive, field: "agencyID", "agency \(agency.name) is retired") }
            guard jurisdiction.path.hasPrefix(agency.path) else {
                throw DomainError.invalid("jurisdictionID", "an agency's users sit at or below the jurisdiction it is registered under")
            }
        } else if agency != nil {
            throw DomainError.invalid("agencyID", "only externalAgency users work for an agency")
        }
    }

    /// Accounts are for people: a sensor's identity is its registration and its token.
    static func checkPersonRole(_ role: Role) throws(DomainError) {
        guard Role.allCases.contains(role) else {
            throw DomainError.invalid("role", "role is one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")); sensors are registered under /v1/sensors")
        }
    }
}
