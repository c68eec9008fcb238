import PinganGeo

/// The four levels of the public-security hierarchy ("1+9+202+N"): city bureau, district or
/// county bureau, police station, community or village.
public enum JurisdictionLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case city, district, station, community

    public var depth: Int {
        switch self {
        case .city: 0
        case .district: 1
        case .station: 2
        case .community: 3
        }
    }

    /// The level a child of this level must have; communities have none.
    public var childLevel: JurisdictionLevel? {
        switch self {
        case .city: .district
        case .district: .station
        case .station: .community
        case .community: nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.depth < b.depth }
}

/// A node of the jurisdiction tree. Stations are jurisdictions of level `station` with a location.
///
/// `path` is the materialised chain of ancestor IDs (`/city/district/station/`), which lets every
/// store scope a query to a subtree with one prefix comparison.
public struct Jurisdiction: Codable, Sendable, Hashable, Versioned {
    public var id: JurisdictionID
    public var parentID: JurisdictionID?
    public var level: JurisdictionLevel
    /// Short code used in incident numbers, e.g. `SH-HP-01`.
    public var code: String
    public var name: String
    public var nameEn: String?
    public var location: Coordinate?
    public var path: String
    public var version: Int
    /// False once retired: history keeps referring to it, nothing new is placed under it.
    @DefaultTrue public var active: Bool
    /// Deadline limits and local categories set here (see `JurisdictionPolicy`); nil inherits all.
    public var policy: JurisdictionPolicy?
    /// The ground it answers for: a new incident inside a station's or community's area is
    /// filed there (`IncidentOwnership`). Nil until drawn or imported.
    public var area: GeoArea?

    public init(id: JurisdictionID, parentID: JurisdictionID?, level: JurisdictionLevel, code: String, name: String,
                nameEn: String? = nil, location: Coordinate? = nil, path: String, version: Int = 1, active: Bool = true, area: GeoArea? = nil) {
        self.id = id
        self.parentID = parentID
        self.level = level
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.location = location
        self.path = path
        self.version = version
        self.active = active
        self.area = area
    }

    /// The virtual node above every city: the home of installation-wide administrators. It is
    /// never stored; its path is the whole tree.
    public static let root = Jurisdiction(id: JurisdictionID("root"), parentID: nil, level: .city, code: "ROOT", name: "全部", nameEn: "All", path: "/")

    /// The path of a child node below `parent` (or the root path when there is none).
    public static func path(for id: JurisdictionID, under parent: Jurisdiction?) -> String {
        (parent?.path ?? "/") + id.rawValue + "/"
    }
}

/// The part of the tree a caller may see and work: everything whose path starts with `path`.
public struct Scope: Hashable, Sendable, Codable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The whole tree, for administrators of the top level and for system tasks.
    public static let everything = Scope(path: "/")

    public func contains(path other: String) -> Bool { other.hasPrefix(path) }
}
