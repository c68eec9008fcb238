/// The platform's one binary min-heap: road searches (with packed integer keys), the patrol-zone
/// partitioner and the simulation's event queue all use it. Inlinable so each use is specialised
/// for its element type, and flat: one array, no node objects.
public struct BinaryHeap<Element: Comparable> {
    @usableFromInline var items: [Element] = []

    @inlinable public init(capacity: Int = 1024) { items.reserveCapacity(capacity) }

    @inlinable public var isEmpty: Bool { items.isEmpty }
    @inlinable public var count: Int { items.count }
    /// The smallest element without removing it.
    @inlinable public var min: Element? { items.first }
    @inlinable public mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inlinable @_optimize(speed) public mutating func insert(_ x: Element) {
        items.append(x)
        items.withUnsafeMutableBufferPointer { a in
            var i = a.count - 1
            while i > 0 {
                let p = (i - 1) >> 1
                if !(x < a[p]) { break }
                a[i] = a[p]; i = p
            }
            a[i] = x
        }
    }

    /// Removes and returns the smallest element. The heap must not be empty.
    @inlinable @_optimize(speed) public mutating func removeMin() -> Element {
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
                    if !(a[c] < last) { break }
                    a[i] = a[c]; i = c
                }
                a[i] = last
            }
        }
        return top
    }
}

/// The road searches' heap: (key, node) packed into one `UInt64`, key in the high half, so one
/// integer comparison orders by key and breaks ties by node. Searches push duplicates and skip
/// stale pops (lazy deletion), faster than decrease-key bookkeeping on road graphs.
public typealias MinHeap = BinaryHeap<UInt64>

extension BinaryHeap where Element == UInt64 {
    @inlinable public static func pack(key: UInt32, node: Int32) -> UInt64 { (UInt64(key) << 32) | UInt64(UInt32(bitPattern: node)) }

    /// Smallest key without removing it; UInt32.max when empty.
    @inlinable public var minKey: UInt32 { items.isEmpty ? UInt32.max : UInt32(truncatingIfNeeded: items[0] >> 32) }

    @inlinable public mutating func push(key: UInt32, node: Int32) { insert(Self.pack(key: key, node: node)) }

    @inlinable public mutating func pop() -> (key: UInt32, node: Int32) {
        let top = removeMin()
        return (UInt32(truncatingIfNeeded: top >> 32), Int32(bitPattern: UInt32(truncatingIfNeeded: top)))
    }
}

extension BinaryHeap: Sendable where Element: Sendable {}
