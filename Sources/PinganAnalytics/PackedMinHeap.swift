/// A binary min-heap of `UInt64` keys, used with `(priority << 32) | id` packing so one integer
/// comparison orders by priority and breaks ties by id: deterministic and allocation-free after
/// warm-up, which matters for the Dijkstra loops of the partitioner.
struct PackedMinHeap {
    private(set) var items: [UInt64] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always) static func pack(_ key: Int32, _ id: Int32) -> UInt64 {
        (UInt64(UInt32(bitPattern: key)) << 32) | UInt64(UInt32(bitPattern: id))
    }

    mutating func push(_ v: UInt64) {
        items.append(v)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] <= v { break }
            items[i] = items[p]
            i = p
        }
        items[i] = v
    }

    mutating func pop() -> UInt64 {
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && items[l + 1] < items[l] { c = l + 1 }
                if items[c] >= last { break }
                items[i] = items[c]
                i = c
            }
            items[i] = last
        }
        return top
    }
}
