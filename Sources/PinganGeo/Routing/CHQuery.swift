/// Reusable scratch memory for hierarchy searches. Allocating node-sized arrays per query would
/// dominate sub-millisecond queries, so a caller keeps one workspace per task and passes it in.
public struct CHWorkspace: Sendable {
    static let inf = Int32.max
    var distF: [Int32]
    var distB: [Int32]
    var parentF: [Int32]   // the node the forward search reached a node from (-1 at a seed)
    var parentB: [Int32]   // the node the backward search reached a node from (-1 at a seed)
    var touchedF: [Int32] = []
    var touchedB: [Int32] = []
    var heapF = MinHeap()
    var heapB = MinHeap()
    // Many-to-one: best time per unit slot, with the touched list for reset.
    var unitBest: [Int32] = []
    var unitTouched: [Int32] = []
    // PHAST distances (CH order).
    var sweep: [Int32] = []

    public init(nodeCount: Int) {
        distF = Array(repeating: Self.inf, count: nodeCount)
        distB = Array(repeating: Self.inf, count: nodeCount)
        parentF = Array(repeating: -1, count: nodeCount)
        parentB = Array(repeating: -1, count: nodeCount)
    }

    /// Starts the forward search at CH node `c` at time `offset` (the better of two seeds wins).
    mutating func seedForward(_ c: Int32, _ offset: Int32) { Self.seed(c, offset, &distF, &parentF, &touchedF, &heapF) }

    /// Starts the backward search at CH node `c` at time `offset`.
    mutating func seedBackward(_ c: Int32, _ offset: Int32) { Self.seed(c, offset, &distB, &parentB, &touchedB, &heapB) }

    private static func seed(_ c: Int32, _ offset: Int32, _ dist: inout [Int32], _ parent: inout [Int32], _ touched: inout [Int32],
                             _ heap: inout MinHeap) {
        let i = Int(c)
        guard offset < dist[i] else { return }
        if dist[i] == inf { touched.append(c) }
        dist[i] = offset; parent[i] = -1
        heap.push(key: UInt32(offset), node: c)
    }

    mutating func reset() {
        for v in touchedF { distF[Int(v)] = Self.inf }
        for v in touchedB { distB[Int(v)] = Self.inf }
        touchedF.removeAll(keepingCapacity: true)
        touchedB.removeAll(keepingCapacity: true)
        heapF.removeAll(); heapB.removeAll()
    }
}

/// The answer of a point-to-point query.
public struct RouteResult: Sendable, Equatable {
    /// Travel time in the graph's weight unit (deciseconds for OSM graphs).
    public var time: Int32
    /// Graph nodes along the route, start to end.
    public var nodes: [Int32]
}

extension ContractionHierarchy {
    /// Exact one-to-one query: bidirectional upward search with stall-on-demand; returns nil when
    /// the target cannot be reached. With `withPath`, unpacks shortcuts into graph nodes.
    public func route(from source: RoutePoint, to target: RoutePoint, workspace ws: inout CHWorkspace,
                      withPath: Bool = true) -> RouteResult? {
        ws.reset()
        if source.isNode { ws.seedForward(Int32(toCH[Int(source.fromNode)]), 0) } else { for s in source.sourceSeeds { ws.seedForward(toCH[Int(s.node)], s.offset) } }
        if target.isNode { ws.seedBackward(Int32(toCH[Int(target.fromNode)]), 0) } else { for s in target.targetSeeds { ws.seedBackward(toCH[Int(s.node)], s.offset) } }
        var best = Int64(Int32.max)
        if let d = RoutePoint.directTime(from: source, to: target) { best = Int64(d) }
        let meet = meetInTheMiddle(&ws, best: &best)
        if best >= Int64(Int32.max) { return nil }
        guard withPath else { return RouteResult(time: Int32(best), nodes: []) }
        if meet < 0 {
            // Direct along the shared segment.
            return RouteResult(time: Int32(best), nodes: [])
        }
        // Forward chain: meet back to the source, each step's edge found among its tail's up-edges.
        var up: [(from: Int32, to: Int32, edge: Int)] = []
        var x = meet
        while ws.parentF[Int(x)] >= 0 {
            let from = ws.parentF[Int(x)]
            up.append((from, x, upEdge(from: from, to: x)))
            x = from
        }
        var chNodes: [Int32] = [x]
        chNodes.reserveCapacity(256)
        for seg in up.reversed() { unpack(from: seg.from, to: seg.to, mid: upMids[seg.edge], halves: upHalves[seg.edge], into: &chNodes) }
        x = meet
        while ws.parentB[Int(x)] >= 0 {
            let to = ws.parentB[Int(x)]
            let e = downEdge(from: x, to: to)
            unpack(from: x, to: to, mid: downMids[e], halves: downHalves[e], into: &chNodes)
            x = to
        }
        return RouteResult(time: Int32(best), nodes: chNodes.map { fromCH[Int($0)] })
    }

    /// The search itself, on raw buffers (no bounds or uniqueness checks in the loop that
    /// dominates a query): the side with the smaller queue head settles next, a side stops once
    /// its head reaches the best meeting so far, and a node a higher one already reaches as
    /// cheaply (or more cheaply) is stalled, not expanded: an equally short path through the
    /// higher node exists without it, as RoutingKit also assumes. Parents are predecessor nodes,
    /// so the path is read back without looking up which node owns an edge. Returns the meeting
    /// node (CH id) or -1.
    @_optimize(speed)
    func meetInTheMiddle(_ ws: inout CHWorkspace, best: inout Int64) -> Int32 {
        var meet: Int32 = -1
        var bestTime = best
        upOffsets.withUnsafeBufferPointer { uo in
        upTargets.withUnsafeBufferPointer { ut in
        upWeights.withUnsafeBufferPointer { uw in
        downOffsets.withUnsafeBufferPointer { dO in
        downSources.withUnsafeBufferPointer { ds in
        downWeights.withUnsafeBufferPointer { dw in
        ws.distF.withUnsafeMutableBufferPointer { df in
        ws.distB.withUnsafeMutableBufferPointer { db in
        ws.parentF.withUnsafeMutableBufferPointer { pf in
        ws.parentB.withUnsafeMutableBufferPointer { pb in
            while true {
                let kf = ws.heapF.minKey, kb = ws.heapB.minKey
                let forwardDone = Int64(kf) >= bestTime || kf == UInt32.max
                let backwardDone = Int64(kb) >= bestTime || kb == UInt32.max
                if forwardDone && backwardDone { break }
                if !forwardDone && (backwardDone || kf <= kb) {
                    Self.settle(&ws.heapF, &ws.touchedF, mine: df, parents: pf, other: db, stallOffsets: dO, stallNodes: ds, stallWeights: dw,
                                expandOffsets: uo, expandNodes: ut, expandWeights: uw, best: &bestTime, meet: &meet)
                } else {
                    Self.settle(&ws.heapB, &ws.touchedB, mine: db, parents: pb, other: df, stallOffsets: uo, stallNodes: ut, stallWeights: uw,
                                expandOffsets: dO, expandNodes: ds, expandWeights: dw, best: &bestTime, meet: &meet)
                }
            }
        }}}}}}}}}}
        best = bestTime
        return meet
    }

    /// Settles the head of one side's queue: the forward side stalls over down-edges and expands
    /// up-edges, the backward side the other way round; `other` is the opposite side's distances,
    /// where a meeting is noticed.
    @inline(__always)
    static func settle(_ heap: inout MinHeap, _ touched: inout [Int32], mine: UnsafeMutableBufferPointer<Int32>,
                       parents: UnsafeMutableBufferPointer<Int32>, other: UnsafeMutableBufferPointer<Int32>,
                       stallOffsets: UnsafeBufferPointer<Int32>, stallNodes: UnsafeBufferPointer<Int32>, stallWeights: UnsafeBufferPointer<Int32>,
                       expandOffsets: UnsafeBufferPointer<Int32>, expandNodes: UnsafeBufferPointer<Int32>, expandWeights: UnsafeBufferPointer<Int32>,
                       best: inout Int64, meet: inout Int32) {
        let inf = CHWorkspace.inf
        let (k, v) = heap.pop()
        let d = Int32(bitPattern: k), vi = Int(v)
        if d != mine[vi] { return }
        let there = other[vi]
        if there != inf, Int64(d) + Int64(there) < best { best = Int64(d) + Int64(there); meet = v }
        for e in Int(stallOffsets[vi])..<Int(stallOffsets[vi + 1]) {
            let du = mine[Int(stallNodes[e])]
            if du != inf && du &+ stallWeights[e] <= d { return }
        }
        for e in Int(expandOffsets[vi])..<Int(expandOffsets[vi + 1]) {
            let w = Int(expandNodes[e])
            let nd = d &+ expandWeights[e]
            let old = mine[w]
            if nd < old {
                if old == inf { touched.append(Int32(w)) }
                mine[w] = nd; parents[w] = v
                heap.push(key: UInt32(nd), node: Int32(w))
            }
        }
    }

    /// The up-edge `from -> to` (stored at `from`); the hierarchy keeps one edge per pair.
    func upEdge(from: Int32, to: Int32) -> Int {
        for e in Int(upOffsets[Int(from)])..<Int(upOffsets[Int(from) + 1]) where upTargets[e] == to { return e }
        preconditionFailure("no up-edge \(from) -> \(to)")
    }

    /// The down-edge `from -> to` (stored at `to`, `from` being the higher node).
    func downEdge(from: Int32, to: Int32) -> Int {
        for e in Int(downOffsets[Int(to)])..<Int(downOffsets[Int(to) + 1]) where downSources[e] == from { return e }
        preconditionFailure("no down-edge \(from) -> \(to)")
    }

    /// Appends the graph path of edge `from -> to` (excluding `from`) in CH ids; `halves` says
    /// where the shortcut's two halves are stored (`upHalves`), so no list is searched.
    func unpack(from a: Int32, to b: Int32, mid: Int32, halves: UInt32, into out: inout [Int32]) {
        if mid < 0 { out.append(b); return }
        // a -> mid is a down edge stored at mid; mid -> b an up edge at mid.
        let m = Int(mid)
        let i = halves >> 16, j = halves & CHHalves.unknown
        let e1 = i != CHHalves.unknown ? Int(downOffsets[m]) + Int(i) : downEdge(from: a, to: mid)
        let e2 = j != CHHalves.unknown ? Int(upOffsets[m]) + Int(j) : upEdge(from: mid, to: b)
        unpack(from: a, to: mid, mid: downMids[e1], halves: downHalves[e1], into: &out)
        unpack(from: mid, to: b, mid: upMids[e2], halves: upHalves[e2], into: &out)
    }
}

extension ContractionHierarchy {
    /// How many nodes the upward graph reaches from each of `sources` (graph nodes), on average:
    /// the space a one-to-one search explores before pruning, so a measure of the node order's
    /// quality that `bench/routing.py` compares with RoutingKit's.
    public func upwardSpaceMean(from sources: [Int]) -> Double {
        guard !sources.isEmpty else { return 0 }
        var seen = [Int](repeating: -1, count: nodeCount), stack: [Int32] = []
        var total = 0
        for (i, s) in sources.enumerated() {
            stack = [toCH[s]]
            seen[Int(toCH[s])] = i
            while let x = stack.popLast() {
                total += 1
                for e in Int(upOffsets[Int(x)])..<Int(upOffsets[Int(x) + 1]) where seen[Int(upTargets[e])] != i {
                    seen[Int(upTargets[e])] = i
                    stack.append(upTargets[e])
                }
            }
        }
        return Double(total) / Double(sources.count)
    }
}
