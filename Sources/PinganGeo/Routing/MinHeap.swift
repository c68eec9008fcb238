/// A binary min-heap of (key, node) packed into one UInt64 per entry, with lazy deletion:
/// searches push duplicates and skip stale pops, which is faster than decrease-key bookkeeping
/// for road graphs where few nodes are improved more than once.
struct MinHeap {
    private(set) var items: [UInt64] = []

    init(capacity: Int = 1024) { items.reserveCapacity(capacity) }

    @inline(__always) var isEmpty: Bool { items.isEmpty }
    @inline(__always) var count: Int { items.count }
    @inline(__always) mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    /// Smallest key without removing it; UInt32.max when empty.
    @inline(__always) var minKey: UInt32 { items.isEmpty ? UInt32.max : UInt32(truncatingIfNeeded: items[0] >> 32) }

    @_optimize(speed) mutating func push(key: UInt32, node: Int32) {
        let x = (UInt64(key) << 32) | UInt64(UInt32(bitPattern: node))
        items.append(x)
        items.withUnsafeMutableBufferPointer { a in
            var i = a.count - 1
            while i > 0 {
                let p = (i - 1) >> 1
                if a[p] <= x { break }
                a[i] = a[p]; i = p
            }
            a[i] = x
        }
    }

    @_optimize(speed) mutating func pop() -> (key: UInt32, node: Int32) {
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items.withUnsafeMutableBufferPointer { a in
                let n = a.count
                var i = 0
                while true {
                    var c = 2 * i + 1
                    if c >= n { break }
                    if c + 1 < n && a[c + 1] < a[c] { c += 1 }
                    if last <= a[c] { break }
                    a[i] = a[c]; i = c
                }
                a[i] = last
            }
        }
        return (UInt32(truncatingIfNeeded: top >> 32), Int32(bitPattern: UInt32(truncatingIfNeeded: top)))
    }
}
