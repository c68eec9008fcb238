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

extension Run where T == UInt64 {
    /// Min-heap push of a packed (key, node) (`MinHeap.pack`).
    @inline(__always) mutating func push(_ x: UInt64) {
        append(x)
        heapSiftUp(base, from: count - 1, x)
    }

    /// Removes and returns the smallest; the run must not be empty.
    @inline(__always) mutating func pop() -> UInt64 {
        count -= 1
        let top = base[0]
        if count > 0 { heapSiftDown(base, count: count, base[count]) }
        return top
    }

    /// The smallest key, UInt32.max when empty.
    @inline(__always) var minKey: UInt32 { count == 0 ? UInt32.max : UInt32(truncatingIfNeeded: base[0] >> 32) }
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
