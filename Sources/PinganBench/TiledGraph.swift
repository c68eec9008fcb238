import PinganGeo

/// A province-sized road graph made from a city's: `copies` copies of it side by side, west to
/// east, each shifted by the city's width (plus a tenth), and neighbouring copies joined by
/// two-way bridges between the same junctions of both — one per 1,000 nodes of the city, evenly
/// spread over its node numbering, each as long in time as the city's longest arc. So the copies
/// form one strongly connected graph in which long trips cross many bridges, as trips across a
/// province cross many cities. Public data has no road graph of this size at hand; `pingan
/// bench routing --tile N` uses this to time contraction and memory at it.
public enum TiledGraph {
    public static func make(_ g: RoadGraph, copies: Int) -> RoadGraph {
        let n = g.nodeCount, copies = max(1, copies)
        let bridgeEvery = 1000
        let bridgeWeight = g.weights.max() ?? 1
        var from: [Int32] = [], to: [Int32] = [], weights: [Int32] = []
        from.reserveCapacity(copies * g.edgeCount + 2 * copies * (n / bridgeEvery + 1))
        to.reserveCapacity(from.capacity)
        weights.reserveCapacity(from.capacity)
        let width: Double
        if g.hasCoordinates, let lo = g.coordinates.map(\.lon).min(), let hi = g.coordinates.map(\.lon).max() { width = (hi - lo) * 1.1 } else { width = 0 }
        var coordinates: [Coordinate] = []
        if g.hasCoordinates { coordinates.reserveCapacity(copies * n) }
        for c in 0..<copies {
            let base = Int32(c * n)
            for u in 0..<n {
                for e in g.edges(from: u) {
                    from.append(base + Int32(u)); to.append(base + g.targets[e]); weights.append(g.weights[e])
                }
            }
            if g.hasCoordinates {
                for p in g.coordinates { coordinates.append(Coordinate(lat: p.lat, lon: p.lon + Double(c) * width)) }
            }
            guard c > 0 else { continue }
            for v in stride(from: 0, to: n, by: bridgeEvery) {
                let west = Int32((c - 1) * n + v), east = base + Int32(v)
                from += [west, east]; to += [east, west]; weights += [bridgeWeight, bridgeWeight]
            }
        }
        return RoadGraph.build(nodeCount: copies * n, from: from, to: to, weights: weights, coordinates: coordinates,
                               sourceIds: (0..<copies * n).map { Int64($0 + 1) }, weightUnit: g.weightUnit)
    }
}
