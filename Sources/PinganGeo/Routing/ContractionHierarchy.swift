import Foundation

/// A contraction hierarchy over a `RoadGraph`: every node gets a rank, and shortcuts are added so
/// that any shortest path can be found by searching only "upward" (toward higher ranks) from both
/// ends. Queries then touch a few hundred nodes instead of the whole city, which is what makes
/// sub-millisecond dispatch answers possible.
///
/// Nodes are renumbered ("CH ids", `CHBuilder.chIDs`) so that every upward edge leads to a
/// smaller id: upward searches move toward smaller ids, and the PHAST downward sweep is one
/// linear pass over ids 0..<n.
public struct ContractionHierarchy: Sendable, Equatable {
    public let nodeCount: Int
    /// Graph node → CH id and back.
    public let toCH: [Int32]
    public let fromCH: [Int32]
    /// Upward edges `v -> w` (w has higher rank, i.e. smaller CH id), CSR by v.
    public let upOffsets: [Int32]
    public let upTargets: [Int32]
    public let upWeights: [Int32]
    /// Downward edges `u -> v` stored at v (u has higher rank), CSR by v: `downSources` are the u.
    public let downOffsets: [Int32]
    public let downSources: [Int32]
    public let downWeights: [Int32]
    /// How each edge unpacks into road edges, two words per edge, up-edges first (edge `e` of the
    /// up lists is entry `e`, edge `e` of the down lists entry `upTargets.count + e`): a shortcut
    /// holds the entries of its two halves (`a -> mid`, `mid -> b`), an original edge -1 and its
    /// head node as a graph id, not a CH id. A path then unpacks reading one pair per edge, with
    /// no list searched, no middle node looked up and no id translated: the nodes it emits are the
    /// heads of the original edges, already in the caller's ids (translating each one cost a
    /// random load per path node: about an eighth of a path query on NY).
    /// Derived at `init` from the middle nodes, which is what the graph cache stores.
    public let unpacking: [Int32]

    public var edgeCount: Int { upTargets.count + downSources.count }

    /// Approximate heap bytes held by the hierarchy's arrays.
    public var memoryBytes: Int {
        4 * (toCH.count + fromCH.count + upOffsets.count + downOffsets.count) + 16 * edgeCount
    }

    /// `upMids`/`downMids`: the middle node (CH id) of each shortcut, -1 for an original edge.
    public init(nodeCount: Int, toCH: [Int32], fromCH: [Int32], upOffsets: [Int32], upTargets: [Int32], upWeights: [Int32],
                upMids: [Int32], downOffsets: [Int32], downSources: [Int32], downWeights: [Int32], downMids: [Int32]) {
        self.nodeCount = nodeCount
        self.toCH = toCH; self.fromCH = fromCH
        self.upOffsets = upOffsets; self.upTargets = upTargets; self.upWeights = upWeights
        self.downOffsets = downOffsets; self.downSources = downSources; self.downWeights = downWeights
        let ups = upTargets.count
        var unpacking = [Int32](repeating: -1, count: 2 * (ups + downSources.count))
        // The halves of shortcut `a -> b` through `m`: `a -> m` is a down-edge stored at m (m
        // ranks below both), `m -> b` an up-edge stored at m.
        func halves(_ a: Int32, _ b: Int32, _ m: Int, entry: Int) {
            let first = (Int(downOffsets[m])..<Int(downOffsets[m + 1])).first { downSources[$0] == a }
            let second = (Int(upOffsets[m])..<Int(upOffsets[m + 1])).first { upTargets[$0] == b }
            guard let first, let second else { preconditionFailure("shortcut \(a) -> \(b) through \(m) without its halves") }
            unpacking[2 * entry] = Int32(ups + first); unpacking[2 * entry + 1] = Int32(second)
        }
        for v in 0..<nodeCount {
            for e in Int(upOffsets[v])..<Int(upOffsets[v + 1]) {
                if upMids[e] < 0 { unpacking[2 * e + 1] = fromCH[Int(upTargets[e])] } else { halves(Int32(v), upTargets[e], Int(upMids[e]), entry: e) }
            }
            for e in Int(downOffsets[v])..<Int(downOffsets[v + 1]) {
                if downMids[e] < 0 { unpacking[2 * (ups + e) + 1] = fromCH[v] } else { halves(downSources[e], Int32(v), Int(downMids[e]), entry: ups + e) }
            }
        }
        self.unpacking = unpacking
    }

    /// The middle node of each up-edge's shortcut (-1 for an original edge), as the graph cache stores it.
    public var upMids: [Int32] { (0..<upTargets.count).map { middle(ofEntry: $0) } }
    /// The same for the down-edges.
    public var downMids: [Int32] { (0..<downSources.count).map { middle(ofEntry: upTargets.count + $0) } }

    /// A shortcut's middle node is the head of its first half; an edge's head, that of its last original edge.
    func middle(ofEntry e: Int) -> Int32 {
        var x = Int(unpacking[2 * e])
        guard x >= 0 else { return -1 }
        while unpacking[2 * x] >= 0 { x = Int(unpacking[2 * x + 1]) }
        return toCH[Int(unpacking[2 * x + 1])]
    }

    /// Contracts `graph` on `threads` threads (the hierarchy is the same for any number).
    /// `progress` is called with the fraction of nodes contracted.
    public static func build(_ graph: RoadGraph, threads: Int = ContractionHierarchy.defaultThreads,
                             progress: ((Double) -> Void)? = nil) -> ContractionHierarchy {
        var b = CHBuilder(graph, threads: threads)
        b.run(progress: progress)
        return b.finish()
    }
}

extension ContractionHierarchy {
    /// Every core the process may use.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// The mutable state of contraction: adjacency lists of the not-yet-contracted graph, each
/// node's priority (`priority`), level and rank, and one witness search per thread.
///
/// Contraction goes in rounds. A round takes every remaining node whose (priority, id) is below
/// that of every remaining node within two hops (an independent set: no two are adjacent; two
/// hops rather than one keep the order close to contracting one node at a time), finds each one's
/// shortcuts in parallel with witness searches that may not pass through any node of the round,
/// then contracts them one after another in (priority, id) order, and recomputes the priorities
/// of their neighbours in parallel. Why this is exact: a shortest path between remaining nodes
/// through a node x of the round enters and leaves x from nodes that stay (the set is
/// independent), and that stretch is replaced either by x's shortcut or by a witness that uses
/// only nodes that stay. Every step depends only on the graph, never on which thread ran what,
/// so the hierarchy is the same for any number of threads.
struct CHBuilder {
    struct DynEdge { var node: Int32; var weight: Int32; var mid: Int32; var hops: Int32 }
    typealias Shortcut = (from: Int32, to: Int32, weight: Int32, hops: Int32)

    let n: Int
    let threads: Int
    var outs: DynamicAdjacency
    var ins: DynamicAdjacency
    var contracted: [Bool]
    var level: [Int32]
    var rank: [Int32]
    var priority: [Int32]
    // Upward lists recorded at contraction time, indexed by original node id.
    var upOut: [[DynEdge]]
    var upIn: [[DynEdge]]
    var searches: [WitnessSearch]

    init(_ g: RoadGraph, threads: Int) {
        n = g.nodeCount
        self.threads = max(1, threads)
        var outDegrees = [Int](repeating: 0, count: n), inDegrees = [Int](repeating: 0, count: n)
        for u in 0..<n {
            for e in g.edges(from: u) { outDegrees[u] += 1; inDegrees[Int(g.targets[e])] += 1 }
        }
        outs = DynamicAdjacency(degrees: outDegrees)
        ins = DynamicAdjacency(degrees: inDegrees)
        for u in 0..<n {
            for e in g.edges(from: u) {
                let v = Int(g.targets[e])
                outs.append(at: u, DynEdge(node: Int32(v), weight: g.weights[e], mid: -1, hops: 1))
                ins.append(at: v, DynEdge(node: Int32(u), weight: g.weights[e], mid: -1, hops: 1))
            }
        }
        contracted = Array(repeating: false, count: n)
        level = Array(repeating: 0, count: n)
        rank = Array(repeating: -1, count: n)
        priority = Array(repeating: 0, count: n)
        upOut = Array(repeating: [], count: n)
        upIn = Array(repeating: [], count: n)
        searches = (0..<self.threads).map { _ in WitnessSearch(nodeCount: g.nodeCount) }
    }

    /// Witness searches of at most this many settled nodes when estimating a priority, and
    /// when deciding a contraction's shortcuts.
    ///
    /// Larger limits buy a better order with contraction time, on the NY graph (`pingan bench
    /// routing --threads 2`, 2-core VM, 2026-12-07): 50/250 gave an upward search space of 183
    /// nodes (205 here) for +30 % contraction time; 100/500, 175 nodes for +38–70 %. Raising them
    /// only for the dense core, the last 2 % of the nodes (priorities estimated again at the
    /// switch), gave 182 nodes for +34 %: the core is where the searches cost, whatever the
    /// limit. RoutingKit (500 for both, one node at a time) reaches 166.
    ///
    /// The estimate's limit went from 20 to 30 once the witness search got cheaper (one flat
    /// adjacency, `DynamicAdjacency`, and its marks beside its distances): the same contraction
    /// time as 20 before (2 threads 7.7, 7.7 s against 7.6, 7.4; 1 thread 12.4, 12.3 against 12.0,
    /// 11.9, runs in turn on 2026-12-07) for an upward space of 191 nodes, one-to-one ~25 µs
    /// against ~27. 40 gave 184 nodes for +8–14 %.
    static let estimateSettled = 30, contractSettled = 250

    /// Contract first what adds least relative to what it removes: the edge quotient (shortcuts
    /// added / edges removed), the hop quotient (original edges the shortcuts stand for / those the
    /// removed edges stood for) and the level (how many contractions below it), in thousandths
    /// (the terms of the CH literature, Geisberger et al. 2008; RoutingKit orders by the same
    /// three), from witness searches of `estimateSettled` nodes. On the NY graph, against the
    /// edge difference this replaced (contracted one node at a time): upward search space 250 ->
    /// 205 nodes, one-to-one ~26 -> ~24 µs, contraction 6.6 -> 6.1 s on 2 threads (10.3 s on 1).
    /// With 50 and 500 settled nodes and one node at a time the space is 174, at twice the time.
    static func priority(_ v: Int32, shortcuts: [Shortcut], outs: DynamicAdjacency, ins: DynamicAdjacency, level: Int32) -> Int32 {
        let vi = Int(v)
        var removed = 0, removedHops = 0, addedHops = 0
        for e in ins.edges(of: vi) { removed += 1; removedHops += Int(e.hops) }
        for e in outs.edges(of: vi) { removed += 1; removedHops += Int(e.hops) }
        for s in shortcuts { addedHops += Int(s.hops) }
        var p = 1000 * Int(level)
        if removed > 0 { p += 1000 * shortcuts.count / removed + 1000 * addedHops / max(1, removedHops) }
        return Int32(clamping: p)
    }

    /// Runs `body(node, search)` for every node of `nodes` over the threads, each thread with its
    /// own witness search, and returns the results in the order of `nodes`.
    mutating func parallelMap<T>(_ nodes: [Int32], _ body: (Int32, inout WitnessSearch) -> T) -> [T?] {
        var results = [T?](repeating: nil, count: nodes.count)
        let workers = min(threads, max(1, nodes.count / 64))
        searches.withUnsafeMutableBufferPointer { ws in
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let ws = ws, out = out
                if workers == 1 {
                    for (i, v) in nodes.enumerated() { out[i] = body(v, &ws[0]) }
                    return
                }
                withoutActuallyEscaping(body) { body in
                    nonisolated(unsafe) let body = body
                    DispatchQueue.concurrentPerform(iterations: workers) { t in
                        var i = t
                        while i < nodes.count {
                            out[i] = body(nodes[i], &ws[t])
                            i += workers
                        }
                    }
                }
            }
        }
        return results
    }

    /// Recomputes the priority of each of `nodes` (in parallel).
    mutating func updatePriorities(_ nodes: [Int32]) {
        let outs = self.outs, ins = self.ins, level = self.level
        let found = parallelMap(nodes) { v, search in
            search.findShortcuts(v, outs: outs, ins: ins, maxSettled: Self.estimateSettled)
            return Self.priority(v, shortcuts: search.shortcuts, outs: outs, ins: ins, level: level[Int(v)])
        }
        for (i, v) in nodes.enumerated() { priority[Int(v)] = found[i]! }
    }

    /// Each round node's shortcuts (in parallel), witnesses avoiding the whole round. The
    /// graph's copies shared with the threads end here, so contracting afterwards mutates
    /// uniquely held lists rather than copying them.
    mutating func roundShortcuts(_ round: [Int32]) -> [[Shortcut]] {
        for t in searches.indices { searches[t].block(round, true) }
        let outs = self.outs, ins = self.ins
        let found = parallelMap(round) { v, search in
            search.findShortcuts(v, outs: outs, ins: ins, maxSettled: Self.contractSettled)
            return search.shortcuts
        }
        for t in searches.indices { searches[t].block(round, false) }
        return found.map { $0! }
    }

    /// Which of `nodes` are local minima (`isLocalMinimum`), decided over the threads.
    mutating func selectRound(_ nodes: [Int32]) -> [Bool?] {
        let view = self
        return parallelMap(nodes) { v, _ in view.isLocalMinimum(v) }
    }

    /// Whether `v` comes before every remaining node within two hops in (priority, id) order.
    func isLocalMinimum(_ v: Int32) -> Bool {
        let key = (priority[Int(v)], v)
        func below(_ w: Int32) -> Bool {
            if (priority[Int(w)], w) < key { return true }
            for f in outs.edges(of: Int(w)) where f.node != v && (priority[Int(f.node)], f.node) < key { return true }
            for f in ins.edges(of: Int(w)) where f.node != v && (priority[Int(f.node)], f.node) < key { return true }
            return false
        }
        for e in outs.edges(of: Int(v)) where below(e.node) { return false }
        for e in ins.edges(of: Int(v)) where below(e.node) { return false }
        return true
    }

    mutating func run(progress: ((Double) -> Void)?) {
        var remaining = (0..<n).map { Int32($0) }
        updatePriorities(remaining)
        var nextRank: Int32 = 0
        var lastReport = 0
        var touched = [Bool](repeating: false, count: n)
        while !remaining.isEmpty {
            let chosen = selectRound(remaining)
            var round = remaining.indices.compactMap { chosen[$0]! ? remaining[$0] : nil }
            round.sort { (priority[Int($0)], $0) < (priority[Int($1)], $1) }
            let shortcuts = roundShortcuts(round)
            var neighbours: [Int32] = []
            for (i, v) in round.enumerated() {
                contract(v, shortcuts: shortcuts[i], neighbours: &neighbours, touched: &touched)
                rank[Int(v)] = nextRank
                nextRank += 1
            }
            for w in neighbours { touched[Int(w)] = false }
            updatePriorities(neighbours)
            remaining.removeAll { contracted[Int($0)] }
            if let progress, Int(nextRank) - lastReport >= max(1, n / 100) {
                lastReport = Int(nextRank)
                progress(Double(nextRank) / Double(n))
            }
        }
    }

    /// Removes `v` with its edges (kept as its upward lists), adds its shortcuts, raises its
    /// neighbours' levels and appends those not yet in `neighbours` (marked in `touched`).
    mutating func contract(_ v: Int32, shortcuts: [Shortcut], neighbours: inout [Int32], touched: inout [Bool]) {
        let vi = Int(v)
        contracted[vi] = true
        upOut[vi] = Array(outs.edges(of: vi))
        upIn[vi] = Array(ins.edges(of: vi))
        for o in upOut[vi] { ins.remove(at: Int(o.node), node: v) }
        for i in upIn[vi] { outs.remove(at: Int(i.node), node: v) }
        for w in upOut[vi].lazy.map(\.node) + upIn[vi].lazy.map(\.node) {
            level[Int(w)] = max(level[Int(w)], level[vi] + 1)
            if !touched[Int(w)] { touched[Int(w)] = true; neighbours.append(w) }
        }
        outs.removeAll(at: vi)
        ins.removeAll(at: vi)
        for (u, x, w, hops) in shortcuts {
            outs.addOrImprove(at: Int(u), node: x, weight: w, mid: v, hops: hops)
            ins.addOrImprove(at: Int(x), node: u, weight: w, mid: v, hops: hops)
        }
    }

    /// The lowest-ranked share of the nodes (in thousandths) that `chIDs` numbers in rank order.
    static let rankOrderedShare = 900

    /// CH ids (graph node -> id) in which every upward edge leads to a smaller id, laid out for
    /// the searches' caches. Rank order is one such numbering, but it scatters the few hundred
    /// nodes of a one-to-one search over the whole upper part of the array. So only the lowest
    /// 90 % of the ranks keep rank order (at the end, lowest rank last); the top 10 % are
    /// numbered in blocks: taking the lower nodes (and any upper node no edge reaches) in graph
    /// order, which on road data is roughly spatial, each one's upward closure among the upper
    /// nodes not yet numbered gets the next ids, highest rank first. A search then reads mostly
    /// its own block and the blocks before it, which hold the top of the hierarchy every search
    /// shares. (RoutingKit renumbers its hierarchy the same way, whole, `optimize_order_for_cache`.)
    /// Any start order keeps upward edges decreasing: a node's block holds everything above it
    /// that no earlier block took, and within a block higher ranks come first.
    ///
    /// On NY (`pingan bench routing --threads 1 --pairs 2000`, 2-core VM, 2026-12-07, runs in
    /// turn): one-to-one median 24.5–25.4 -> 23.3–23.6 µs, with the path 23.5–24.5 -> 22.1–22.3 µs.
    /// Blocks for every node gave 23.5 and 20.9 µs but slowed the coverage sweep from 3.1–3.2 to
    /// 4.2 ms: the downward sweep reads, for each low node, the nodes contracted just after it,
    /// which rank order keeps close by; keeping the bottom 90 % in rank order keeps the sweep as
    /// it was (3.1–3.2 ms).
    func chIDs() -> [Int32] {
        let low = n * Self.rankOrderedShare / 1000
        var ids = [Int32](repeating: -1, count: n)
        for v in 0..<n where Int(rank[v]) < low { ids[v] = Int32(n - 1) - rank[v] }
        var reachedFromBelow = [Bool](repeating: false, count: n)
        for v in 0..<n {
            for e in upOut[v] { reachedFromBelow[Int(e.node)] = true }
            for e in upIn[v] { reachedFromBelow[Int(e.node)] = true }
        }
        var queue = MinHeap(capacity: 1024), block: [Int32] = []
        func reach(_ y: Int32) {
            if ids[Int(y)] == -1 { ids[Int(y)] = -2; queue.push(key: UInt32(rank[Int(y)]), node: y) }
        }
        var next: Int32 = 0
        for b in 0..<n {
            if Int(rank[b]) < low {
                for e in upOut[b] { reach(e.node) }
                for e in upIn[b] { reach(e.node) }
            } else if !reachedFromBelow[b] {
                reach(Int32(b))
            }
            // Rank order pops a node after the nodes of the block below it that lead to it.
            block.removeAll(keepingCapacity: true)
            while !queue.isEmpty {
                let x = Int(queue.pop().node)
                block.append(Int32(x))
                for e in upOut[x] { reach(e.node) }
                for e in upIn[x] { reach(e.node) }
            }
            for x in block.reversed() { ids[Int(x)] = next; next += 1 }
        }
        precondition(Int(next) == n - low, "an upper node no search reaches")
        return ids
    }

    @_optimize(speed) func finish() -> ContractionHierarchy {
        let toCH = chIDs()
        var fromCH = [Int32](repeating: 0, count: n)
        for v in 0..<n { fromCH[Int(toCH[v])] = Int32(v) }
        var upOffsets = [Int32](repeating: 0, count: n + 1)
        var downOffsets = [Int32](repeating: 0, count: n + 1)
        var upT = [Int32](), upW = [Int32](), upM = [Int32]()
        var dnS = [Int32](), dnW = [Int32](), dnM = [Int32]()
        for c in 0..<n {
            let v = Int(fromCH[c])
            for e in upOut[v] {
                upT.append(toCH[Int(e.node)]); upW.append(e.weight); upM.append(e.mid < 0 ? -1 : toCH[Int(e.mid)])
            }
            upOffsets[c + 1] = Int32(upT.count)
            // Downward edges into v come from higher nodes; sort by source for a sweep-friendly order.
            let sorted = upIn[v].sorted { toCH[Int($0.node)] < toCH[Int($1.node)] }
            for e in sorted {
                dnS.append(toCH[Int(e.node)]); dnW.append(e.weight); dnM.append(e.mid < 0 ? -1 : toCH[Int(e.mid)])
            }
            downOffsets[c + 1] = Int32(dnS.count)
        }
        return ContractionHierarchy(nodeCount: n, toCH: toCH, fromCH: fromCH, upOffsets: upOffsets, upTargets: upT,
                                    upWeights: upW, upMids: upM, downOffsets: downOffsets, downSources: dnS,
                                    downWeights: dnW, downMids: dnM)
    }
}


/// One thread's witness search: a Dijkstra in the remaining graph from an in-neighbour of the
/// node being contracted, which may not pass through it (or any node of the round), bounded in
/// distance and in settled nodes. Its scratch is reused from call to call: a node-sized array,
/// and a queue and touched list on `SearchRuns` (as the one-to-one query's), which a push does
/// not test for uniqueness.
struct WitnessSearch {
    /// Two words per node: the search's distance, then a mark: `stamp` on the out-neighbours the
    /// search still has to settle, `blocked` on the nodes of the round. Side by side, so that
    /// relaxing an edge reads one cache line, not three (a distance array, a target array and a
    /// shared array of the round's nodes before): NY contraction on 2 threads 7.3, 7.1 -> 6.4, 6.7 s,
    /// on 1 thread 10.8, 11.1 -> 10.6, 10.9 s (same hierarchy, runs in turn).
    var nodes: [Int32]
    let runs = SearchRuns()
    var stamp: Int32 = 0
    var targetsLeft = 0
    /// The shortcuts the last `findShortcuts` found.
    var shortcuts: [CHBuilder.Shortcut] = []
    static let blocked: Int32 = -1

    init(nodeCount: Int) {
        nodes = Array(repeating: 0, count: 2 * nodeCount)
        for v in 0..<nodeCount { nodes[2 * v] = Int32.max }
    }

    /// Marks (or unmarks) the nodes of a round, which no witness may pass through.
    mutating func block(_ round: [Int32], _ on: Bool) {
        for v in round { nodes[2 * Int(v) + 1] = on ? Self.blocked : 0 }
    }

    /// Finds the shortcuts contracting `v` would need (into `shortcuts`).
    @_optimize(speed) mutating func findShortcuts(_ v: Int32, outs: DynamicAdjacency, ins: DynamicAdjacency, maxSettled: Int) {
        shortcuts.removeAll(keepingCapacity: true)
        let inList = ins.edges(of: Int(v))
        let outList = outs.edges(of: Int(v))
        if inList.isEmpty || outList.isEmpty { return }
        var maxOut: Int32 = 0
        for o in outList where o.weight > maxOut { maxOut = o.weight }
        for i in inList {
            let u = i.node
            stamp = stamp == Int32.max ? 1 : stamp + 1
            targetsLeft = 0
            // (An out-neighbour is never in the round, whose nodes are three hops apart or more.)
            for o in outList where o.node != u && nodes[2 * Int(o.node) + 1] != stamp {
                nodes[2 * Int(o.node) + 1] = stamp
                targetsLeft += 1
            }
            if targetsLeft == 0 { continue }
            search(from: u, avoid: v, limit: i.weight + maxOut, maxSettled: maxSettled, outs: outs)
            for o in outList where o.node != u {
                let via = i.weight + o.weight
                if nodes[2 * Int(o.node)] > via { shortcuts.append((u, o.node, via, i.hops + o.hops)) }
            }
        }
    }

    /// Dijkstra from `s` until `limit`, `maxSettled` nodes or every target settled. Distances stay
    /// in `nodes` until the next call.
    @_optimize(speed) mutating func search(from s: Int32, avoid: Int32, limit: Int32, maxSettled: Int, outs: DynamicAdjacency) {
        var left = targetsLeft
        let stamp = self.stamp, blocked = Self.blocked
        var queue = runs.queueF, touched = runs.touchedF
        nodes.withUnsafeMutableBufferPointer { np in
        outs.withUnsafeBlocks { edges, spans in
            let dist = np.baseAddress!, mark = dist + 1
            for i in 0..<touched.count { dist[2 * Int(touched[i])] = Int32.max }
            touched.count = 0
            queue.count = 0
            dist[2 * Int(s)] = 0
            touched.append(s)
            queue.push(MinHeap.pack(key: 0, node: s))
            var settled = 0
            while queue.count > 0 {
                let x = queue.pop()
                let d = Int32(bitPattern: UInt32(truncatingIfNeeded: x >> 32)), vi = Int(Int32(truncatingIfNeeded: x))
                if d != dist[2 * vi] { continue }
                if d > limit { break }
                if mark[2 * vi] == stamp {
                    mark[2 * vi] = 0
                    left -= 1
                    if left == 0 { break } // every out-neighbour has its final distance
                }
                settled += 1
                if settled > maxSettled { break }
                let span = spans[vi]
                for j in span.first..<span.first + Int(span.count) {
                    let e = edges[j]
                    let w = 2 * Int(e.node)
                    if e.node == avoid || mark[w] == blocked { continue }
                    let nd = d &+ e.weight
                    let old = dist[w]
                    if nd < old {
                        if old == Int32.max { touched.append(e.node) }
                        dist[w] = nd
                        queue.push(MinHeap.pack(key: UInt32(nd), node: e.node))
                    }
                }
            }
        }}
        runs.queueF = queue; runs.touchedF = touched
        targetsLeft = left
    }
}
