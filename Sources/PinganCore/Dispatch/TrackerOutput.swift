import Foundation
import PinganGeo

/// A unit crossed a patrol-zone boundary.
public struct ZoneEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable { case enter, exit }
    public var kind: Kind
    public var unit: UnitID
    public var zone: ZoneID
    /// The instant of the fix that showed the crossing.
    public var time: Date
    public var coordinate: Coordinate

    public init(kind: Kind, unit: UnitID, zone: ZoneID, time: Date, coordinate: Coordinate) {
        self.kind = kind
        self.unit = unit
        self.zone = zone
        self.time = time
        self.coordinate = coordinate
    }
}

/// A point of a unit's track worth persisting. Thinned (see `TrackerConfiguration.keepInterval`)
/// so a shift of 1 Hz fixes does not become 30,000 rows per car while the drawn track stays true.
public struct TrackPoint: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var time: Date
    /// The position as reported.
    public var coordinate: Coordinate
    /// The position on the road, when the fix snapped.
    public var snapped: Coordinate?
    public var speed: Double?
    public var heading: Double?
    public var accuracy: Double?

    public init(unit: UnitID, time: Date, coordinate: Coordinate, snapped: Coordinate?, speed: Double?, heading: Double?,
                accuracy: Double?) {
        self.unit = unit
        self.time = time
        self.coordinate = coordinate
        self.snapped = snapped
        self.speed = speed
        self.heading = heading
        self.accuracy = accuracy
    }
}

/// A free unit is outside every zone it is assigned to. Raised once when it leaves, not per fix,
/// and armed again only after it is back inside (or has had an incident in between).
public struct OutOfZoneWarning: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var time: Date
    public var coordinate: Coordinate
    public var assignedZones: [ZoneID]

    public init(unit: UnitID, time: Date, coordinate: Coordinate, assignedZones: [ZoneID]) {
        self.unit = unit
        self.time = time
        self.coordinate = coordinate
        self.assignedZones = assignedZones
    }
}

/// A fix refused for an impossible jump, kept for the audit trail and for spotting a faulty device.
public struct SuspectFix: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var time: Date
    public var coordinate: Coordinate
    public var speedKmh: Double

    public init(unit: UnitID, time: Date, coordinate: Coordinate, speedKmh: Double) {
        self.unit = unit
        self.time = time
        self.coordinate = coordinate
        self.speedKmh = speedKmh
    }
}

/// What ingesting fixes produced besides the per-fix outcome: the rows to persist and the events
/// to publish. The tracker only appends; the owner (an actor in the server) drains it after each
/// batch and reuses the storage, so the hot path allocates nothing per fix.
public struct TrackerOutput: Sendable {
    public var zoneEvents: [ZoneEvent] = []
    public var trackPoints: [TrackPoint] = []
    public var warnings: [OutOfZoneWarning] = []
    public var suspectFixes: [SuspectFix] = []

    public init() {}

    public var isEmpty: Bool { zoneEvents.isEmpty && trackPoints.isEmpty && warnings.isEmpty && suspectFixes.isEmpty }

    /// Empties every list, keeping capacity for the next batch.
    public mutating func removeAll() {
        zoneEvents.removeAll(keepingCapacity: true)
        trackPoints.removeAll(keepingCapacity: true)
        warnings.removeAll(keepingCapacity: true)
        suspectFixes.removeAll(keepingCapacity: true)
    }
}
