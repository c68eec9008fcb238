import PinganGeo

/// A fixed site below a station that the map shows and patrols are planned around: a street
/// police post (警务站) or safety post (平安驿站) officers work from, or a road checkpoint
/// (检查站/卡口, an ANPR camera gate) or a video camera point (监控点位) that sees the street.
/// One type serves all four because they share everything the platform keeps of them (station,
/// name, place) and differ only in how they are drawn and, later, which alerts they raise. A
/// key place (重点部位: a school, hospital, transport hub, square) the station watches is one too:
/// the station's own registry, which dynamic patrol keeps within reach of a free unit.
public struct Post: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable { case streetPost, safetyPost, checkpoint, camera, keyPlace }

    public var id: PostID
    public var stationID: JurisdictionID
    public var kind: Kind
    public var name: String
    public var location: Coordinate
    public var path: String
    public var version: Int
    /// False once retired; the map no longer shows it.
    @DefaultTrue public var active: Bool
    /// A key place's kind (`school`, `hospital`, `railway_station`…: OpenStreetMap's words when
    /// imported from the map); nil for other sites.
    public var category: String?

    public init(id: PostID, stationID: JurisdictionID, kind: Kind, name: String, location: Coordinate, path: String, version: Int = 1,
                active: Bool = true, category: String? = nil) {
        self.category = category
        self.id = id
        self.stationID = stationID
        self.kind = kind
        self.name = name
        self.location = location
        self.path = path
        self.version = version
        self.active = active
    }
}
