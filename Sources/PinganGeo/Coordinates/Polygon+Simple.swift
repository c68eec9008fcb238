extension Polygon {
    /// The first pair of edges that cross or touch (other than neighbours sharing their common
    /// corner), as edge indices; nil for a simple ring. A zone drawn as a figure eight would
    /// geofence its two lobes against each other, so such rings are refused where zones are set.
    /// Quadratic in the ring's length, which zone editing bounds (at most a few thousand points).
    public var firstSelfIntersection: (Int, Int)? {
        let n = ring.count
        guard n >= 4 else { return nil }
        for i in 0..<n {
            let a = ring[i], b = ring[(i + 1) % n]
            for j in (i + 1)..<n {
                if j == i + 1 || (i == 0 && j == n - 1) { continue }  // neighbours share a corner
                let c = ring[j], d = ring[(j + 1) % n]
                if Self.segmentsMeet(a, b, c, d) { return (i, j) }
            }
        }
        return nil
    }

    static func segmentsMeet(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate, _ d: Coordinate) -> Bool {
        func orient(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate) -> Double {
            (q.lon - p.lon) * (r.lat - p.lat) - (q.lat - p.lat) * (r.lon - p.lon)
        }
        func within(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate) -> Bool {
            min(p.lon, q.lon) <= r.lon && r.lon <= max(p.lon, q.lon) && min(p.lat, q.lat) <= r.lat && r.lat <= max(p.lat, q.lat)
        }
        let d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        if d1 == 0 && within(c, d, a) { return true }
        if d2 == 0 && within(c, d, b) { return true }
        if d3 == 0 && within(a, b, c) { return true }
        if d4 == 0 && within(a, b, d) { return true }
        return false
    }
}
