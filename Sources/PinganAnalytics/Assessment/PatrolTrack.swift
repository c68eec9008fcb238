import Foundation
import PinganGeo

/// One stored position of a unit's track, as the patrol figures read it.
public struct PatrolFix: Sendable, Hashable {
    public var at: Date
    public var coordinate: Coordinate

    public init(at: Date, coordinate: Coordinate) {
        self.at = at
        self.coordinate = coordinate
    }
}

/// How far a unit patrolled and how long it spent inside its patrol zones (巡区) over a period.
public struct PatrolFigures: Codable, Sendable, Hashable {
    /// Great-circle distance between consecutive fixes, summed over the counted intervals.
    public var distanceKm: Double
    /// Time inside any of the unit's zones, over the counted intervals.
    public var hoursInZone: Double
    /// Time covered by counted intervals at all: the base `hoursInZone` is a part of.
    public var hoursTracked: Double
    public var fixes: Int
    /// Intervals between consecutive fixes longer than `maxGapSeconds`, left out: the unit was
    /// off the air (or off duty), and a straight line across the gap is no patrol.
    public var gapsSkipped: Int
    public var maxGapSeconds: Double

    public init(distanceKm: Double, hoursInZone: Double, hoursTracked: Double, fixes: Int, gapsSkipped: Int, maxGapSeconds: Double) {
        self.distanceKm = distanceKm
        self.hoursInZone = hoursInZone
        self.hoursTracked = hoursTracked
        self.fixes = fixes
        self.gapsSkipped = gapsSkipped
        self.maxGapSeconds = maxGapSeconds
    }
}

/// Patrol distance and time in zone from a unit's stored track: pure, so the same figures come
/// from the server, a report or a test.
///
/// Each pair of consecutive fixes at most `maxGap` apart is one counted interval: its distance
/// is the haversine between the two fixes, its time counts as in the zone in full when both
/// ends lie in one of `zones`, half when one end does (the crossing is somewhere between, and
/// half is the unbiased guess), not at all when neither does. Longer gaps count nothing.
public enum PatrolTrack {
    /// Five minutes: the tracker thins a moving unit's fixes to far fewer than that, so a longer
    /// silence is a unit off the air.
    public static let maxGap: TimeInterval = 300

    /// Consecutive pairs of fixes in time order, each marked counted (at most `maxGap` apart) or
    /// a gap; pairs with no time between them are left out. The patrol figures and the
    /// compliance of a plan both read a track this way.
    public static func intervals(_ fixes: [PatrolFix], maxGap: TimeInterval = PatrolTrack.maxGap) -> [(a: PatrolFix, b: PatrolFix, counted: Bool)] {
        let sorted = zip(fixes, fixes.dropFirst()).allSatisfy { $0.at <= $1.at } ? fixes : fixes.sorted { $0.at < $1.at }
        return zip(sorted, sorted.dropFirst()).compactMap { a, b in
            let dt = b.at.timeIntervalSince(a.at)
            return dt > 0 ? (a, b, dt <= maxGap) : nil
        }
    }

    /// The share of an interval spent inside: 1 when both ends are, ½ when one is, 0 when neither.
    @inline(__always) static func insideShare(_ a: Bool, _ b: Bool) -> Double { a && b ? 1 : (a || b ? 0.5 : 0) }

    public static func measure(_ fixes: [PatrolFix], zones: [Polygon], maxGap: TimeInterval = PatrolTrack.maxGap) -> PatrolFigures {
        func inside(_ c: Coordinate) -> Bool { zones.contains { $0.contains(c) } }
        var metres = 0.0, inZone = 0.0, tracked = 0.0, gaps = 0
        for (a, b, counted) in intervals(fixes, maxGap: maxGap) {
            guard counted else { gaps += 1; continue }
            let dt = b.at.timeIntervalSince(a.at)
            metres += Geodesy.haversine(a.coordinate, b.coordinate)
            tracked += dt
            inZone += dt * insideShare(inside(a.coordinate), inside(b.coordinate))
        }
        return PatrolFigures(distanceKm: metres / 1000, hoursInZone: inZone / 3600, hoursTracked: tracked / 3600, fixes: fixes.count,
                             gapsSkipped: gaps, maxGapSeconds: maxGap)
    }
}
