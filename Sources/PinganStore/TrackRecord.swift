import Foundation
import PinganCore
import PinganGeo

/// One persisted point of a unit's track: the thinned output of the position tracker, with the
/// unit's jurisdiction path so track reads can be scoped like every other read.
///
/// Tracks are not events: a shift of fixes would drown the audit log, and a position needs no
/// hash chain to be trusted the way a dispatch decision does. They live in their own table, written
/// in batches, and the latest row per unit lets a restarted server put every unit back on the map.
public struct TrackRecord: Codable, Sendable, Hashable {
    public var unitID: UnitID
    /// The unit's jurisdiction path when the point was recorded.
    public var path: String
    /// The device's instant of the fix, kept to the millisecond like the event log.
    public var at: Date
    public var lat: Double
    public var lon: Double
    /// Metres per second, when the device reported it.
    public var speed: Double?
    /// Degrees clockwise from north, when the device reported it.
    public var heading: Double?

    public init(unitID: UnitID, path: String, at: Date, lat: Double, lon: Double, speed: Double? = nil, heading: Double? = nil) {
        self.unitID = unitID
        self.path = path
        self.at = Date(auditMilliseconds: at.auditMilliseconds)
        self.lat = lat
        self.lon = lon
        self.speed = speed
        self.heading = heading
    }

    public var coordinate: Coordinate { Coordinate(lat: lat, lon: lon) }
}
