/// A contraction hierarchy over a `RoadGraph`: every node gets a rank, and shortcuts are added so
/// that any shortest path can be found by searching only "upward" (toward higher ranks) from both
/// ends. Queries then touch a few hundred nodes instead of the whole city, which is what makes
/// sub-millisecond dispatch answers possible.
///
/// Nodes are renumbered so that id 0 is the highest rank ("CH ids"); upward searches move toward
/// smaller ids, and the PHAST downward sweep is one linear pass over ids 0..<n.
public struct ContractionHierarchy: Sendable, Equatable {
    public let nodeCount: Int
    /// Graph node → CH id and back.
    public let toCH: [Int32]
    public let fromCH: [Int32]
    /// Upward edges `v -> w` (w has higher rank, i.e. smaller CH id), CSR by v.
    public let upOffsets: [Int32]
    public let upTargets: [Int32]
    public let upWeights: [Int32]
    /// Middle node (CH id) of a shortcut, -1 for an original edge.
    public let upMids: [Int32]
    /// Downward edges `u -> v` stored at v (u has higher rank), CSR by v: `downSources` are the u.
    public let downOffsets: [Int32]
    public let downSources: [Int32]
    public let downWeights: [Int32]
    public let downMids: [Int32]

    public var edgeCount: Int { upTargets.count + downSources.count }

    /// Approximate heap bytes held by the hierarchy's arrays.
    public var memoryBytes: Int {
        4 * (toCH.count + fromCH.count + upOffsets.count + downOffsets.count) + 12 * edgeCount
    }

    public init(nodeCount: Int, toCH: [Int32], fromCH: [Int32], upOffsets: [Int32], upTargets: [Int32], upWeights: [Int32],
                upMids: [Int32], downOffsets: [Int32], downSources: [Int32], downWeights: [Int32], downMids: [Int32]) {
        self.nodeCount = nodeCount
        self.toCH = toCH; self.fromCH = fromCH
        self.upOffsets = upOffsets; self.upTargets = upTargets; self.upWeights = upWeights; self.upMids = upMids
        self.downOffsets = downOffsets; self.downSources = downSources; self.downWeights = downWeights; self.downMids = downMids
    }

    /// Contracts `graph`. `progress` is called with the fraction of nodes contracted.
    public static func build(_ graph: RoadGraph, progress: ((Double) -> Void)? = nil) -> ContractionHierarchy {
        var b = CHBuilder(graph)
        b.run(progress: progress)
        return b.finish()
    }
}

/// The mutable state of contraction: adjacency lists of the not-yet-contracted graph, a lazy
/// priority queue keyed by edge difference, and a bounded witness search.
struct CHBuilder {
    struct DynEdge { var node: Int32; var weight: Int32; var mid: Int32 }

    let n: Int
    var outs: [[DynEdge]]
    var ins: [[DynEdge]]
    var contracted: [Bool]
    var deletedNeighbors: [Int32]
    var level: [Int32]
    var rank: [Int32]
    // Upward lists recorded at contraction time, indexed by original node id.
    var upOut: [[DynEdge]]
    var upIn: [[DynEdge]]
    // Witness search workspace.
    var wDist: [Int32]
    var wTouched: [Int32] = []
    var wHeap = MinHeap()
    /// `wTarget[x] == wStamp` marks the out-neighbours a witness search still has to settle.
    var wTarget: [Int32]
    var wStamp: Int32 = 0
    var wTargetsLeft = 0
    var shortcutBuffer: [(Int32, Int32, Int32)] = []

    init(_ g: RoadGraph) {
        n = g.nodeCount
        outs = Array(repeating: [], count: n)
        ins = Array(repeating: [], count: n)
        for u in 0..<n {
            for e in g.edges(from: u) {
                let v = Int(g.targets[e])
                outs[u].append(DynEdge(node: Int32(v), weight: g.weights[e], mid: -1))
                ins[v].append(DynEdge(node: Int32(u), weight: g.weights[e], mid: -1))
            }
        }
        contracted = Array(repeating: false, count: n)
        deletedNeighbors = Array(repeating: 0, count: n)
        level = Array(repeating: 0, count: n)
        rank = Array(repeating: -1, count: n)
        upOut = Array(repeating: [], count: n)
        upIn = Array(repeating: [], count: n)
        wDist = Array(repeating: Int32.max, count: n)
        wTarget = Array(repeating: 0, count: n)
    }

    /// Dijkstra from `s` in the remaining graph, not passing through `avoid`, until `limit` or
    /// `maxSettled` nodes. Distances stay in `wDist` until the next call.
    @_optimize(speed) mutating func witnessSearch(from s: Int32, avoid: Int32, limit: Int32, maxSettled: Int) {
        // Move the scratch arrays out of `self` so the loop works on uniquely owned buffers
        // through raw pointers (no exclusivity or uniqueness checks per relaxation).
        var dist = wDist; wDist = []
        var target = wTarget; wTarget = []
        var touched = wTouched; wTouched = []
        var heap = wHeap; wHeap = MinHeap(capacity: 0)
        var left = wTargetsLeft
        let stamp = wStamp
        dist.withUnsafeMutableBufferPointer { dp in
            target.withUnsafeMutableBufferPointer { tp in
                for t in touched { dp[Int(t)] = Int32.max }
                touched.removeAll(keepingCapacity: true)
                heap.removeAll()
                dp[Int(s)] = 0
                touched.append(s)
                heap.push(key: 0, node: s)
                var settled = 0
                outs.withUnsafeBufferPointer { adj in
                    while !heap.isEmpty {
                        let (k, v) = heap.pop()
                        let d = Int32(bitPattern: k)
                        let vi = Int(v)
                        if d != dp[vi] { continue }
                        if d > limit { break }
                        if tp[vi] == stamp {
                            tp[vi] = 0
                            left -= 1
                            if left == 0 { break } // every out-neighbour has its final distance
                        }
                        settled += 1
                        if settled > maxSettled { break }
                        adj[vi].withUnsafeBufferPointer { es in
                            for e in es {
                                let w = Int(e.node)
                                if e.node == avoid { continue }
                                let nd = d &+ e.weight
                                let old = dp[w]
                                if nd < old {
                                    if old == Int32.max { touched.append(e.node) }
                                    dp[w] = nd
                                    heap.push(key: UInt32(nd), node: e.node)
                                }
                            }
                        }
                    }
                }
            }
        }
        wDist = dist; wTarget = target; wTouched = touched; wHeap = heap; wTargetsLeft = left
    }

    /// Finds the shortcuts contracting `v` would need (into `shortcutBuffer`).
    @_optimize(speed) mutating func findShortcuts(_ v: Int32, maxSettled: Int) {
        shortcutBuffer.removeAll(keepingCapacity: true)
        let inList = ins[Int(v)]
        let outList = outs[Int(v)]
        if inList.isEmpty || outList.isEmpty { return }
        var maxOut: Int32 = 0
        for o in outList where o.weight > maxOut { maxOut = o.weight }
        for i in inList {
            let u = i.node
            wStamp = wStamp == Int32.max ? 1 : wStamp + 1
            wTargetsLeft = 0
            for o in outList where o.node != u && wTarget[Int(o.node)] != wStamp {
                wTarget[Int(o.node)] = wStamp
                wTargetsLeft += 1
            }
            if wTargetsLeft == 0 { continue }
            witnessSearch(from: u, avoid: v, limit: i.weight + maxOut, maxSettled: maxSettled)
            for o in outList where o.node != u {
                let via = i.weight + o.weight
                if wDist[Int(o.node)] > via { shortcutBuffer.append((u, o.node, via)) }
            }
        }
    }

    @_optimize(speed) mutating func priority(_ v: Int32) -> Int32 {
        findShortcuts(v, maxSettled: 20)
        let removed = ins[Int(v)].count + outs[Int(v)].count
        let ed = Int32(shortcutBuffer.count - removed)
        return 4 * ed + 2 * deletedNeighbors[Int(v)] + level[Int(v)]
    }

    @inline(__always) static func key(_ p: Int32) -> UInt32 { UInt32(bitPattern: p) ^ 0x8000_0000 }

    @_optimize(speed) mutating func run(progress: ((Double) -> Void)?) {
        var prio = [Int32](repeating: 0, count: n)
        var pq = MinHeap(capacity: n)
        for v in 0..<n {
            prio[v] = priority(Int32(v))
            pq.push(key: Self.key(prio[v]), node: Int32(v))
        }
        var nextRank: Int32 = 0
        var neighbors: [Int32] = []
        var lastReport = 0
        while !pq.isEmpty {
            let (k, v) = pq.pop()
            if contracted[Int(v)] || k != Self.key(prio[Int(v)]) { continue }
            // No lazy re-check here: every neighbour's priority is recomputed right after each
            // contraction, so the stored priority is current up to witnesses two hops away.
            contract(v, neighbors: &neighbors)
            rank[Int(v)] = nextRank
            nextRank += 1
            for w in neighbors {
                deletedNeighbors[Int(w)] += 1
                level[Int(w)] = max(level[Int(w)], level[Int(v)] + 1)
                let np = priority(w)
                if np != prio[Int(w)] {
                    prio[Int(w)] = np
                    pq.push(key: Self.key(np), node: w)
                }
            }
            if let progress, Int(nextRank) - lastReport >= max(1, n / 100) {
                lastReport = Int(nextRank)
                progress(Double(nextRank) / Double(n))
            }
        }
    }

    @_optimize(speed) mutating func contract(_ v: Int32, neighbors: inout [Int32]) {
        findShortcuts(v, maxSettled: 250)
        let vi = Int(v)
        contracted[vi] = true
        upOut[vi] = outs[vi]
        upIn[vi] = ins[vi]
        neighbors.removeAll(keepingCapacity: true)
        for o in outs[vi] {
            let x = Int(o.node)
            ins[x].removeAll { $0.node == v }
            neighbors.append(o.node)
        }
        for i in ins[vi] {
            let u = Int(i.node)
            outs[u].removeAll { $0.node == v }
            if !outs[vi].contains(where: { $0.node == i.node }) { neighbors.append(i.node) }
        }
        outs[vi] = []
        ins[vi] = []
        for (u, x, w) in shortcutBuffer {
            Self.addOrImprove(&outs[Int(u)], node: x, weight: w, mid: v)
            Self.addOrImprove(&ins[Int(x)], node: u, weight: w, mid: v)
        }
    }

    @inline(__always) static func addOrImprove(_ list: inout [DynEdge], node: Int32, weight: Int32, mid: Int32) {
        for i in 0..<list.count where list[i].node == node {
            if weight < list[i].weight { list[i].weight = weight; list[i].mid = mid }
            return
        }
        list.append(DynEdge(node: node, weight: weight, mid: mid))
    }

    @_optimize(speed) func finish() -> ContractionHierarchy {
        // CH id = n - 1 - rank: highest rank first.
        var toCH = [Int32](repeating: 0, count: n)
        var fromCH = [Int32](repeating: 0, count: n)
        for v in 0..<n {
            let c = Int32(n - 1) - rank[v]
            toCH[v] = c; fromCH[Int(c)] = Int32(v)
        }
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
