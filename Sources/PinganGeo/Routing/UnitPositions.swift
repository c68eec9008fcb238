/// Where the dispatchable units are, pre-searched for many-to-one queries.
///
/// Each unit's forward upward search space in the hierarchy is stored in per-node buckets. A
/// "which units reach this incident fastest" query is then a single backward upward search from
/// the incident that scans the buckets of the nodes it settles. Moving one unit only redoes that
/// unit's search (a few hundred nodes) and swaps its bucket entries in O(1) each, so position
/// updates from the field stay cheap.
public struct UnitPositions: Sendable {
    struct BucketEntry: Sendable { var unit: Int32; var dist: Int32; var slot: Int32 }
    struct SpaceEntry: Sendable { var node: Int32; var position: Int32 }

    public let hierarchy: ContractionHierarchy
    /// Current position per unit slot (nil: slot empty / unit off duty).
    public private(set) var positions: [RoutePoint?] = []
    var spaces: [[SpaceEntry]] = []
    var buckets: [[BucketEntry]]
    var search: CHWorkspace

    public init(hierarchy: ContractionHierarchy) {
        self.hierarchy = hierarchy
        buckets = Array(repeating: [], count: hierarchy.nodeCount)
        search = CHWorkspace(nodeCount: hierarchy.nodeCount)
    }

    /// Number of unit slots (highest slot index + 1).
    public var capacity: Int { positions.count }

    /// Places (or moves) unit `slot` at `point`; nil removes it.
    public mutating func set(_ slot: Int, at point: RoutePoint?) {
        precondition(slot >= 0)
        while positions.count <= slot { positions.append(nil); spaces.append([]) }
        remove(slot)
        positions[slot] = point
        guard let point else { return }
        // Forward upward search with stall-on-demand (a node is stalled when a higher one reaches
        // it strictly sooner) from the unit's seeds, on raw buffers and the workspace's runs, as
        // the one-to-one search (`meetInTheMiddle`) does: no bounds or uniqueness checks per node.
        search.reset()
        for s in point.sourceSeeds { search.seedForward(hierarchy.toCH[Int(s.node)], s.offset) }
        let runs = search.ownRuns()
        var queue = runs.queueF, touched = runs.touchedF
        queue.count = 0; touched.count = 0
        while !search.heapF.isEmpty { let (k, v) = search.heapF.pop(); queue.push(MinHeap.pack(key: k, node: v)) }
        // Out of `self` for the loop, so that the buffers below are not overlapping accesses to it.
        var state: [Int32] = [], buckets: [[BucketEntry]] = []
        swap(&state, &search.nodes); swap(&buckets, &self.buckets)
        var space: [SpaceEntry] = []
        let h = hierarchy, inf = CHWorkspace.inf, unit = Int32(slot)
        h.upOffsets.withUnsafeBufferPointer { uo in
        h.upTargets.withUnsafeBufferPointer { ut in
        h.upWeights.withUnsafeBufferPointer { uw in
        h.downOffsets.withUnsafeBufferPointer { dO in
        h.downSources.withUnsafeBufferPointer { ds in
        h.downWeights.withUnsafeBufferPointer { dw in
        state.withUnsafeMutableBufferPointer { st in
            let f = st.baseAddress!
            settling: while queue.count > 0 {
                let x = queue.pop()
                let d = Int32(bitPattern: UInt32(truncatingIfNeeded: x >> 32)), v = Int32(truncatingIfNeeded: x), vi = Int(v)
                if d != f[4 * vi] { continue }
                for e in Int(dO[vi])..<Int(dO[vi + 1]) {
                    let du = f[4 * Int(ds[e])]
                    if du != inf && du &+ dw[e] < d { continue settling }
                }
                space.append(SpaceEntry(node: v, position: Int32(buckets[vi].count)))
                buckets[vi].append(BucketEntry(unit: unit, dist: d, slot: Int32(space.count - 1)))
                for e in Int(uo[vi])..<Int(uo[vi + 1]) {
                    let y = ut[e], w = 4 * Int(y)
                    let nd = d &+ uw[e], old = f[w]
                    if nd < old {
                        if old == inf { touched.append(y) }
                        f[w] = nd
                        queue.push(MinHeap.pack(key: UInt32(nd), node: y))
                    }
                }
            }
        }}}}}}}
        swap(&state, &search.nodes); swap(&buckets, &self.buckets)
        search.touchedF.append(contentsOf: UnsafeBufferPointer(start: touched.base, count: touched.count))
        runs.queueF = queue; runs.touchedF = touched
        spaces[slot] = space
    }

    private mutating func remove(_ slot: Int) {
        guard slot < spaces.count else { return }
        for s in spaces[slot] {
            let node = Int(s.node), p = Int(s.position)
            let lastIndex = buckets[node].count - 1
            if p != lastIndex {
                let moved = buckets[node][lastIndex]
                buckets[node][p] = moved
                spaces[Int(moved.unit)][Int(moved.slot)].position = Int32(p)
            }
            buckets[node].removeLast()
        }
        spaces[slot] = []
        positions[slot] = nil
    }

    /// Total bucket entries: memory is about 12 bytes each.
    public var bucketEntryCount: Int { spaces.reduce(0) { $0 + $1.count } }

    /// The `k` units with the smallest travel time to `target`, fastest first (ties by slot).
    /// Exact: the backward search stops only once no unseen meeting can beat the current k-th.
    public func fastest(_ k: Int, to target: RoutePoint, workspace ws: inout CHWorkspace) -> [(unit: Int, time: Int32)] {
        withUnsafePointer(to: self) { Self.fastest(k, to: target, in: UnsafeBufferPointer(start: $0, count: 1), workspace: &ws) }
    }

    /// The same over several indexes of one hierarchy holding disjoint sets of slots (a tracker
    /// split by unit over threads): one backward search scans the buckets of all of them.
    public static func fastest(_ k: Int, to target: RoutePoint, in indexes: UnsafeBufferPointer<UnitPositions>,
                               workspace ws: inout CHWorkspace) -> [(unit: Int, time: Int32)] {
        scan(indexes, to: target, k: k, workspace: &ws)
        var result: [(unit: Int, time: Int32)] = ws.unitTouched.map { (Int($0), ws.unitBest[Int($0)]) }
        result.sort { $0.time != $1.time ? $0.time < $1.time : $0.unit < $1.unit }
        if result.count > k { result.removeLast(result.count - k) }
        return result
    }

    /// Travel time from every unit slot to `target` (Int32.max for empty slots / unreachable).
    public func travelTimes(to target: RoutePoint, workspace ws: inout CHWorkspace) -> [Int32] {
        withUnsafePointer(to: self) { Self.scan(UnsafeBufferPointer(start: $0, count: 1), to: target, k: Int.max, workspace: &ws) }
        var out = [Int32](repeating: Int32.max, count: positions.count)
        for u in ws.unitTouched { out[Int(u)] = ws.unitBest[Int(u)] }
        return out
    }

    private static func scan(_ indexes: UnsafeBufferPointer<UnitPositions>, to target: RoutePoint, k: Int, workspace ws: inout CHWorkspace) {
        guard let h = indexes.first?.hierarchy else { return }
        let capacity = indexes.reduce(0) { max($0, $1.positions.count) }
        ws.reset()
        if ws.unitBest.count < capacity {
            ws.unitBest.append(contentsOf: repeatElement(Int32.max, count: capacity - ws.unitBest.count))
        }
        for u in ws.unitTouched { ws.unitBest[Int(u)] = Int32.max }
        ws.unitTouched.removeAll(keepingCapacity: true)
        // Units on the incident's own segment may drive straight there.
        for j in 0..<indexes.count {
            for (slot, p) in indexes[j].positions.enumerated() {
                if let p, let d = RoutePoint.directTime(from: p, to: target) {
                    ws.unitBest[slot] = d; ws.unitTouched.append(Int32(slot))
                }
            }
        }
        // Top-k bound: sorted small list of (time, unit).
        var top: [(time: Int32, unit: Int32)] = []
        let useTop = k < capacity
        if useTop { for u in ws.unitTouched { Self.offer(&top, k: k, unit: u, time: ws.unitBest[Int(u)]) } }

        let inf = CHWorkspace.inf
        for s in target.targetSeeds {
            let c = Int(h.toCH[Int(s.node)])
            if s.offset < ws.nodes[4 * c + 1] {
                if ws.nodes[4 * c + 1] == inf { ws.touchedB.append(Int32(c)) }
                ws.nodes[4 * c + 1] = s.offset
                ws.heapB.push(key: UInt32(s.offset), node: Int32(c))
            }
        }
        while !ws.heapB.isEmpty {
            let (key, v) = ws.heapB.pop()
            let d = Int32(bitPattern: key)
            let vi = Int(v)
            if d != ws.nodes[4 * vi + 1] { continue }
            if useTop && top.count == k && d >= top[k - 1].time { break }
            var stalled = false
            for e in Int(h.upOffsets[vi])..<Int(h.upOffsets[vi + 1]) {
                let w = Int(h.upTargets[e])
                if ws.nodes[4 * w + 1] != inf && ws.nodes[4 * w + 1] + h.upWeights[e] < d { stalled = true; break }
            }
            if stalled { continue }
            for j in 0..<indexes.count {  // by position: `for index in` would copy the struct per node
                indexes[j].buckets[vi].withUnsafeBufferPointer { bucket in
                    ws.unitBest.withUnsafeMutableBufferPointer { best in
                        for entry in bucket {
                            let t = entry.dist + d
                            let u = Int(entry.unit)
                            if t < best[u] {
                                if best[u] == Int32.max { ws.unitTouched.append(entry.unit) }
                                best[u] = t
                                if useTop && (top.count < k || t < top[top.count - 1].time) {
                                    Self.offer(&top, k: k, unit: entry.unit, time: t)
                                }
                            }
                        }
                    }
                }
            }
            for e in Int(h.downOffsets[vi])..<Int(h.downOffsets[vi + 1]) {
                let u = Int(h.downSources[e])
                let nd = d + h.downWeights[e]
                if nd < ws.nodes[4 * u + 1] {
                    if ws.nodes[4 * u + 1] == inf { ws.touchedB.append(Int32(u)) }
                    ws.nodes[4 * u + 1] = nd
                    ws.heapB.push(key: UInt32(nd), node: Int32(u))
                }
            }
        }
    }

    @inline(__always) static func offer(_ top: inout [(time: Int32, unit: Int32)], k: Int, unit: Int32, time: Int32) {
        if let i = top.firstIndex(where: { $0.unit == unit }) {
            if time >= top[i].time { return }
            top.remove(at: i)
        } else if top.count == k {
            if time >= top[k - 1].time { return }
            top.removeLast()
        }
        var j = top.count
        while j > 0 && top[j - 1].time > time { j -= 1 }
        top.insert((time, unit), at: j)
    }
}
