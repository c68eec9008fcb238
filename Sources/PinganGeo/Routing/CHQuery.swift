/// Reusable scratch memory for hierarchy searches. Allocating node-sized arrays per query would
/// dominate sub-millisecond queries, so a caller keeps one workspace per task and passes it in.
public struct CHWorkspace: Sendable {
    static let inf = Int32.max
    var distF: [Int32]
    var distB: [Int32]
    var parentF: [Int32]   // up-edge index used to reach the node
    var parentB: [Int32]   // down-edge index used to reach the node
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
        let inf = CHWorkspace.inf
        for s in source.sourceSeeds {
            let c = Int(toCH[Int(s.node)])
            if s.offset < ws.distF[c] {
                if ws.distF[c] == inf { ws.touchedF.append(Int32(c)) }
                ws.distF[c] = s.offset; ws.parentF[c] = -1
                ws.heapF.push(key: UInt32(s.offset), node: Int32(c))
            }
        }
        for s in target.targetSeeds {
            let c = Int(toCH[Int(s.node)])
            if s.offset < ws.distB[c] {
                if ws.distB[c] == inf { ws.touchedB.append(Int32(c)) }
                ws.distB[c] = s.offset; ws.parentB[c] = -1
                ws.heapB.push(key: UInt32(s.offset), node: Int32(c))
            }
        }
        var best = Int64(Int32.max)
        var meet: Int32 = -1
        if let d = RoutePoint.directTime(from: source, to: target) { best = Int64(d) }
        while true {
            let kf = ws.heapF.minKey, kb = ws.heapB.minKey
            if kf == UInt32.max && kb == UInt32.max { break }
            if Int64(min(kf, kb)) >= best { break }
            if kf <= kb {
                let (k, v) = ws.heapF.pop()
                let d = Int32(bitPattern: k)
                let vi = Int(v)
                if d != ws.distF[vi] { continue }
                if ws.distB[vi] != inf, Int64(d) + Int64(ws.distB[vi]) < best { best = Int64(d) + Int64(ws.distB[vi]); meet = v }
                // Stall: a higher node reaches v more cheaply.
                var stalled = false
                for e in Int(downOffsets[vi])..<Int(downOffsets[vi + 1]) {
                    let u = Int(downSources[e])
                    if ws.distF[u] != inf && ws.distF[u] + downWeights[e] < d { stalled = true; break }
                }
                if stalled { continue }
                for e in Int(upOffsets[vi])..<Int(upOffsets[vi + 1]) {
                    let w = Int(upTargets[e])
                    let nd = d + upWeights[e]
                    if nd < ws.distF[w] {
                        if ws.distF[w] == inf { ws.touchedF.append(Int32(w)) }
                        ws.distF[w] = nd; ws.parentF[w] = Int32(e)
                        ws.heapF.push(key: UInt32(nd), node: Int32(w))
                    }
                }
            } else {
                let (k, v) = ws.heapB.pop()
                let d = Int32(bitPattern: k)
                let vi = Int(v)
                if d != ws.distB[vi] { continue }
                if ws.distF[vi] != inf, Int64(d) + Int64(ws.distF[vi]) < best { best = Int64(d) + Int64(ws.distF[vi]); meet = v }
                var stalled = false
                for e in Int(upOffsets[vi])..<Int(upOffsets[vi + 1]) {
                    let w = Int(upTargets[e])
                    if ws.distB[w] != inf && ws.distB[w] + upWeights[e] < d { stalled = true; break }
                }
                if stalled { continue }
                for e in Int(downOffsets[vi])..<Int(downOffsets[vi + 1]) {
                    let u = Int(downSources[e])
                    let nd = d + downWeights[e]
                    if nd < ws.distB[u] {
                        if ws.distB[u] == inf { ws.touchedB.append(Int32(u)) }
                        ws.distB[u] = nd; ws.parentB[u] = Int32(e)
                        ws.heapB.push(key: UInt32(nd), node: Int32(u))
                    }
                }
            }
        }
        if best >= Int64(Int32.max) { return nil }
        guard withPath else { return RouteResult(time: Int32(best), nodes: []) }
        if meet < 0 {
            // Direct along the shared segment.
            return RouteResult(time: Int32(best), nodes: [])
        }
        // Forward chain: meet back to source.
        var up: [(from: Int32, to: Int32, mid: Int32)] = []
        var x = Int(meet)
        while ws.parentF[x] >= 0 {
            let e = Int(ws.parentF[x])
            let from = upSource(ofEdge: e)
            up.append((from, Int32(x), upMids[e]))
            x = Int(from)
        }
        var chNodes: [Int32] = [Int32(x)]
        for seg in up.reversed() { unpack(from: seg.from, to: seg.to, mid: seg.mid, into: &chNodes) }
        x = Int(meet)
        while ws.parentB[x] >= 0 {
            let e = Int(ws.parentB[x])
            let to = downTarget(ofEdge: e)
            unpack(from: Int32(x), to: to, mid: downMids[e], into: &chNodes)
            x = Int(to)
        }
        return RouteResult(time: Int32(best), nodes: chNodes.map { fromCH[Int($0)] })
    }

    /// Source node of up-edge `e` (binary search over the CSR offsets).
    func upSource(ofEdge e: Int) -> Int32 { Int32(csrOwner(upOffsets, e)) }
    /// Node a down-edge `e` is stored at (its head).
    func downTarget(ofEdge e: Int) -> Int32 { Int32(csrOwner(downOffsets, e)) }

    private func csrOwner(_ offsets: [Int32], _ e: Int) -> Int {
        var lo = 0, hi = offsets.count - 1
        while hi - lo > 1 {
            let m = (lo + hi) >> 1
            if Int(offsets[m]) <= e { lo = m } else { hi = m }
        }
        return lo
    }

    /// Appends the graph path of edge `from -> to` (excluding `from`) in CH ids.
    func unpack(from a: Int32, to b: Int32, mid: Int32, into out: inout [Int32]) {
        if mid < 0 { out.append(b); return }
        // a -> mid is a down edge stored at mid; mid -> b an up edge at mid.
        let m = Int(mid)
        var m1: Int32 = -1, m2: Int32 = -1
        for e in Int(downOffsets[m])..<Int(downOffsets[m + 1]) where downSources[e] == a { m1 = downMids[e]; break }
        for e in Int(upOffsets[m])..<Int(upOffsets[m + 1]) where upTargets[e] == b { m2 = upMids[e]; break }
        unpack(from: a, to: mid, mid: m1, into: &out)
        unpack(from: mid, to: b, mid: m2, into: &out)
    }
}
