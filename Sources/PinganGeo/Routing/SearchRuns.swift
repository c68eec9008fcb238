/// A growable run of plain values on memory the caller owns: a one-to-one search pushes to its
/// queues and touched lists hundreds of times, and each `Array` append or `BinaryHeap` push
/// tests its storage for uniqueness (a runtime call), about a tenth of a query on NY. A run
/// does no such test; `SearchRuns` owns the memory and is tested once per query instead.
struct Run<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>
    var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) subscript(i: Int) -> T { base[i] }

    @inline(__always) mutating func append(_ x: T) {
        if count == capacity { grow() }
        base[count] = x
        count += 1
    }

    /// Twice the room; the old memory is freed, so only the run that grew may be kept.
    @inline(never) mutating func grow() {
        let bigger = UnsafeMutablePointer<T>.allocate(capacity: 2 * capacity)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    func free() { base.deallocate() }
}

/// A run of packed (key, node) values (`MinHeap.pack`) is a min-heap with four children per
/// node, not two: a pop then descends half as many levels, comparing four children that sit in
/// one or two cache lines (RoutingKit's queue has four too). The one-to-one search, the witness
/// search of contraction and unit placement all use it. On NY (`pingan bench routing --threads 2
/// --pairs 2000`, runs in turn, 2026-12-08): one-to-one median 23.7, 23.8 -> 21.0, 20.6, 21.1 µs,
/// p99 50-52 -> 38-41 µs, contraction on 1 thread 13.3, 13.0 -> 11.8, 11.1, 11.8 s, the same
/// 1,513,940 arcs.
extension Run where T == UInt64 {
    /// Min-heap push.
    @inline(__always) mutating func push(_ x: UInt64) {
        append(x)
        var i = count - 1
        while i > 0 {
            let p = (i - 1) >> 2, px = base[p]
            if px <= x { break }
            base[i] = px; i = p
        }
        base[i] = x
    }

    /// Removes and returns the smallest; the run must not be empty.
    @inline(__always) mutating func pop() -> UInt64 {
        count -= 1
        let top = base[0]
        if count > 0 { quadSiftDown(base, count: count, base[count]) }
        return top
    }

    /// The smallest key, UInt32.max when empty.
    @inline(__always) var minKey: UInt32 { count == 0 ? UInt32.max : UInt32(truncatingIfNeeded: base[0] >> 32) }
}

/// Fills the root's hole with `last` among the first `count` values, four children per node.
@inline(__always) private func quadSiftDown(_ a: UnsafeMutablePointer<UInt64>, count n: Int, _ last: UInt64) {
    var i = 0
    while true {
        let c = 4 * i + 1
        if c >= n { break }
        var m = c, mv = a[c]
        var j = c + 1
        let end = min(c + 4, n)
        while j < end { let v = a[j]; if v < mv { m = j; mv = v }; j += 1 }
        if last <= mv { break }
        a[i] = mv; i = m
    }
    a[i] = last
}

/// The one-to-one search's two queues and two touched lists, kept from query to query in a
/// workspace. A class so that the runs' memory has one owner; a workspace copied and then
/// searched gets scratch of its own (`CHWorkspace.ownRuns`), so copies never share it.
final class SearchRuns: @unchecked Sendable {
    var queueF = Run<UInt64>(capacity: 1024), queueB = Run<UInt64>(capacity: 1024)
    var touchedF = Run<Int32>(capacity: 1024), touchedB = Run<Int32>(capacity: 1024)

    deinit {
        queueF.free(); queueB.free(); touchedF.free(); touchedB.free()
    }
}
