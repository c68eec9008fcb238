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

    public init(version: Int, name: String? = nil, nameEn: String? = nil, code: String? = nil, location: Coordinate? = nil, active: Bool? = nil) {
        self.version = version
        self.name = name
        self.nameEn = nameEn
        self.code = code
        self.location = location
        self.active = active
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

    public init(version: Int, name: String? = nil, boundary: [Coordinate]? = nil, unitIDs: [UnitID]? = nil, active: Bool? = nil) {
        self.version = version
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

    public init(version: Int, displayName: String? = nil, role: Role? = nil, jurisdictionID: JurisdictionID? = nil, unitID: UnitID? = nil,
                disabled: Bool? = nil) {
        self.version = version
        self.displayName = displayName
        self.role = role
        self.jurisdictionID = jurisdictionID
        self.unitID = unitID
        self.disabled = disabled
    }
}
