import PinganGeo

/// What an administrator changes on an existing entity: each field left nil stays as it is.
/// `version` is the version the editor read; an edit of anything newer is refused
/// (`stale_version`), so two administrators never silently overwrite each other.
public struct JurisdictionEdit: Codable, Sendable, Hashable {
    public var version: Int
    public var name: String?
    public var nameEn: String?
    public var code: String?
    public var location: Coordinate?
    public var active: Bool?
    /// A new area; with `clearArea` (`"area": null` in the body) the area is removed.
    public var area: GeoArea?
    public var clearArea: Bool

    public init(version: Int, name: String? = nil, nameEn: String? = nil, code: String? = nil, location: Coordinate? = nil, active: Bool? = nil,
                area: GeoArea? = nil, clearArea: Bool = false) {
        self.version = version
        self.name = name
        self.nameEn = nameEn
        self.code = code
        self.location = location
        self.active = active
        self.area = area
        self.clearArea = clearArea
    }

    enum CodingKeys: String, CodingKey { case version, name, nameEn, code, location, active, area }

    /// `"area": null` clears the area, an absent `area` keeps it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        nameEn = try c.decodeIfPresent(String.self, forKey: .nameEn)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        location = try c.decodeIfPresent(Coordinate.self, forKey: .location)
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
        area = try c.decodeIfPresent(GeoArea.self, forKey: .area)
        clearArea = c.contains(.area) && area == nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(nameEn, forKey: .nameEn)
        try c.encodeIfPresent(code, forKey: .code)
        try c.encodeIfPresent(location, forKey: .location)
        try c.encodeIfPresent(active, forKey: .active)
        if clearArea { try c.encodeNil(forKey: .area) } else { try c.encodeIfPresent(area, forKey: .area) }
    }
}

public struct PostEdit: Codable, Sendable, Hashable {
    public var version: Int
    public var name: String?
    public var kind: Post.Kind?
    public var location: Coordinate?
    public var active: Bool?

    public init(version: Int, name: String? = nil, kind: Post.Kind? = nil, location: Coordinate? = nil, active: Bool? = nil) {
        self.version = version
        self.name = name
        self.kind = kind
        self.location = location
        self.active = active
    }
}

public struct ZoneEdit: Codable, Sendable, Hashable {
    public var version: Int
    public var name: String?
    public var boundary: [Coordinate]?
    public var unitIDs: [UnitID]?
    public var active: Bool?
    /// The whole patrol plan, replacing the one before.
    public var shifts: [ZoneShift]?

    public init(version: Int, name: String? = nil, boundary: [Coordinate]? = nil, unitIDs: [UnitID]? = nil, active: Bool? = nil,
                shifts: [ZoneShift]? = nil) {
        self.version = version
        self.shifts = shifts
        self.name = name
        self.boundary = boundary
        self.unitIDs = unitIDs
        self.active = active
    }
}

public struct UnitEdit: Codable, Sendable, Hashable {
    public var version: Int
    public var callsign: String?
    public var kind: UnitKind?
    public var crew: Int?
    public var active: Bool?

    public init(version: Int, callsign: String? = nil, kind: UnitKind? = nil, crew: Int? = nil, active: Bool? = nil) {
        self.version = version
        self.callsign = callsign
        self.kind = kind
        self.crew = crew
        self.active = active
    }
}

public struct UserEdit: Codable, Sendable, Hashable {
    public var version: Int
    public var displayName: String?
    public var role: Role?
    public var jurisdictionID: JurisdictionID?
    public var unitID: UnitID?
    public var disabled: Bool?
    /// The agency an `externalAgency` user works for.
    public var agencyID: AgencyID?

    public init(version: Int, displayName: String? = nil, role: Role? = nil, jurisdictionID: JurisdictionID? = nil, unitID: UnitID? = nil,
                disabled: Bool? = nil, agencyID: AgencyID? = nil) {
        self.agencyID = agencyID
        self.version = version
        self.displayName = displayName
        self.role = role
        self.jurisdictionID = jurisdictionID
        self.unitID = unitID
        self.disabled = disabled
    }
}
