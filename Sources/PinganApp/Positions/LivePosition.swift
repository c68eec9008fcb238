import Foundation
import PinganCore
import PinganGeo

/// A unit's latest position as the live feed sends it. Positions are not events: they are not
/// in the audit log, carry no `seq`, and a subscriber that falls behind simply misses older ones
/// (only the newest batches are buffered), because a map only needs where a unit is now.
public struct LivePosition: Codable, Sendable, Hashable {
    public var unitID: UnitID
    /// The unit's jurisdiction path: the hub sends a position only to subscribers whose scope holds it.
    public var path: String
    public var time: Date
    public var lat: Double
    public var lon: Double
    /// The position on the road, when the fix snapped.
    public var road: Coordinate?
    public var speed: Double?
    public var heading: Double?
    public var zones: [ZoneID]

    public init(unitID: UnitID, path: String, time: Date, lat: Double, lon: Double, road: Coordinate?, speed: Double?, heading: Double?,
                zones: [ZoneID]) {
        self.unitID = unitID
        self.path = path
        self.time = time
        self.lat = lat
        self.lon = lon
        self.road = road
        self.speed = speed
        self.heading = heading
        self.zones = zones
    }
}
