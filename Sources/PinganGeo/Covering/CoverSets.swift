/// Which demand points each candidate site reaches by road within a time limit, as one flat
/// adjacency (offsets into `members`). A covering-location solver only ever asks "whom does this
/// site cover?", so the road engine answers it once per site and the solver never routes.
///
/// Candidate posts change rarely (an administrator adds one), so a server builds these sets once
/// and reuses them for every proposal.
public struct CoverSets: Sendable, Equatable {
    public let candidateCount: Int
    public let demandCount: Int
    /// `members[offsets[j]..<offsets[j + 1]]`: the demand indices site `j` covers, ascending.
    public let offsets: [Int32]
    public let members: [Int32]

    public init(demandCount: Int, sets: [[Int32]]) {
        candidateCount = sets.count
        self.demandCount = demandCount
        var off: [Int32] = [0]
        off.reserveCapacity(sets.count + 1)
        var all: [Int32] = []
        for s in sets {
            all += s.sorted()
            off.append(Int32(all.count))
        }
        offsets = off
        members = all
    }

    init(demandCount: Int, offsets: [Int32], members: [Int32]) {
        candidateCount = offsets.count - 1
        self.demandCount = demandCount
        self.offsets = offsets
        self.members = members
    }

    /// The demand indices site `j` covers.
    public func covered(by j: Int) -> ArraySlice<Int32> { members[Int(offsets[j])..<Int(offsets[j + 1])] }
}

extension RoadNetwork {
    /// For each candidate site, the demand nodes it reaches within `limit` (graph weight units),
    /// by a forward search from the site bounded at `limit`. `demandNodes[i]` is the graph node
    /// of demand point `i`; a node listed twice is covered twice (both indices).
    public func coverSets(from candidates: [RoutePoint], demandNodes: [Int32], within limit: Int32) -> CoverSets {
        let g = graph
        let n = g.nodeCount
        // node -> first demand index, chained through `nextSame` for nodes listed twice.
        var firstDemand = [Int32](repeating: -1, count: n)
        var nextSame = [Int32](repeating: -1, count: demandNodes.count)
        for i in stride(from: demandNodes.count - 1, through: 0, by: -1) {
            let v = Int(demandNodes[i])
            nextSame[i] = firstDemand[v]
            firstDemand[v] = Int32(i)
        }
        var dist = [Int32](repeating: .max, count: n)
        var touched: [Int32] = []
        var heap = MinHeap(capacity: 4096)
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(candidates.count + 1)
        var members: [Int32] = []
        var found: [Int32] = []
        for site in candidates {
            found.removeAll(keepingCapacity: true)
            for s in site.sourceSeeds where s.offset <= limit && s.offset < dist[Int(s.node)] {
                if dist[Int(s.node)] == .max { touched.append(s.node) }
                dist[Int(s.node)] = s.offset
                heap.push(key: UInt32(s.offset), node: s.node)
            }
            g.offsets.withUnsafeBufferPointer { off in
            g.targets.withUnsafeBufferPointer { tg in
            g.weights.withUnsafeBufferPointer { wt in
            dist.withUnsafeMutableBufferPointer { d in
                while !heap.isEmpty {
                    let (k, v32) = heap.pop()
                    let v = Int(v32)
                    let dv = Int32(bitPattern: k)
                    if dv != d[v] { continue }
                    var i = firstDemand[v]
                    while i >= 0 { found.append(i); i = nextSame[Int(i)] }
                    for e in Int(off[v])..<Int(off[v + 1]) {
                        let w = Int(tg[e])
                        let nd = dv &+ wt[e]
                        if nd <= limit && nd < d[w] {
                            if d[w] == .max { touched.append(Int32(w)) }
                            d[w] = nd
                            heap.push(key: UInt32(nd), node: Int32(w))
                        }
                    }
                }
            }}}}
            for v in touched { dist[Int(v)] = .max }
            touched.removeAll(keepingCapacity: true)
            found.sort()
            members += found
            offsets.append(Int32(members.count))
        }
        return CoverSets(demandCount: demandNodes.count, offsets: offsets, members: members)
    }
}
