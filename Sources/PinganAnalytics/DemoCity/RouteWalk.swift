import Foundation
import PinganGeo

/// Where a vehicle is along a route polyline a given time after it set off, moving at the
/// route's average speed: the demo city's crews drive their routes in exactly the travel time
/// the road engine gave, so what the map shows matches the ETA the dispatcher saw.
public struct RouteWalk: Sendable {
    public let geometry: [Coordinate]
    /// Distance from the start to each vertex, metres.
    let cumulative: [Double]
    public let seconds: Double

    public var meters: Double { cumulative.last ?? 0 }

    /// - Parameters:
    ///   - geometry: The polyline, at least one point.
    ///   - seconds: How long the whole route takes (≥ 0).
    public init(geometry: [Coordinate], seconds: Double) {
        precondition(!geometry.isEmpty, "a route has at least one point")
        self.geometry = geometry
        self.seconds = max(0, seconds)
        var acc = 0.0
        var cumulative = [0.0]
        cumulative.reserveCapacity(geometry.count)
        for i in 1..<geometry.count {
            acc += Geodesy.haversine(geometry[i - 1], geometry[i])
            cumulative.append(acc)
        }
        self.cumulative = cumulative
    }

    public struct Position: Sendable, Equatable {
        public var coordinate: Coordinate
        /// Degrees clockwise from north along the current segment.
        public var heading: Double
        /// Metres per second; 0 once arrived.
        public var speed: Double
        public var arrived: Bool
    }

    /// The position `elapsed` seconds after setting off (clamped to the route's ends).
    public func position(after elapsed: Double) -> Position {
        let speed = seconds > 0 ? meters / seconds : 0
        let travelled = min(meters, max(0, elapsed) * speed)
        let arrived = elapsed >= seconds
        guard geometry.count > 1 else { return Position(coordinate: geometry[0], heading: 0, speed: 0, arrived: arrived) }
        // The segment holding `travelled`: the last vertex at or before it.
        var lo = 0, hi = cumulative.count - 1
        while lo < hi - 1 {
            let mid = (lo + hi) / 2
            if cumulative[mid] <= travelled { lo = mid } else { hi = mid }
        }
        let a = geometry[lo], b = geometry[hi]
        let span = cumulative[hi] - cumulative[lo]
        let f = span > 0 ? (travelled - cumulative[lo]) / span : 1
        let c = Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f)
        return Position(coordinate: c, heading: Self.bearing(a, b), speed: arrived ? 0 : speed, arrived: arrived)
    }

    /// Initial great-circle bearing from `a` to `b`, 0-360 degrees.
    public static func bearing(_ a: Coordinate, _ b: Coordinate) -> Double {
        let φ1 = a.lat * .pi / 180, φ2 = b.lat * .pi / 180, Δλ = (b.lon - a.lon) * .pi / 180
        let y = sin(Δλ) * cos(φ2)
        let x = cos(φ1) * sin(φ2) - sin(φ1) * cos(φ2) * cos(Δλ)
        let θ = atan2(y, x) * 180 / .pi
        return (θ + 360).truncatingRemainder(dividingBy: 360)
    }
}
