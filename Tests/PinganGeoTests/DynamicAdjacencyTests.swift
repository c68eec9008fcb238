@testable import PinganGeo
import Testing

@Suite struct DynamicAdjacencyTests {
    typealias Edge = CHBuilder.DynEdge

    /// Random appends, improvements, removals and clearings over a few nodes, blocks moving as
    /// they fill, against an array per node doing the same.
    @Test func matchesAnArrayPerNodeThroughMovesAndRemovals() {
        var rng = SplitMix64(seed: 11)
        let n = 6
        var adjacency = DynamicAdjacency(degrees: [0, 1, 2, 3, 1, 0])
        var oracle = [[Edge]](repeating: [], count: n)
        for step in 0..<5_000 {
            let v = Int(rng.next() % UInt64(n)), node = Int32(rng.next() % 12), weight = Int32(rng.next() % 100)
            switch rng.next() % 10 {
            case 0..<6:
                adjacency.addOrImprove(at: v, node: node, weight: weight, mid: Int32(step), hops: 2)
                if let i = oracle[v].firstIndex(where: { $0.node == node }) {
                    if weight < oracle[v][i].weight { oracle[v][i] = Edge(node: node, weight: weight, mid: Int32(step), hops: 2) }
                } else {
                    oracle[v].append(Edge(node: node, weight: weight, mid: Int32(step), hops: 2))
                }
            case 6..<9:
                adjacency.remove(at: v, node: node)
                oracle[v].removeAll { $0.node == node }
            default:
                adjacency.removeAll(at: v)
                oracle[v] = []
            }
            for u in 0..<n {
                let got = Array(adjacency.edges(of: u))
                #expect(got.map(\.node) == oracle[u].map(\.node), "step \(step), node \(u)")
                #expect(got.map(\.weight) == oracle[u].map(\.weight))
                #expect(got.map(\.mid) == oracle[u].map(\.mid))
            }
        }
    }

    /// `append` adds without looking, as the road graph's own edges are added.
    @Test func appendAddsParallelEdgesAsGiven() {
        var adjacency = DynamicAdjacency(degrees: [1, 1])
        for w in [5, 3, 9] as [Int32] { adjacency.append(at: 0, Edge(node: 1, weight: w, mid: -1, hops: 1)) }
        #expect(adjacency.edges(of: 0).map(\.weight) == [5, 3, 9])
        #expect(adjacency.edges(of: 1).isEmpty)
    }
}
