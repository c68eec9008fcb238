import Foundation
import PinganGeo

/// One shift's patrol plan for a unit (巡逻方案): where (the zone's outline), when (the shift),
/// how long it must be seen there, and the points it must visit (key places, forecast hotspots),
/// each with the minutes it must stay.
public struct PatrolPlan: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var id: String
        public var name: String
        public var location: Coordinate
        /// How close a fix must be to count as at the point.
        public var radiusMetres: Double
        /// How long the unit must stay (0: passing by is enough).
        public var dwellSeconds: Double

        public init(id: String, name: String, location: Coordinate, radiusMetres: Double = 50, dwellSeconds: Double = 0) {
            self.id = id; self.name = name; self.location = location; self.radiusMetres = radiusMetres; self.dwellSeconds = dwellSeconds
        }
    }

    public var unitID: String
    public var zone: Polygon
    public var shiftStart: Date
    public var shiftEnd: Date
    public var requiredMinutes: Double
    public var points: [Point]

    public init(unitID: String, zone: Polygon, shiftStart: Date, shiftEnd: Date, requiredMinutes: Double, points: [Point] = []) {
        self.unitID = unitID; self.zone = zone; self.shiftStart = shiftStart; self.shiftEnd = shiftEnd
        self.requiredMinutes = requiredMinutes; self.points = points
    }

    /// Why a set of plans cannot be kept, the first reason found: a shift that ends before it
    /// starts, presence required beyond the shift's length, a point outside its zone, or one
    /// unit with two shifts that overlap.
    public static func validate(_ plans: [PatrolPlan]) throws(AnalyticsError) {
        for (i, p) in plans.enumerated() {
            guard p.shiftEnd > p.shiftStart else { throw AnalyticsError(.badPlan, "plan \(i + 1): the shift ends before it starts") }
            let length = p.shiftEnd.timeIntervalSince(p.shiftStart) / 60
            guard p.requiredMinutes >= 0, p.requiredMinutes <= length else {
                throw AnalyticsError(.badPlan, "plan \(i + 1): \(Int(p.requiredMinutes)) minutes of presence required in a shift of \(Int(length))")
            }
            for pt in p.points {
                guard p.zone.contains(pt.location) else {
                    throw AnalyticsError(.badPlan, "plan \(i + 1): point \(pt.name) (\(pt.location.lat), \(pt.location.lon)) lies outside the zone")
                }
                guard pt.radiusMetres > 0, pt.dwellSeconds >= 0, pt.dwellSeconds <= length * 60 else {
                    throw AnalyticsError(.badPlan, "plan \(i + 1): point \(pt.name) needs a radius above 0 and a stay within the shift")
                }
            }
        }
        for (i, a) in plans.enumerated() {
            for (j, b) in plans.enumerated() where j > i && a.unitID == b.unitID && a.shiftStart < b.shiftEnd && b.shiftStart < a.shiftEnd {
                throw AnalyticsError(.badPlan, "plans \(i + 1) and \(j + 1): unit \(a.unitID) has two shifts that overlap")
            }
        }
    }
}
