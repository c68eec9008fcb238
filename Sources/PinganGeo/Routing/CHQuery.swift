/// Reusable scratch memory for hierarchy searches. Allocating node-sized arrays per query would
/// dominate sub-millisecond queries, so a caller keeps one workspace per task and passes it in.
public struct CHWorkspace: Sendable {
    static let inf = Int32.max
    /// Four words per node (CH id `v` at `4 * v`): the forward and backward search's time, then
    /// the node each side reached it from (-1 at a seed), so that settling a node, noticing the
    /// other side there and recording the parent touch one cache line, not four. (On NY this
    /// measured the same as four separate arrays: the stall check's loads dominate either way.)
    var nodes: [Int32]
    var touchedF: [Int32] = []
    var touchedB: [Int32] = []
    var heapF = MinHeap()
    var heapB = MinHeap()
    // Many-to-one: best time per unit slot, with the touched list for reset.
    var unitBest: [Int32] = []
    var unitTouched: [Int32] = []
    // PHAST distances (CH order).
    var sweep: [Int32] = []
    // One-to-one paths: the forward chain of CH nodes, and the unpacked path (grown to the
    // longest path so far).
    var chain: [Int32] = []
    var path = [Int32](repeating: 0, count: 1024)
    /// The one-to-one search's queues and touched lists (`SearchRuns`).
    var runs = SearchRuns()

    public init(nodeCount: Int) {
        nodes = [Int32](repeating: -1, count: 4 * nodeCount)
        for v in 0..<nodeCount { nodes[4 * v] = Self.inf; nodes[4 * v + 1] = Self.inf }
    }

    /// Starts the forward search at CH node `c` at time `offset` (the better of two seeds wins).
    mutating func seedForward(_ c: Int32, _ offset: Int32) {
        guard let first = seed(c, offset, side: 0) else { return }
        if first { touchedF.append(c) }
        heapF.push(key: UInt32(offset), node: c)
    }

    /// Starts the backward search at CH node `c` at time `offset`.
    mutating func seedBackward(_ c: Int32, _ offset: Int32) {
        guard let first = seed(c, offset, side: 1) else { return }
        if first { touchedB.append(c) }
        heapB.push(key: UInt32(offset), node: c)
    }

    /// Sets side `side`'s time at `c` to `offset` if that is better: nil if not, else whether `c`
    /// was unreached before.
    private mutating func seed(_ c: Int32, _ offset: Int32, side: Int) -> Bool? {
        let i = 4 * Int(c) + side
        guard offset < nodes[i] else { return nil }
        let first = nodes[i] == Self.inf
        nodes[i] = offset; nodes[i + 2] = -1
        return first
    }

    /// Scratch runs of this workspace's own: a copy of a workspace shares them until one
    /// copy searches, which then takes new ones (one uniqueness test per query).
    mutating func ownRuns() -> SearchRuns {
        if !isKnownUniquelyReferenced(&runs) { runs = SearchRuns() }
        return runs
    }

    mutating func reset() {
        for v in touchedF { nodes[4 * Int(v)] = Self.inf }
        for v in touchedB { nodes[4 * Int(v) + 1] = Self.inf }
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
        // The forward chain, meet back to the source, reversed; then the backward chain, meet on
        // to the target. Each hierarchy edge is unpacked into the scratch path in graph ids; a
        // path longer than the scratch is counted, the scratch grown and the path unpacked again.
        ws.chain.removeAll(keepingCapacity: true)
        var start = meet
        while ws.nodes[4 * Int(start) + 2] >= 0 { ws.chain.append(start); start = ws.nodes[4 * Int(start) + 2] }
        var count = unpackPath(from: start, &ws)
        if count > ws.path.count {
            ws.path = [Int32](repeating: 0, count: count)
            count = unpackPath(from: start, &ws)
        }
        return RouteResult(time: Int32(best), nodes: Array(ws.path[0..<count]))
    }

    /// Writes the path from `start` along `ws.chain` (reversed) and the backward parents into
    /// `ws.path` as far as it holds, and returns its length in nodes.
    private func unpackPath(from start: Int32, _ ws: inout CHWorkspace) -> Int {
        let ups = upTargets.count
        var count = 0, x = start
        unpacking.withUnsafeBufferPointer { u in
        ws.path.withUnsafeMutableBufferPointer { out in
            Self.emit(fromCH[Int(x)], out, &count)
            for to in ws.chain.reversed() {
                let e = 2 * upEdge(from: x, to: to)
                Self.unpack(u[e], u[e + 1], u, out, &count)
                x = to
            }
            while ws.nodes[4 * Int(x) + 3] >= 0 {
                let to = ws.nodes[4 * Int(x) + 3]
                let e = 2 * (ups + downEdge(from: x, to: to))
                Self.unpack(u[e], u[e + 1], u, out, &count)
                x = to
            }
        }}
        return count
    }

    /// The search itself, on raw buffers and runs (no bounds or uniqueness checks in the loop
    /// that dominates a query): the two sides settle a node in turn (as RoutingKit's query does;
    /// against "the smaller queue head first" it measured within -2 to +1 % on NY), a side
    /// stops once its head reaches the best meeting so far, and a node a higher one already
    /// reaches as cheaply (or more cheaply) is stalled, not expanded: an equally short path
    /// through the higher node exists without it, as RoutingKit also assumes. Parents are
    /// predecessor nodes, so the path is read back without looking up which node owns an edge.
    /// The seeds come from the workspace's heaps, and the nodes reached go back to its touched
    /// lists for the next `reset`. Returns the meeting node (CH id) or -1.
    @_optimize(speed)
    func meetInTheMiddle(_ ws: inout CHWorkspace, best: inout Int64) -> Int32 {
        var meet: Int32 = -1
        var bestTime = best
        let runs = ws.ownRuns()
        var qf = runs.queueF, qb = runs.queueB, tf = runs.touchedF, tb = runs.touchedB
        qf.count = 0; qb.count = 0; tf.count = 0; tb.count = 0
        while !ws.heapF.isEmpty { let (k, v) = ws.heapF.pop(); qf.push(MinHeap.pack(key: k, node: v)) }
        while !ws.heapB.isEmpty { let (k, v) = ws.heapB.pop(); qb.push(MinHeap.pack(key: k, node: v)) }
        var forwardNext = true
        upOffsets.withUnsafeBufferPointer { uo in
        upTargets.withUnsafeBufferPointer { ut in
        upWeights.withUnsafeBufferPointer { uw in
        downOffsets.withUnsafeBufferPointer { dO in
        downSources.withUnsafeBufferPointer { ds in
        downWeights.withUnsafeBufferPointer { dw in
        ws.nodes.withUnsafeMutableBufferPointer { st in
            let f = st.baseAddress!, b = f + 1
            while true {
                let kf = qf.minKey, kb = qb.minKey
                let forwardDone = Int64(kf) >= bestTime || kf == UInt32.max
                let backwardDone = Int64(kb) >= bestTime || kb == UInt32.max
                if forwardDone && backwardDone { break }
                if !forwardDone && (backwardDone || forwardNext) {
                    Self.settle(&qf, &tf, mine: f, other: b, stallOffsets: dO, stallNodes: ds, stallWeights: dw,
                                expandOffsets: uo, expandNodes: ut, expandWeights: uw, best: &bestTime, meet: &meet)
                    forwardNext = false
                } else {
                    Self.settle(&qb, &tb, mine: b, other: f, stallOffsets: uo, stallNodes: ut, stallWeights: uw,
                                expandOffsets: dO, expandNodes: ds, expandWeights: dw, best: &bestTime, meet: &meet)
                    forwardNext = true
                }
            }
        }}}}}}}
        ws.touchedF.append(contentsOf: UnsafeBufferPointer(start: tf.base, count: tf.count))
        ws.touchedB.append(contentsOf: UnsafeBufferPointer(start: tb.base, count: tb.count))
        runs.queueF = qf; runs.queueB = qb; runs.touchedF = tf; runs.touchedB = tb
        best = bestTime
        return meet
    }

    /// Settles the head of one side's queue: the forward side stalls over down-edges and expands
    /// up-edges, the backward side the other way round; `other` is the opposite side's distances,
    /// where a meeting is noticed.
    @inline(__always)
    static func settle(_ queue: inout Run<UInt64>, _ touched: inout Run<Int32>, mine: UnsafeMutablePointer<Int32>, other: UnsafeMutablePointer<Int32>,
                       stallOffsets: UnsafeBufferPointer<Int32>, stallNodes: UnsafeBufferPointer<Int32>, stallWeights: UnsafeBufferPointer<Int32>,
                       expandOffsets: UnsafeBufferPointer<Int32>, expandNodes: UnsafeBufferPointer<Int32>, expandWeights: UnsafeBufferPointer<Int32>,
                       best: inout Int64, meet: inout Int32) {
        let inf = CHWorkspace.inf
        let x = queue.pop()
        let d = Int32(bitPattern: UInt32(truncatingIfNeeded: x >> 32)), v = Int32(truncatingIfNeeded: x), vi = 4 * Int(v)
        if d != mine[vi] { return }
        let there = other[vi]
        if there != inf, Int64(d) + Int64(there) < best { best = Int64(d) + Int64(there); meet = v }
        for e in Int(stallOffsets[Int(v)])..<Int(stallOffsets[Int(v) + 1]) {
            let du = mine[4 * Int(stallNodes[e])]
            if du != inf && du &+ stallWeights[e] <= d { return }
        }
        for e in Int(expandOffsets[Int(v)])..<Int(expandOffsets[Int(v) + 1]) {
            let y = expandNodes[e], w = 4 * Int(y)
            let nd = d &+ expandWeights[e]
            let old = mine[w]
            if nd < old {
                if old == inf { touched.append(y) }
                mine[w] = nd; mine[w + 2] = v
                queue.push(MinHeap.pack(key: UInt32(nd), node: y))
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

    /// Writes the graph nodes of the edge whose unpacking entry is (`first`, `second`) after its
    /// tail (the heads of its original edges, in order, stored as graph ids) from `out[count]`
    /// on; the second half of each shortcut by looping, the first by recursion, as deep as the
    /// hierarchy. Both halves' entries are read before the first is unpacked, so the second's
    /// cache miss overlaps the first's unpacking rather than following it (NY one-to-one with
    /// the path in bench/routing.py, runs in turn with the binary before: 20.97, 20.98 -> 20.28,
    /// 20.37 µs; the unpacking alone, timed apart, is most of a path's cost when its entries are
    /// not in cache, about 14 µs, and 2 µs when they are).
    static func unpack(_ first: Int32, _ second: Int32, _ u: UnsafeBufferPointer<Int32>,
                       _ out: UnsafeMutableBufferPointer<Int32>, _ count: inout Int) {
        var first = first, second = second
        while true {
            if first < 0 { emit(second, out, &count); return }
            let s = 2 * Int(second), f = 2 * Int(first)
            let nextFirst = u[s], nextSecond = u[s + 1]
            unpack(u[f], u[f + 1], u, out, &count)
            first = nextFirst; second = nextSecond
        }
    }

    /// Appends `node` if the buffer holds it (checked, as the buffer's own subscript is not),
    /// and counts it either way.
    @inline(__always) static func emit(_ node: Int32, _ out: UnsafeMutableBufferPointer<Int32>, _ count: inout Int) {
        if count < out.count { out[count] = node }
        count += 1
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
