import Foundation
import PinganGeo

/// Edits and retirement of the organisation's entities. Nothing is ever deleted: events and
/// incidents keep referring to stations, zones, units and users, so retiring one sets
/// `active = false` (users: `disabled`) and keeps the row. Each edit names the version it read.
extension OrganisationDecider {
    public static func edit(_ j: Jurisdiction, _ e: JurisdictionEdit, unitsAtWork: Int) throws(DomainError) -> (Jurisdiction, Event) {
        try checkVersion(e.version, of: j.version, "jurisdiction \(j.code)")
        var n = j
        n.name = e.name ?? j.name
        n.nameEn = e.nameEn ?? j.nameEn
        n.code = e.code ?? j.code
        n.location = e.location ?? j.location
        n.active = e.active ?? j.active
        n.area = e.clearArea ? nil : e.area ?? j.area
        try checkJurisdiction(code: n.code, name: n.name, nameEn: n.nameEn, location: n.location)
        if j.active && !n.active && unitsAtWork > 0 {
            throw DomainError(.inUse, field: "active", "\(unitsAtWork) unit(s) of \(j.name) are on incidents; release them before retiring it")
        }
        n.version += 1
        return (n, try event(.jurisdictionUpdated, n, id: n.id.rawValue))
    }

    public static func edit(_ p: Post, _ e: PostEdit) throws(DomainError) -> (Post, Event) {
        try checkVersion(e.version, of: p.version, "post \(p.name)")
        var n = p
        n.name = e.name ?? p.name
        n.kind = e.kind ?? p.kind
        n.location = e.location ?? p.location
        n.active = e.active ?? p.active
        try TextRules.check(n.name, field: "name", max: 100)
        try TextRules.check(n.location, field: "location")
        n.version += 1
        return (n, try event(.postUpdated, n, id: n.id.rawValue))
    }

    /// `units` are the zone's units after the edit, when the edit changes them; `shiftUnits` the
    /// units its new shifts name, and `otherZones` the station's zones, whose shifts its units
    /// must not overlap.
    public static func edit(_ z: PatrolZone, _ e: ZoneEdit, units: [PoliceUnit]?, shiftUnits: [PoliceUnit] = [],
                            otherZones: [PatrolZone] = []) throws(DomainError) -> (PatrolZone, Event) {
        try checkVersion(e.version, of: z.version, "zone \(z.name)")
        var n = z
        n.name = e.name ?? z.name
        try TextRules.check(n.name, field: "name", max: 100)
        if let boundary = e.boundary { n.boundary = try zoneRing(boundary) }
        if let units {
            try checkZoneUnits(units, station: z.path)
            n.unitIDs = units.map(\.id)
        }
        n.active = e.active ?? z.active
        if let shifts = e.shifts {
            try checkShifts(shifts, ring: n.boundary, station: z.path, units: shiftUnits, others: otherZones.filter { $0.id != z.id && $0.active })
            n.shifts = shifts
        } else if e.boundary != nil {
            try checkShifts(n.shifts, ring: n.boundary, station: z.path, units: nil, others: [])
        }
        n.version += 1
        return (n, try event(.zoneUpdated, n, id: n.id.rawValue))
    }

    /// Retiring a unit takes it off duty for good; it must not be working an incident.
    public static func edit(_ u: PoliceUnit, _ e: UnitEdit, now: Date) throws(DomainError) -> (PoliceUnit, Event) {
        try checkVersion(e.version, of: u.version, "unit \(u.callsign)")
        var n = u
        n.callsign = e.callsign ?? u.callsign
        n.kind = e.kind ?? u.kind
        n.crew = e.crew ?? u.crew
        n.active = e.active ?? u.active
        try checkUnit(callsign: n.callsign, crew: n.crew)
        if u.active && !n.active {
            guard u.incidentID == nil else {
                throw DomainError(.inUse, field: "active", "unit \(u.callsign) is working an incident; release it before retiring it")
            }
            n.status = .offDuty
            n.statusSince = now
        }
        n.version += 1
        return (n, try event(.unitUpdated, n, id: n.id.rawValue))
    }

    /// `editor` changes `target`; `jurisdiction` is the target's new jurisdiction when the edit
    /// moves it (already looked up inside the editor's scope). Nobody disables themselves or
    /// changes their own role, and an administrator does not edit a fellow administrator of
    /// their own jurisdiction: that takes someone above both.
    public static func edit(_ target: User, _ e: UserEdit, by editor: User, jurisdiction: Jurisdiction?, agency: Agency? = nil,
                            currentJurisdiction: Jurisdiction? = nil) throws(DomainError) -> (User, Event) {
        try checkVersion(e.version, of: target.version, "user \(target.username)")
        try checkRank(of: target, editor: editor)
        let isSelf = target.id == editor.id
        if isSelf && (e.disabled == true || (e.role.map { $0 != target.role } ?? false) || (e.jurisdictionID.map { $0 != target.jurisdictionID } ?? false)) {
            throw DomainError(.forbidden, "you may not disable yourself or change your own role or jurisdiction")
        }
        var n = target
        if let displayName = e.displayName {
            try TextRules.check(displayName, field: "displayName", max: 100)
            n.displayName = displayName
        }
        if let role = e.role { try checkPersonRole(role) }
        n.role = e.role ?? target.role
        if let jurisdiction {
            try checkActive(jurisdiction)
            n.jurisdictionID = jurisdiction.id
            n.path = jurisdiction.path
        }
        n.unitID = e.unitID ?? target.unitID
        n.agencyID = e.agencyID ?? target.agencyID
        if n.role != target.role || e.agencyID != nil || jurisdiction != nil {
            if n.role != .externalAgency && e.agencyID == nil { n.agencyID = nil }
            if n.role == .externalAgency || n.agencyID != nil {
                try checkAgency(agency, role: n.role, jurisdiction: jurisdiction ?? currentJurisdiction ?? Jurisdiction.root)
            }
        }
        n.disabled = e.disabled ?? target.disabled
        n.version += 1
        return (n, try event(.userUpdated, n.publicView, path: n.path, id: n.id.rawValue))
    }

    public static func resetPassword(_ target: User, hash: String, by editor: User) throws(DomainError) -> (User, Event) {
        try checkRank(of: target, editor: editor)
        var n = target
        n.passwordHash = hash
        // A password someone else chose is one-time: its owner must replace it at sign-in.
        n.mustChangePassword = target.id != editor.id
        n.version += 1
        return (n, try event(.userPasswordReset, n.publicView, path: n.path, id: n.id.rawValue))
    }

    // MARK: - Rules shared by creates and edits

    /// An administrator does not edit a fellow administrator of their own jurisdiction (those
    /// above both do); everyone else in scope, and themselves, they may.
    static func checkRank(of target: User, editor: User) throws(DomainError) {
        if target.id != editor.id && target.role == .admin && target.path == editor.path {
            throw DomainError(.forbidden, "an administrator of the same jurisdiction is edited by one above it")
        }
    }

    static func checkVersion(_ expected: Int, of stored: Int, _ what: String) throws(DomainError) {
        guard expected == stored else {
            throw DomainError(.staleVersion, field: "version", "\(what) is at version \(stored), not \(expected): someone changed it; reload and edit again")
        }
    }

    static func checkActive(_ j: Jurisdiction) throws(DomainError) {
        guard j.active else { throw DomainError(.inactive, "\(j.name) is retired; nothing new is placed under it") }
    }

    static func checkJurisdiction(code: String, name: String, nameEn: String?, location: Coordinate?) throws(DomainError) {
        try TextRules.check(code, field: "code", max: 32)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw DomainError.invalid("code", "code may hold ASCII letters, digits, - and _ only")
        }
        try TextRules.check(name, field: "name", max: 100)
        if let nameEn { try TextRules.check(nameEn, field: "nameEn", max: 100, required: false) }
        if let location { try TextRules.check(location, field: "location") }
    }

    static func checkUnit(callsign: String, crew: Int) throws(DomainError) {
        try TextRules.check(callsign, field: "callsign", max: 32)
        guard (1...50).contains(crew) else { throw DomainError.invalid("crew", "crew must be between 1 and 50") }
    }

    static func checkZoneUnits(_ units: [PoliceUnit], station path: String) throws(DomainError) {
        for u in units where !path.hasPrefix(u.path) && !u.path.hasPrefix(path) {
            throw DomainError(.invalidHierarchy, field: "unitIDs", "unit \(u.callsign) is not of this station")
        }
    }

    /// The zone ring as stored: open (a closing repeat of the first point is dropped), 3 to 5000
    /// valid points, no repeated neighbours, edges that never cross.
    static func zoneRing(_ boundary: [Coordinate]) throws(DomainError) -> [Coordinate] {
        for c in boundary { try TextRules.check(c, field: "boundary") }
        var ring = boundary
        if ring.count > 1, ring.first == ring.last { ring.removeLast() }
        guard (3...5000).contains(ring.count) else { throw DomainError.invalid("boundary", "a zone boundary needs 3 to 5000 points") }
        for i in ring.indices where ring[i] == ring[(i + 1) % ring.count] {
            throw DomainError(.invalidGeometry, field: "boundary", "boundary point \(i + 1) repeats its neighbour")
        }
        if let (a, b) = Polygon(ring).firstSelfIntersection {
            throw DomainError(.invalidGeometry, field: "boundary", "the boundary crosses itself (edges \(a + 1) and \(b + 1))")
        }
        return ring
    }

    /// A patrol plan that can be kept: shifts within a day's bounds, presence no longer than the
    /// shift, units of the station, points inside the zone with stays within the shift, and no
    /// unit in two shifts at once (in this zone or another of the station's).
    /// `units`: the units the shifts name (nil: they were checked when the plan was set).
    static func checkShifts(_ shifts: [ZoneShift], ring: [Coordinate], station path: String, units: [PoliceUnit]?,
                            others: [PatrolZone]) throws(DomainError) {
        guard shifts.count <= ZoneShift.maxShifts else { throw DomainError.invalid("shifts", "a zone has at most \(ZoneShift.maxShifts) shifts") }
        let zone = Polygon(ring)
        for (i, s) in shifts.enumerated() {
            let f = "shifts.\(i)"
            try TextRules.check(s.name, field: "\(f).name", max: 40)
            guard (0..<1440).contains(s.startMinute) else { throw DomainError.invalid("\(f).startMinute", "a shift starts 0 to 1439 minutes after midnight") }
            guard (30...1440).contains(s.lengthMinutes) else { throw DomainError.invalid("\(f).lengthMinutes", "a shift lasts 30 minutes to 24 hours") }
            guard (0...s.lengthMinutes).contains(s.requiredMinutes) else {
                throw DomainError.invalid("\(f).requiredMinutes", "shift \(s.name) requires \(s.requiredMinutes) minutes of presence in \(s.lengthMinutes)")
            }
            guard Set(s.unitIDs).count == s.unitIDs.count, s.unitIDs.count <= 50 else {
                throw DomainError.invalid("\(f).unitIDs", "a shift names at most 50 units, each once")
            }
            if let units {
                for id in s.unitIDs {
                    guard let u = units.first(where: { $0.id == id }) else { throw DomainError.notFound("unit", id.rawValue) }
                    do { try checkZoneUnits([u], station: path) } catch { throw DomainError(.invalidHierarchy, field: "\(f).unitIDs", "unit \(u.callsign) is not of this station") }
                }
            }
            guard s.points.count <= ZoneShift.maxPoints else { throw DomainError.invalid("\(f).points", "a shift has at most \(ZoneShift.maxPoints) points") }
            for (k, p) in s.points.enumerated() {
                let pf = "\(f).points.\(k)"
                try TextRules.check(p.name, field: "\(pf).name", max: 100)
                try TextRules.check(p.location, field: "\(pf).location")
                guard zone.contains(p.location) else { throw DomainError.invalid("\(pf).location", "point \(p.name) lies outside the zone") }
                guard (0...s.lengthMinutes).contains(p.dwellMinutes) else {
                    throw DomainError.invalid("\(pf).dwellMinutes", "a stay at \(p.name) is 0 to the shift's \(s.lengthMinutes) minutes")
                }
                guard (10...500).contains(p.radiusMetres) else { throw DomainError.invalid("\(pf).radiusMetres", "a point's radius is 10 to 500 metres") }
            }
        }
        let theirs = others.flatMap { z in z.shifts.map { (z.name, $0) } }
        for (i, a) in shifts.enumerated() {
            for (j, b) in shifts.enumerated() where j > i && a.overlaps(b) {
                if let u = a.unitIDs.first(where: b.unitIDs.contains) {
                    throw DomainError.invalid("shifts.\(j)", "unit \(u.rawValue) would work shifts \(a.name) and \(b.name) at once")
                }
            }
            for (zoneName, b) in theirs where a.overlaps(b) {
                if let u = a.unitIDs.first(where: b.unitIDs.contains) {
                    throw DomainError.invalid("shifts.\(i)", "unit \(u.rawValue) already works shift \(b.name) of zone \(zoneName) then")
                }
            }
        }
    }
}
