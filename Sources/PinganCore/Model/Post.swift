import PinganGeo

/// A fixed place officers work from below a station: a street police post (警务站) or a safety
/// post (平安驿站).
public struct Post: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable { case streetPost, safetyPost }

    public var id: PostID
    public var stationID: JurisdictionID
    public var kind: Kind
    public var name: String
    public var location: Coordinate
    public var path: String
    public var version: Int

    public init(id: PostID, stationID: JurisdictionID, kind: Kind, name: String, location: Coordinate, path: String, version: Int = 1) {
        self.id = id
        self.stationID = stationID
        self.kind = kind
        self.name = name
        self.location = location
        self.path = path
        self.version = version
    }
}
