import Foundation
import PinganGeo

/// The latest accepted position of a unit, as the map and the recommender see it.
public struct UnitPosition: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var time: Date
    public var coordinate: Coordinate
    /// The road position used for routing; nil when the unit has never been near a road. When
    /// the latest fix was off-road this is the last on-road position.
    public var snapped: Coordinate?
    public var onRoad: Bool
    public var speed: Double?
    public var heading: Double?
    public var accuracy: Double?
    /// The zones the unit is in now.
    public var zones: [ZoneID]
}

/// A unit that has gone quiet: its position on the map is no longer trustworthy.
public struct StaleUnit: Codable, Sendable, Hashable {
    public var unit: UnitID
    /// The last accepted fix; nil when the unit never reported.
    public var lastFixAt: Date?
}

/// Time spent in each zone by one unit during one shift.
public struct ZoneTime: Codable, Sendable, Hashable {
    public var zone: ZoneID
    public var seconds: TimeInterval
}

/// What one unit did during the current shift: the patrol-coverage figures of seed reports
/// (巡逻里程, 在巡区时长) computed from the accepted fixes.
public struct ShiftStats: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var since: Date
    /// Sum of distances between consecutive accepted fixes (relocations excluded).
    public var distanceMeters: Double
    /// Time inside at least one of the unit's assigned zones.
    public var secondsInAssignedZones: TimeInterval
    /// Time per zone, for every zone the unit spent time in.
    public var zones: [ZoneTime]
}
