import PinganGeo

/// A patrol zone (巡区): a polygon owned by a station with the units assigned to patrol it.
public struct PatrolZone: Codable, Sendable, Hashable, Versioned {
    public var id: ZoneID
    public var stationID: JurisdictionID
    public var name: String
    /// The outer ring in WGS-84, not closed (the first point is not repeated).
    public var boundary: [Coordinate]
    public var unitIDs: [UnitID]
    public var path: String
    public var version: Int
    /// False once retired: the tracker no longer reports entries and exits for it.
    @DefaultTrue public var active: Bool
    /// The zone's patrol plan: its daily shifts.
    @DefaultEmpty public var shifts: [ZoneShift]

    public init(id: ZoneID, stationID: JurisdictionID, name: String, boundary: [Coordinate], unitIDs: [UnitID] = [], path: String, version: Int = 1,
                active: Bool = true, shifts: [ZoneShift] = []) {
        self.id = id
        self.stationID = stationID
        self.name = name
        self.boundary = boundary
        self.unitIDs = unitIDs
        self.path = path
        self.version = version
        self.active = active
        self.shifts = shifts
    }
}
