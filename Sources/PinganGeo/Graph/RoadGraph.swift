/// A directed road network in compressed-sparse-row form: the edges leaving node `v` are
/// `offsets[v]..<offsets[v+1]` in `targets`/`weights`. Flat arrays keep searches cache-friendly
/// and make the graph a plain value that can be cached to disk and shared across tasks.
public struct RoadGraph: Sendable, Equatable {
    /// Where the weights came from, which fixes their unit.
    public enum WeightUnit: String, Sendable, Equatable {
        /// Travel time in tenths of a second (graphs built from OSM).
        case deciseconds
        /// The integer arc costs of a DIMACS file, kept as given.
        case dimacs
    }

    public let nodeCount: Int
    public let offsets: [Int32]
    public let targets: [Int32]
    public let weights: [Int32]
    /// One per node; empty when the source had no coordinates (DIMACS without `.co`).
    public let coordinates: [Coordinate]
    /// The source's node ids (OSM node id or DIMACS 1-based id), so answers can be compared with
    /// other tools and traced back to the map. Empty when they are simply `index + 1` (DIMACS
    /// graphs that lost no nodes), which saves 8 bytes per node; use `sourceId(_:)`.
    public let sourceIds: [Int64]

    /// The source file's id of node `v`.
    @inlinable public func sourceId(_ v: Int) -> Int64 { sourceIds.isEmpty ? Int64(v + 1) : sourceIds[v] }
    public let weightUnit: WeightUnit
    /// Strongly connected components in the source graph, and how many the graph kept (1).
    public let componentsFound: Int

    public var edgeCount: Int { targets.count }
    public var hasCoordinates: Bool { coordinates.count == nodeCount && nodeCount > 0 }

    public init(nodeCount: Int, offsets: [Int32], targets: [Int32], weights: [Int32], coordinates: [Coordinate],
                sourceIds: [Int64], weightUnit: WeightUnit, componentsFound: Int = 1) {
        precondition(offsets.count == nodeCount + 1 && targets.count == weights.count)
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.coordinates = coordinates
        self.sourceIds = sourceIds
        self.weightUnit = weightUnit
        self.componentsFound = componentsFound
    }

    /// Edge index range of the edges leaving `v`.
    @inlinable public func edges(from v: Int) -> Range<Int> { Int(offsets[v])..<Int(offsets[v + 1]) }

    /// The edge `u -> v` with the smallest weight, if any.
    public func edge(from u: Int, to v: Int) -> Int? {
        var best: Int? = nil
        for e in edges(from: u) where Int(targets[e]) == v {
            if best == nil || weights[e] < weights[best!] { best = e }
        }
        return best
    }

    /// The graph with every edge reversed, for searches that run toward a target.
    public func reversed() -> RoadGraph {
        let b = EdgeListBuilder(nodeCount: nodeCount)
        var from = [Int32](), to = [Int32](), w = [Int32]()
        from.reserveCapacity(edgeCount); to.reserveCapacity(edgeCount); w.reserveCapacity(edgeCount)
        for u in 0..<nodeCount {
            for e in edges(from: u) { from.append(targets[e]); to.append(Int32(u)); w.append(weights[e]) }
        }
        let (o, t, ww) = b.csr(from: from, to: to, weights: w)
        return RoadGraph(nodeCount: nodeCount, offsets: o, targets: t, weights: ww, coordinates: coordinates,
                         sourceIds: sourceIds, weightUnit: weightUnit, componentsFound: componentsFound)
    }

    /// Builds a graph from an edge list: drops self loops, keeps the cheapest of parallel edges,
    /// then keeps only the largest strongly connected component, so every query has an answer.
    public static func build(nodeCount: Int, from: [Int32], to: [Int32], weights: [Int32], coordinates: [Coordinate],
                             sourceIds: [Int64], weightUnit: WeightUnit) -> RoadGraph {
        let b = EdgeListBuilder(nodeCount: nodeCount)
        let (o, t, w) = b.csr(from: from, to: to, weights: weights)
        let comp = StronglyConnected.components(nodeCount: nodeCount, offsets: o, targets: t)
        // Largest component.
        var sizes = [Int32](repeating: 0, count: comp.count)
        for c in comp.componentOf { sizes[Int(c)] += 1 }
        var largest = 0
        for c in 0..<sizes.count where sizes[c] > sizes[largest] { largest = c }
        var newId = [Int32](repeating: -1, count: nodeCount)
        var kept = 0
        for v in 0..<nodeCount where Int(comp.componentOf[v]) == largest { newId[v] = Int32(kept); kept += 1 }
        var nf = [Int32](), nt = [Int32](), nw = [Int32]()
        nf.reserveCapacity(t.count); nt.reserveCapacity(t.count); nw.reserveCapacity(t.count)
        for u in 0..<nodeCount where newId[u] >= 0 {
            for e in Int(o[u])..<Int(o[u + 1]) where newId[Int(t[e])] >= 0 {
                nf.append(newId[u]); nt.append(newId[Int(t[e])]); nw.append(w[e])
            }
        }
        let b2 = EdgeListBuilder(nodeCount: kept)
        let (o2, t2, w2) = b2.csr(from: nf, to: nt, weights: nw)
        var coords = [Coordinate](), ids = [Int64]()
        if coordinates.count == nodeCount { coords.reserveCapacity(kept) }
        let implicitIds = sourceIds.isEmpty
        if !implicitIds || kept < nodeCount { ids.reserveCapacity(kept) }
        for v in 0..<nodeCount where newId[v] >= 0 {
            if coordinates.count == nodeCount { coords.append(coordinates[v]) }
            if !implicitIds { ids.append(sourceIds[v]) } else if kept < nodeCount { ids.append(Int64(v + 1)) }
        }
        return RoadGraph(nodeCount: kept, offsets: o2, targets: t2, weights: w2, coordinates: coords,
                         sourceIds: ids, weightUnit: weightUnit, componentsFound: comp.count)
    }
}

/// Counting-sort edge lists into CSR; self loops dropped, parallel edges reduced to the cheapest.
struct EdgeListBuilder {
    let nodeCount: Int
    func csr(from: [Int32], to: [Int32], weights: [Int32]) -> ([Int32], [Int32], [Int32]) {
        var count = [Int32](repeating: 0, count: nodeCount + 1)
        for i in 0..<from.count where from[i] != to[i] { count[Int(from[i]) + 1] += 1 }
        for v in 0..<nodeCount { count[v + 1] += count[v] }
        var pos = count
        var t = [Int32](repeating: 0, count: Int(count[nodeCount]))
        var w = [Int32](repeating: 0, count: Int(count[nodeCount]))
        for i in 0..<from.count where from[i] != to[i] {
            let p = Int(pos[Int(from[i])]); pos[Int(from[i])] += 1
            t[p] = to[i]; w[p] = weights[i]
        }
        // Dedupe parallel edges per node (degrees are small: insertion sort by target).
        var o = [Int32](repeating: 0, count: nodeCount + 1)
        var out = 0
        for v in 0..<nodeCount {
            let s = Int(count[v]), e = Int(count[v + 1])
            if e - s > 1 {
                for i in (s + 1)..<e {
                    let kt = t[i], kw = w[i]
                    var j = i - 1
                    while j >= s && (t[j] > kt || (t[j] == kt && w[j] > kw)) { t[j + 1] = t[j]; w[j + 1] = w[j]; j -= 1 }
                    t[j + 1] = kt; w[j + 1] = kw
                }
            }
            var i = s
            while i < e {
                t[out] = t[i]; w[out] = w[i]; out += 1
                let cur = t[i]
                while i < e && t[i] == cur { i += 1 }
            }
            o[v + 1] = Int32(out)
        }
        t.removeLast(t.count - out); w.removeLast(w.count - out)
        return (o, t, w)
    }
}
