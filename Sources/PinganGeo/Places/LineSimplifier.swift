/// Douglas-Peucker simplification of a line or ring in degrees: drops the points that stray less
/// than `tolerance` from the chord of their neighbours, so a line drawn at a low zoom carries
/// the points a screen can show and no more. The ends are kept (a ring stays closed).
public enum LineSimplifier {
    public static func simplify(_ points: ArraySlice<Coordinate>, tolerance: Double) -> [Coordinate] {
        let pts = Array(points)
        guard pts.count > 2, tolerance > 0 else { return pts }
        var keep = [Bool](repeating: false, count: pts.count)
        keep[0] = true; keep[pts.count - 1] = true
        var stack: [(Int, Int)] = [(0, pts.count - 1)]
        let t2 = tolerance * tolerance
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var worst = -1.0, at = -1
            for i in (a + 1)..<b {
                let d = squaredDistance(pts[i], pts[a], pts[b])
                if d > worst { worst = d; at = i }
            }
            if worst > t2 {
                keep[at] = true
                stack.append((a, at)); stack.append((at, b))
            }
        }
        return pts.indices.filter { keep[$0] }.map { pts[$0] }
    }

    /// Squared distance in degrees² from `p` to the segment `a`-`b` (flat, fine for a tolerance).
    @inline(__always) static func squaredDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let len = dx * dx + dy * dy
        var t = len > 0 ? ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / len : 0
        t = max(0, min(1, t))
        let x = a.lon + t * dx - p.lon, y = a.lat + t * dy - p.lat
        return x * x + y * y
    }
}
