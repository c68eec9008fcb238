import Foundation

/// A uniform grid over road segments in local metric coordinates, stored CSR-style (cell start
/// offsets + segment ids). Snapping a GPS fix or an incident address is a few cell lookups, and
/// the whole index is three flat arrays that rebuild in milliseconds after a cache load.
public struct SegmentIndex: Sendable {
    /// Undirected segments: endpoints plus the directed edge indices along/against them.
    let segFrom: [Int32], segTo: [Int32], segForward: [Int32], segBackward: [Int32]
    let px: [Double], py: [Double]
    let lat0: Double, lon0: Double, kx: Double, ky: Double
    let minX: Double, minY: Double, cellSize: Double
    let cols: Int, rows: Int
    let cellStart: [Int32]
    let cellItems: [Int32]

    public var segmentCount: Int { segFrom.count }

    public init(graph g: RoadGraph) {
        precondition(g.hasCoordinates)
        let n = g.nodeCount
        var minLat = Double.infinity, maxLat = -Double.infinity, minLon = Double.infinity, maxLon = -Double.infinity
        for c in g.coordinates {
            minLat = min(minLat, c.lat); maxLat = max(maxLat, c.lat); minLon = min(minLon, c.lon); maxLon = max(maxLon, c.lon)
        }
        lat0 = (minLat + maxLat) / 2; lon0 = (minLon + maxLon) / 2
        ky = Geodesy.earthRadius * .pi / 180
        kx = ky * cos(lat0 * .pi / 180)
        var lpx = [Double](repeating: 0, count: n), lpy = [Double](repeating: 0, count: n)
        for v in 0..<n { lpx[v] = (g.coordinates[v].lon - lon0) * kx; lpy[v] = (g.coordinates[v].lat - lat0) * ky }
        // Undirected segments: each edge u->v; take it as a segment when u<v, or when v->u does not exist.
        var sf = [Int32](), st = [Int32](), sfw = [Int32](), sbw = [Int32]()
        for u in 0..<n {
            for e in g.edges(from: u) {
                let v = Int(g.targets[e])
                let back = g.edge(from: v, to: u)
                if back != nil && v < u { continue }
                sf.append(Int32(u)); st.append(Int32(v)); sfw.append(Int32(e)); sbw.append(Int32(back ?? -1))
            }
        }
        segFrom = sf; segTo = st; segForward = sfw; segBackward = sbw
        let x0 = (minLon - lon0) * kx, y0 = (minLat - lat0) * ky
        let w = max(1, (maxLon - lon0) * kx - x0), h = max(1, (maxLat - lat0) * ky - y0)
        let cs = max(25, sqrt(w * h / Double(max(1, sf.count))) * 1.5)
        minX = x0; minY = y0; cellSize = cs
        let cols = min(4096, Int(w / cs) + 1), rows = min(4096, Int(h / cs) + 1)
        self.cols = cols; self.rows = rows
        var counts = [Int32](repeating: 0, count: cols * rows + 1)
        func cellRange(_ s: Int) -> (Int, Int, Int, Int) {
            let a = Int(sf[s]), b = Int(st[s])
            let cx0 = Int((min(lpx[a], lpx[b]) - x0) / cs), cx1 = Int((max(lpx[a], lpx[b]) - x0) / cs)
            let cy0 = Int((min(lpy[a], lpy[b]) - y0) / cs), cy1 = Int((max(lpy[a], lpy[b]) - y0) / cs)
            return (max(0, min(cols - 1, cx0)), max(0, min(cols - 1, cx1)), max(0, min(rows - 1, cy0)), max(0, min(rows - 1, cy1)))
        }
        for s in 0..<sf.count {
            let (a, b, c, d) = cellRange(s)
            for y in c...d { for x in a...b { counts[y * cols + x + 1] += 1 } }
        }
        for i in 0..<(cols * rows) { counts[i + 1] += counts[i] }
        var pos = counts
        var items = [Int32](repeating: 0, count: Int(counts[cols * rows]))
        for s in 0..<sf.count {
            let (a, b, c, d) = cellRange(s)
            for y in c...d { for x in a...b { items[Int(pos[y * cols + x])] = Int32(s); pos[y * cols + x] += 1 } }
        }
        cellStart = counts; cellItems = items
        self.px = lpx; self.py = lpy
    }

    /// Nearest segment to `c` within `maxDistance` metres: (segment, fraction, distance in metres).
    func nearest(_ c: Coordinate, maxDistance: Double) -> (segment: Int, fraction: Double, distance: Double)? {
        let qx = (c.lon - lon0) * kx, qy = (c.lat - lat0) * ky
        let cx = Int(((qx - minX) / cellSize).rounded(.down)), cy = Int(((qy - minY) / cellSize).rounded(.down))
        var best = Double.infinity, bestSeg = -1, bestT = 0.0
        let maxRing = Int(maxDistance / cellSize) + 2
        var r = 0
        while r <= maxRing {
            // Cells at Chebyshev distance r from (cx, cy).
            for y in (cy - r)...(cy + r) where y >= 0 && y < rows {
                let full = y == cy - r || y == cy + r
                var x = cx - r
                while x <= cx + r {
                    if x >= 0 && x < cols {
                        let cell = y * cols + x
                        for i in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                            let s = Int(cellItems[i])
                            let a = Int(segFrom[s]), b = Int(segTo[s])
                            let dx = px[b] - px[a], dy = py[b] - py[a]
                            let len2 = dx * dx + dy * dy
                            var t = len2 > 0 ? ((qx - px[a]) * dx + (qy - py[a]) * dy) / len2 : 0
                            t = max(0, min(1, t))
                            let ex = px[a] + t * dx - qx, ey = py[a] + t * dy - qy
                            let d2 = ex * ex + ey * ey
                            if d2 < best { best = d2; bestSeg = s; bestT = t }
                        }
                    }
                    x += full ? 1 : 2 * r
                    if r == 0 { break }
                }
            }
            // Any segment not yet seen lies outside the searched square: at least r*cellSize away
            // (plus the query's offset inside its cell, conservatively ignored).
            if bestSeg >= 0 && sqrt(best) <= Double(r) * cellSize { break }
            if Double(r - 1) * cellSize > maxDistance { break }
            r += 1
        }
        // Queries outside the grid: fall back to rings until covered.
        if bestSeg < 0 { return nil }
        let d = sqrt(best)
        return d <= maxDistance ? (bestSeg, bestT, d) : nil
    }
}
