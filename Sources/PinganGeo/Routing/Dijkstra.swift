/// Plain Dijkstra on a `RoadGraph`. It is the correctness oracle for the contraction hierarchy
/// and the fallback for one-off computations that do not justify preprocessing.
public struct Dijkstra: Sendable {
    public static let unreachable = Int32.max

    /// Shortest times from a set of seeds (node, starting offset) to every node.
    /// Returns `unreachable` for nodes not reached within `limit`.
    public static func distances(in g: RoadGraph, seeds: [(node: Int, offset: Int32)], limit: Int32 = .max) -> [Int32] {
        var dist = [Int32](repeating: unreachable, count: g.nodeCount)
        var heap = MinHeap()
        for s in seeds where s.offset < dist[s.node] {
            dist[s.node] = s.offset
            heap.push(key: UInt32(s.offset), node: Int32(s.node))
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
                if dv > limit { break }
                for e in Int(off[v])..<Int(off[v + 1]) {
                    let w = Int(tg[e])
                    let nd = dv &+ wt[e]
                    if nd < d[w] { d[w] = nd; heap.push(key: UInt32(nd), node: Int32(w)) }
                }
            }
        }}}}
        if limit != .max { for i in 0..<dist.count where dist[i] > limit { dist[i] = unreachable } }
        return dist
    }

    /// Shortest time from `source` to `target`, stopping as soon as the target is settled.
    public static func time(in g: RoadGraph, from source: Int, to target: Int) -> Int32 {
        var dist = [Int32](repeating: unreachable, count: g.nodeCount)
        var heap = MinHeap()
        dist[source] = 0
        heap.push(key: 0, node: Int32(source))
        while !heap.isEmpty {
            let (k, v32) = heap.pop()
            let v = Int(v32)
            let dv = Int32(bitPattern: k)
            if dv != dist[v] { continue }
            if v == target { return dv }
            for e in g.edges(from: v) {
                let w = Int(g.targets[e])
                let nd = dv + g.weights[e]
                if nd < dist[w] { dist[w] = nd; heap.push(key: UInt32(nd), node: Int32(w)) }
            }
        }
        return unreachable
    }
}
