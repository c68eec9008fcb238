import Foundation

/// Multi-source travel times to every node, computed with PHAST: one upward search from all
/// sources at once, then a single linear sweep over the hierarchy in CH id order. Covering a
/// whole city from every unit costs a few milliseconds, cheap enough to refresh the coverage map
/// whenever a unit moves.
public struct CoverageResult: Sendable {
    /// Time from the nearest source to each graph node (graph node order); Int32.max if unreached.
    public var times: [Int32]
    /// Shares (0...1) of total road length reachable within each threshold of `thresholds`.
    public var shares: [Double]
    public var thresholds: [Int32]
}

extension ContractionHierarchy {
    static let phastInf: Int32 = 1 << 30

    /// PHAST distances in CH order into `ws.sweep`.
    func phast(sources: [RoutePoint], workspace ws: inout CHWorkspace) {
        let inf = Self.phastInf
        let n = nodeCount
        if ws.sweep.count != n { ws.sweep = Array(repeating: inf, count: n) }
        else { ws.sweep.withUnsafeMutableBufferPointer { $0.update(repeating: inf) } }
        var heap = MinHeap(capacity: 4096)
        upOffsets.withUnsafeBufferPointer { uo in
        upTargets.withUnsafeBufferPointer { ut in
        upWeights.withUnsafeBufferPointer { uw in
        downOffsets.withUnsafeBufferPointer { dof in
        downSources.withUnsafeBufferPointer { ds in
        downWeights.withUnsafeBufferPointer { dw in
        ws.sweep.withUnsafeMutableBufferPointer { d in
            var seeds = 0
            for p in sources {
                for s in p.sourceSeeds {
                    let c = Int(toCH[Int(s.node)])
                    if s.offset < d[c] { d[c] = s.offset; seeds += 1 }
                }
            }
            if seeds > 32 {
                // Many sources: their upward search spaces cover much of the hierarchy, so one
                // linear pass from the largest CH id down (every up edge goes toward a smaller one)
                // is cheaper than a heap-driven multi-source Dijkstra, and exact for the same reason.
                var v = n - 1
                while v >= 0 {
                    let dv = d[v]
                    if dv < inf {
                        for e in Int(uo[v])..<Int(uo[v + 1]) {
                            let w = Int(ut[e])
                            let nd = dv + uw[e]
                            if nd < d[w] { d[w] = nd }
                        }
                    }
                    v -= 1
                }
            } else {
                for c in 0..<n where d[c] < inf { heap.push(key: UInt32(d[c]), node: Int32(c)) }
                while !heap.isEmpty {
                    let (k, v) = heap.pop()
                    let dv = Int32(bitPattern: k)
                    let vi = Int(v)
                    if dv != d[vi] { continue }
                    for e in Int(uo[vi])..<Int(uo[vi + 1]) {
                        let w = Int(ut[e])
                        let nd = dv + uw[e]
                        if nd < d[w] { d[w] = nd; heap.push(key: UInt32(nd), node: Int32(w)) }
                    }
                }
            }
            // Downward sweep: every edge into v comes from a smaller CH id, already final.
            var e = Int(dof[0])
            for v in 0..<n {
                var best = d[v]
                let end = Int(dof[v + 1])
                while e < end {
                    let cand = d[Int(ds[e])] &+ dw[e]
                    if cand < best { best = cand }
                    e += 1
                }
                d[v] = best
            }
        }}}}}}}
    }
}

extension RoadNetwork {
    /// Nearest-source time for every node plus the share of road length reachable within each
    /// threshold (graph weight units: deciseconds for OSM, so 600 = 1 minute).
    public func coverage(from sources: [RoutePoint], thresholds: [Int32] = [600, 1800, 3000],
                         workspace ws: inout CHWorkspace) -> CoverageResult {
        hierarchy.phast(sources: sources, workspace: &ws)
        let n = graph.nodeCount
        var times = [Int32](repeating: Int32.max, count: n)
        var reached = [Double](repeating: 0, count: thresholds.count)
        var total = 0.0
        let inf = ContractionHierarchy.phastInf
        graph.offsets.withUnsafeBufferPointer { off in
        graph.weights.withUnsafeBufferPointer { wt in
        edgeLengths.withUnsafeBufferPointer { len in
        hierarchy.toCH.withUnsafeBufferPointer { toCH in
        ws.sweep.withUnsafeBufferPointer { d in
            for u in 0..<n {
                let du = d[Int(toCH[u])]
                if du < inf { times[u] = du }
                for e in Int(off[u])..<Int(off[u + 1]) {
                    let l = Double(len[e])
                    total += l
                    if du >= inf { continue }
                    let w = wt[e]
                    for (i, t) in thresholds.enumerated() where du < t {
                        if du + w <= t { reached[i] += l } else { reached[i] += l * Double(t - du) / Double(w) }
                    }
                }
            }
        }}}}}
        return CoverageResult(times: times, shares: reached.map { total > 0 ? $0 / total : 0 }, thresholds: thresholds)
    }

    /// Shares (0...1) of a weighted demand (expected calls, key places) whose node is reached
    /// within each threshold, from `coverage` times: the live patrol picture asks "how much of
    /// what matters is in reach", not only "how much road".
    public static func demandShares(times: [Int32], demandNodes: [Int32], weights: [Double], thresholds: [Int32]) -> [Double] {
        var reached = [Double](repeating: 0, count: thresholds.count)
        var total = 0.0
        for (i, v) in demandNodes.enumerated() {
            let w = weights[i], t = times[Int(v)]
            total += w
            for (k, limit) in thresholds.enumerated() where t <= limit { reached[k] += w }
        }
        return reached.map { total > 0 ? $0 / total : 0 }
    }

    /// Coverage times only (CH-order scratch left in `ws`), for benchmarks that want the bare sweep.
    public func coverageTimes(from sources: [RoutePoint], workspace ws: inout CHWorkspace) -> [Int32] {
        hierarchy.phast(sources: sources, workspace: &ws)
        let inf = ContractionHierarchy.phastInf
        return hierarchy.toCH.map { let d = ws.sweep[Int($0)]; return d >= inf ? Int32.max : d }
    }

    /// Outline of the area one unit reaches within `limit` (graph weight units): a star-shaped
    /// polygon around the unit that, in each of `sectors` angular sectors, reaches out just past
    /// the farthest reached road point (nodes, and the interpolated points where partially
    /// reached roads run out). Unlike a convex hull it follows the shape of the road network (a
    /// river without a bridge, a one-way corridor), yet it contains every reached point, so the
    /// dispatch layer can geofence with it.
    public func isochrone(from source: RoutePoint, limit: Int32, sectors: Int = 72, workspace ws: inout CHWorkspace) -> Polygon? {
        guard graph.hasCoordinates, sectors >= 3 else { return nil }
        hierarchy.phast(sources: [source], workspace: &ws)
        let center = source.coordinate
        let kx = cos(center.lat * .pi / 180)
        var best = [Double](repeating: -1, count: sectors)
        func offer(_ c: Coordinate) {
            let dx = (c.lon - center.lon) * kx, dy = c.lat - center.lat
            let r2 = dx * dx + dy * dy
            if r2 == 0 { return }
            var a = atan2(dy, dx)
            if a < 0 { a += 2 * .pi }
            let sIdx = min(sectors - 1, Int(a / (2 * .pi) * Double(sectors)))
            if r2 > best[sIdx] { best[sIdx] = r2 }
        }
        for u in 0..<graph.nodeCount {
            let du = ws.sweep[Int(hierarchy.toCH[u])]
            if du > limit { continue }
            offer(graph.coordinates[u])
            for e in graph.edges(from: u) {
                let w = graph.weights[e]
                if du + w > limit && w > 0 {
                    let f = Double(limit - du) / Double(w)
                    let a = graph.coordinates[u], b = graph.coordinates[Int(graph.targets[e])]
                    offer(Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f))
                }
            }
        }
        if best.allSatisfy({ $0 < 0 }) { return nil }
        // Each sector becomes the wedge centre–(θi, R')–(θi+1, R') with R' = R / cos(half angle):
        // its chord is tangent to the circle of radius R, so the whole sector's reach is inside.
        let half = Double.pi / Double(sectors)
        let scale = 1.001 / cos(half)
        let minR = 1.0 / 111_195 // one metre in degrees, for sectors nothing reaches
        var ring: [Coordinate] = []
        for i in 0..<sectors {
            let r = max(minR, best[i] < 0 ? 0 : best[i].squareRoot()) * scale
            for a in [Double(i) * 2 * half, Double(i + 1) * 2 * half] {
                let c = Coordinate(lat: center.lat + r * sin(a), lon: center.lon + r * cos(a) / kx)
                if ring.last != c { ring.append(c) }
            }
        }
        return Polygon(ring)
    }
}
