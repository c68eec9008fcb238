@testable import PinganGeo
import Testing

@Suite struct SearchRunsTests {
    /// Random pushes and pops on a run, past several growths from its first 16 slots, against a
    /// sorted array (packed keys: key first, node breaks ties).
    @Test func queuePopsInOrderAgainstASortedOracle() {
        var rng = SplitMix64(seed: 5)
        var run = Run<UInt64>(capacity: 1)
        defer { run.free() }
        var oracle: [UInt64] = []
        for round in 0..<20_000 {
            if rng.next() % 3 != 0 || oracle.isEmpty {
                let x = MinHeap.pack(key: UInt32(rng.next() % 500), node: Int32(rng.next() % 1000))
                run.push(x); oracle.append(x)
            } else {
                oracle.sort()
                #expect(run.minKey == UInt32(oracle[0] >> 32))
                #expect(run.pop() == oracle.removeFirst(), "round \(round)")
            }
            #expect(run.count == oracle.count)
        }
        #expect(run.capacity >= oracle.count && run.capacity > 16)
        oracle.sort()
        var drained: [UInt64] = []
        while run.count > 0 { drained.append(run.pop()) }
        #expect(drained == oracle)
        #expect(run.minKey == UInt32.max)
    }

    /// Appending keeps every value through the growths.
    @Test func appendKeepsEverythingThroughGrowth() {
        var run = Run<Int32>(capacity: 16)
        defer { run.free() }
        for i in 0..<5_000 { run.append(Int32(i * 3)) }
        #expect(run.count == 5_000)
        #expect((0..<5_000).allSatisfy { run[$0] == Int32($0 * 3) })
    }

    /// A workspace copied after a query shares its runs until one copy searches; then each has
    /// its own, and queries on the two in turn stay exact (against Dijkstra), with paths.
    @Test func copiedWorkspacesSearchIndependently() throws {
        let net = TestData.shanghai, g = net.graph
        var a = net.makeWorkspace()
        var rng = SplitMix64(seed: 3)
        func pair() -> (Int, Int) { (Int(rng.next() % UInt64(g.nodeCount)), Int(rng.next() % UInt64(g.nodeCount))) }
        let (s0, t0) = pair()
        _ = net.hierarchy.route(from: .node(s0, in: g), to: .node(t0, in: g), workspace: &a)
        var b = a
        #expect(a.runs === b.runs)
        for i in 0..<30 {
            let (s, t) = pair()
            let r = try #require(i % 2 == 0 ? net.hierarchy.route(from: .node(s, in: g), to: .node(t, in: g), workspace: &a)
                                             : net.hierarchy.route(from: .node(s, in: g), to: .node(t, in: g), workspace: &b))
            #expect(r.time == Dijkstra.time(in: g, from: s, to: t), "\(s)->\(t)")
            #expect(r.nodes.first.map(Int.init) == s && r.nodes.last.map(Int.init) == t)
        }
        #expect(a.runs !== b.runs)
    }
}
