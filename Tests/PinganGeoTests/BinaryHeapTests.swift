@testable import PinganGeo
import Testing

@Suite struct BinaryHeapTests {
    /// Random pushes and pops, past several growths, against a sorted array.
    @Test func popsInOrderAgainstASortedOracle() {
        var rng = SplitMix64(seed: 11)
        var heap = BinaryHeap<Int>(capacity: 1)
        var oracle: [Int] = []
        for round in 0..<20_000 {
            if rng.next() % 3 != 0 || oracle.isEmpty {
                let x = Int(rng.next() % 1000)
                heap.insert(x); oracle.append(x)
            } else {
                oracle.sort()
                #expect(heap.min == oracle.first)
                #expect(heap.removeMin() == oracle.removeFirst(), "round \(round)")
            }
            #expect(heap.count == oracle.count)
        }
        oracle.sort()
        var drained: [Int] = []
        while !heap.isEmpty { drained.append(heap.removeMin()) }
        #expect(drained == oracle)
        #expect(heap.min == nil)
    }

    /// A copy is a value: changing one leaves the other as it was, for elements that are
    /// reference-counted too (the simulation's queue holds such).
    @Test func copiesAreIndependent() {
        var a = BinaryHeap<String>(capacity: 2)
        for w in ["pear", "apple", "fig", "kiwi", "date"] { a.insert(w) }
        var b = a
        #expect(b.removeMin() == "apple")
        b.insert("banana")
        var c = b
        c.removeAll()
        #expect(c.isEmpty && c.min == nil)
        var fromA: [String] = [], fromB: [String] = []
        while !a.isEmpty { fromA.append(a.removeMin()) }
        while !b.isEmpty { fromB.append(b.removeMin()) }
        #expect(fromA == ["apple", "date", "fig", "kiwi", "pear"])
        #expect(fromB == ["banana", "date", "fig", "kiwi", "pear"])
    }

    /// The packed road-search keys order by key, then node, and `minKey` reads the smallest.
    @Test func packedKeysOrderByKeyThenNode() {
        var h = MinHeap()
        #expect(h.minKey == UInt32.max)
        h.push(key: 7, node: 3); h.push(key: 5, node: 9); h.push(key: 5, node: 2)
        #expect(h.minKey == 5)
        #expect(h.pop() == (5, 2))
        #expect(h.pop() == (5, 9))
        #expect(h.pop() == (7, 3))
        #expect(h.isEmpty)
    }
}
