/// One direction of the graph being contracted (`CHBuilder`): every node's edges in one flat
/// array, each node's in a block of its own with room to grow. A block that is full when a
/// shortcut arrives moves to the end of the array with twice the room, its old slots left unused
/// (the benchmark's peak memory on NY tiled 5 times, 1.3M nodes: 1.04 -> 1.10 GB).
///
/// Why not an array per node: the witness searches, most of contraction's time, read one
/// node's list per settled node, and an inner array read out of an outer one is retained and
/// released each time (13 % of a one-thread contraction's samples went to that), and every list
/// sits in an allocation of its own. Here a search reads the blocks through two raw pointers,
/// and the witness search's queue and touched list are `Run`s: NY contraction (same hierarchy)
/// 8.5 -> 6.8 s on 2 threads, 12.7 -> 10.7 s on 1 (`pingan bench routing --threads 2`, 2026-12-07).
struct DynamicAdjacency {
    /// Where a node's block starts in `edges`, how many of its slots hold edges, and how many it has.
    struct Span { var first: Int; var count: Int32; var room: Int32 }

    private(set) var edges: [CHBuilder.DynEdge]
    private(set) var spans: [Span]
    /// What an unused slot holds.
    static let unused = CHBuilder.DynEdge(node: -1, weight: 0, mid: -1, hops: 0)

    /// `degrees[v]` slots (at least one) for each node `v`, empty.
    init(degrees: [Int]) {
        spans = []
        spans.reserveCapacity(degrees.count)
        var first = 0
        for d in degrees {
            spans.append(Span(first: first, count: 0, room: Int32(max(1, d))))
            first += max(1, d)
        }
        edges = Array(repeating: Self.unused, count: first)
    }

    /// The edges of `v`, in the order they were added (removals keep the order of the rest).
    func edges(of v: Int) -> ArraySlice<CHBuilder.DynEdge> {
        let s = spans[v]
        return edges[s.first..<s.first + Int(s.count)]
    }

    /// Adds the edge `v -> node` (or `node -> v` in an in-adjacency) without looking for an
    /// existing one: the road graph's own edges.
    mutating func append(at v: Int, _ edge: CHBuilder.DynEdge) {
        if spans[v].count == spans[v].room { relocate(v) }
        let s = spans[v]
        edges[s.first + Int(s.count)] = edge
        spans[v].count += 1
    }

    /// Adds a shortcut to `v`'s block, or improves the edge to the same node if this one is shorter.
    mutating func addOrImprove(at v: Int, node: Int32, weight: Int32, mid: Int32, hops: Int32) {
        let s = spans[v]
        for i in s.first..<s.first + Int(s.count) where edges[i].node == node {
            if weight < edges[i].weight { edges[i].weight = weight; edges[i].mid = mid; edges[i].hops = hops }
            return
        }
        append(at: v, CHBuilder.DynEdge(node: node, weight: weight, mid: mid, hops: hops))
    }

    /// Removes `v`'s edges to `node`, keeping the order of the others.
    mutating func remove(at v: Int, node: Int32) {
        let s = spans[v]
        var kept = s.first
        for i in s.first..<s.first + Int(s.count) where edges[i].node != node {
            edges[kept] = edges[i]
            kept += 1
        }
        spans[v].count = Int32(kept - s.first)
    }

    /// Empties `v`'s block (its room stays).
    mutating func removeAll(at v: Int) { spans[v].count = 0 }

    /// Moves `v`'s block to the end of `edges` with twice the room.
    private mutating func relocate(_ v: Int) {
        let s = spans[v]
        let first = edges.count
        // Element by element: appending a slice of `edges` would hold its buffer and copy it whole.
        for i in s.first..<s.first + Int(s.count) { edges.append(edges[i]) }
        let room = 2 * Int(s.room)
        edges.append(contentsOf: repeatElement(Self.unused, count: room - Int(s.count)))
        spans[v] = Span(first: first, count: s.count, room: Int32(room))
    }

    /// The blocks as raw memory, for the witness search's inner loop.
    func withUnsafeBlocks<R>(_ body: (UnsafePointer<CHBuilder.DynEdge>, UnsafePointer<Span>) -> R) -> R {
        edges.withUnsafeBufferPointer { e in spans.withUnsafeBufferPointer { s in body(e.baseAddress!, s.baseAddress!) } }
    }
}
