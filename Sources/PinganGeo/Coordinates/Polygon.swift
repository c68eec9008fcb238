/// A simple polygon (one ring of WGS-84 coordinates) with its bounding box precomputed. The
/// dispatch layer geofences every position update with `contains`, so the bbox test rejects most
/// points before the ring is walked.
public struct Polygon: Sendable, Equatable, Codable {
    public let ring: [Coordinate]
    public let minLat: Double, maxLat: Double, minLon: Double, maxLon: Double

    /// `ring` may or may not repeat its first point at the end.
    public init(_ ring: [Coordinate]) {
        var r = ring
        if r.count > 1, r.first == r.last { r.removeLast() }
        self.ring = r
        minLat = r.map(\.lat).min() ?? 0; maxLat = r.map(\.lat).max() ?? 0
        minLon = r.map(\.lon).min() ?? 0; maxLon = r.map(\.lon).max() ?? 0
    }

    /// Even-odd ray casting; points exactly on an edge may land either way.
    public func contains(_ p: Coordinate) -> Bool {
        if ring.count < 3 || p.lat < minLat || p.lat > maxLat || p.lon < minLon || p.lon > maxLon { return false }
        var inside = false
        ring.withUnsafeBufferPointer { r in
            var j = r.count - 1
            for i in 0..<r.count {
                let a = r[i], b = r[j]
                if (a.lat > p.lat) != (b.lat > p.lat) {
                    let x = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
                    if p.lon < x { inside.toggle() }
                }
                j = i
            }
        }
        return inside
    }

    /// Area-weighted orientation-independent area in square degrees (for sanity checks only).
    public var signedAreaDegrees: Double {
        var s = 0.0
        for i in 0..<ring.count {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            s += a.lon * b.lat - b.lon * a.lat
        }
        return s / 2
    }

    /// GeoJSON Polygon geometry ([lon, lat] order, closed ring).
    public var geoJSON: String {
        let pts = (ring + (ring.first.map { [$0] } ?? [])).map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",")
        return "{\"type\":\"Polygon\",\"coordinates\":[[\(pts)]]}"
    }

    /// Convex hull (monotone chain) in lon/lat plane, counter-clockwise.
    public static func convexHull(_ points: [Coordinate]) -> [Coordinate] {
        let p = points.sorted { $0.lon != $1.lon ? $0.lon < $1.lon : $0.lat < $1.lat }
        if p.count < 3 { return p }
        func cross(_ o: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
            (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon)
        }
        var lower: [Coordinate] = [], upper: [Coordinate] = []
        for pt in p {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], pt) <= 0 { lower.removeLast() }
            lower.append(pt)
        }
        for pt in p.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], pt) <= 0 { upper.removeLast() }
            upper.append(pt)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
