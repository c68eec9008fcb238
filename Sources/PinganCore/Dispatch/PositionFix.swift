import Foundation
import PinganGeo

/// One position report (AVL fix) from a unit's phone, car terminal or TAK device.
///
/// The optional fields are kept as sent because devices differ in what they measure; the tracker
/// never invents them. `time` is the device's instant of the fix, not the instant the server got it:
/// that difference is what lets the tracker drop late and replayed fixes instead of moving a unit
/// backwards.
public struct PositionFix: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var time: Date
    public var lat: Double
    public var lon: Double
    /// Metres per second, as reported by the device.
    public var speed: Double?
    /// Degrees clockwise from north, as reported by the device.
    public var heading: Double?
    /// Horizontal accuracy radius in metres, as reported by the device.
    public var accuracy: Double?

    public init(unit: UnitID, time: Date, lat: Double, lon: Double, speed: Double? = nil, heading: Double? = nil,
                accuracy: Double? = nil) {
        self.unit = unit
        self.time = time
        self.lat = lat
        self.lon = lon
        self.speed = speed
        self.heading = heading
        self.accuracy = accuracy
    }

    public var coordinate: Coordinate { Coordinate(lat: lat, lon: lon) }
}

/// Why a fix was refused on its timestamp.
public enum FixTimeRejection: String, Codable, Sendable, Hashable {
    /// More than `maxFutureSkew` ahead of `now`: a device clock that is wrong, which would
    /// otherwise freeze the unit (every later honest fix would look out of order).
    case future
    /// Older than `maxAge`: a replay or a phone that sat offline for a day; not a live position.
    case tooOld
}

/// What the tracker did with one fix. Small and allocation-free on purpose: the ingest path runs
/// at a million fixes a second, so the details (zone events, track points, warnings) go to the
/// caller's `TrackerOutput` buffer instead.
public enum FixOutcome: Sendable, Hashable {
    /// Applied. `onRoad` is false when no road was within `maxSnapDistance` (kept unsnapped);
    /// `relocated` is true when it was accepted despite an implied jump because several
    /// consistent fixes agreed on the new place (the old position was the glitch).
    case accepted(onRoad: Bool, relocated: Bool)
    /// Same instant as the last accepted fix (a retransmission).
    case ignoredDuplicate
    /// Older than the last accepted fix (late delivery); the unit is not moved backwards.
    case ignoredOutOfOrder
    /// Implied speed from the last accepted fix above `maxSpeedKmh`; not applied.
    case rejectedJump(speedKmh: Double)
    /// The timestamp is implausible at `now`.
    case rejectedTime(FixTimeRejection)
    /// Latitude/longitude not finite or out of range.
    case rejectedInvalid
    /// The unit is not registered with the tracker.
    case unknownUnit

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
