import Foundation
import PinganGeo

/// One shift's patrol plan for a unit (巡逻方案) as compliance measures it: where (the zone's
/// outline), when (the shift), how long it must be seen there, and the points it must visit,
/// each with the time it must stay. Stored plans are zones' `ZoneShift`s (checked by the core);
/// `PatrolDay.plans` turns a day's into these.
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
}
