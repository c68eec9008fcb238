import Foundation
import PinganGeo

/// Cuts a road network into parts around seed nodes by road travel time: each node belongs to
/// the seed that reaches it first (a network Voronoi diagram, computed as one multi-source
/// Dijkstra). `balanced` then evens out the parts' load (road length, or an expected workload
/// per node) by giving each seed an additive head start or handicap and repeating (additively
/// weighted network Voronoi), because a patrol zone is a workload as much as an area.
public struct RoadPartition: Sendable {
    /// Part index of each graph node (-1: node not in the mask).
    public var owner: [Int32]
    /// Additive offset of each seed, in graph weight units.
    public var offsets: [Int32]
    /// Load of each part: the road length (m) of the edges whose tail node belongs to it, or the
    /// sum of the given node weights.
    public var lengths: [Double]

    /// Largest part's load divided by the mean: 1 is perfect balance.
    public var imbalance: Double {
        let mean = lengths.reduce(0, +) / Double(max(1, lengths.count))
        return mean > 0 ? (lengths.max() ?? 0) / mean : 1
    }

    /// Network Voronoi with fixed offsets. Nodes of the mask that no seed reaches inside the
    /// mask (one-way streets leaving it) go to the straight-line nearest seed.
    public static func assign(network: RoadNetwork, seeds: [Int], offsets: [Int32], mask: [Bool]? = nil, nodeWeight: [Double]? = nil) -> RoadPartition {
        let g = network.graph
        let n = g.nodeCount
        var dist = [Int32](repeating: .max, count: n)
        var owner = [Int32](repeating: -1, count: n)
        var heap = MinHeap()
        for (s, v) in seeds.enumerated() where offsets[s] < dist[v] {
            dist[v] = offsets[s]; owner[v] = Int32(s)
            heap.push(key: UInt32(bitPattern: offsets[s]), node: Int32(v))
        }
        while !heap.isEmpty {
            let (key, node) = heap.pop()
            let d = Int32(bitPattern: key), v = Int(node)
            if d != dist[v] { continue }
            for e in g.edges(from: v) {
                let w = Int(g.targets[e])
                if let mask, !mask[w] { continue }
                let nd = d &+ g.weights[e]
                if nd < dist[w] { dist[w] = nd; owner[w] = owner[v]; heap.push(key: UInt32(bitPattern: nd), node: Int32(w)) }
            }
        }
        for v in 0..<n {
            if let mask, !mask[v] { owner[v] = -1; continue }
            if owner[v] < 0 && g.hasCoordinates {
                var best = Double.infinity
                for (s, sv) in seeds.enumerated() {
                    let d = Geodesy.haversine(g.coordinates[v], g.coordinates[sv])
                    if d < best { best = d; owner[v] = Int32(s) }
                }
            }
        }
        var lengths = [Double](repeating: 0, count: seeds.count)
        for u in 0..<n where owner[u] >= 0 {
            if let nodeWeight { lengths[Int(owner[u])] += nodeWeight[u]; continue }
            for e in g.edges(from: u) { lengths[Int(owner[u])] += Double(network.edgeLengths[e]) }
        }
        return RoadPartition(owner: owner, offsets: offsets, lengths: lengths)
    }

    /// Balances the load across the parts by adjusting each seed's offset: a part with more
    /// than the mean length gets a handicap proportional to its excess (in units of the mean
    /// travel time to a node), a smaller one a head start. Keeps the best of `iterations` rounds.
    public static func balanced(network: RoadNetwork, seeds: [Int], mask: [Bool]? = nil, nodeWeight: [Double]? = nil, iterations: Int = 12) -> RoadPartition {
        var offsets = [Int32](repeating: 0, count: seeds.count)
        var best = assign(network: network, seeds: seeds, offsets: offsets, mask: mask, nodeWeight: nodeWeight)
        guard seeds.count > 1 else { return best }
        var current = best
        // Scale: mean Dijkstra time of the unweighted partition, approximated by the mean edge
        // weight times the mean hop count sqrt(n / parts).
        let g = network.graph
        let meanW = Double(g.weights.reduce(0) { $0 + Int($1) }) / Double(max(1, g.edgeCount))
        let members = mask.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? g.nodeCount
        let scale = meanW * sqrt(Double(members) / Double(seeds.count))
        for it in 0..<iterations {
            let mean = current.lengths.reduce(0, +) / Double(seeds.count)
            guard mean > 0 else { break }
            let gain = 0.6 * scale / Double(1 + it / 4)
            for s in 0..<seeds.count {
                let ratio = current.lengths[s] / mean
                offsets[s] += Int32((gain * (ratio - 1)).rounded())
            }
            let m = offsets.min() ?? 0
            for s in 0..<offsets.count { offsets[s] -= m }
            current = assign(network: network, seeds: seeds, offsets: offsets, mask: mask, nodeWeight: nodeWeight)
            if current.imbalance < best.imbalance { best = current }
        }
        return best
    }
}
