/// The platform's one binary min-heap: road searches (with packed integer keys), the patrol-zone
/// partitioner and the simulation's event queue all use it. Inlinable so each use is specialised
/// for its element type, and flat: one allocation, no node objects.
public struct BinaryHeap<Element: Comparable> {
    /// Elements on storage of its own rather than an `Array`: each push and pop is a handful of
    /// loads and stores with one uniqueness check, where `Array`'s append and removeLast cost
    /// several outlined calls each (a quarter of a one-to-one search's time went to them). Copies
    /// share the storage until one of them changes it, as an array's do.
    @usableFromInline var storage: HeapStorage<Element>

    @inlinable public init(capacity: Int = 1024) { storage = HeapStorage.make(capacity: Swift.max(capacity, 16)) }

    @inlinable public var isEmpty: Bool { count == 0 }
    // The header is read through a pointer: a class's stored property (`header`) would be
    // checked for exclusive access at run time on every read.
    @inlinable public var count: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee.count } }
    /// The smallest element without removing it.
    @inlinable public var min: Element? { isEmpty ? nil : storage.withUnsafeMutablePointerToElements { $0[0] } }

    @inlinable public mutating func removeAll() {
        makeUnique()
        storage.withUnsafeMutablePointers { h, e in e.deinitialize(count: h.pointee.count); h.pointee.count = 0 }
    }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: storage.withUnsafeMutablePointerToHeader { $0.pointee.capacity }) }
    }

    @inlinable @_optimize(speed) public mutating func insert(_ x: Element) {
        makeUnique()
        if storage.withUnsafeMutablePointerToHeader({ $0.pointee.count == $0.pointee.capacity }) { storage = storage.grown() }
        storage.withUnsafeMutablePointers { h, a in
            let i = h.pointee.count
            (a + i).initialize(to: x)
            h.pointee.count = i + 1
            heapSiftUp(a, from: i, x)
        }
    }

    /// Removes and returns the smallest element. The heap must not be empty.
    @inlinable @_optimize(speed) public mutating func removeMin() -> Element {
        makeUnique()
        return storage.withUnsafeMutablePointers { h, a in
            let n = h.pointee.count - 1
            precondition(n >= 0, "removeMin on an empty heap")
            let top = a[0]
            let last = (a + n).move()
            h.pointee.count = n
            if n > 0 { heapSiftDown(a, count: n, last) }
            return top
        }
    }
}

/// Puts `x` (at `i`, or to be there) where it belongs on its way to the root: `BinaryHeap`'s
/// push (the searches' `Run` queues have four children per node instead).
@inlinable @inline(__always) func heapSiftUp<E: Comparable>(_ a: UnsafeMutablePointer<E>, from i: Int, _ x: E) {
    var i = i
    while i > 0 {
        let p = (i - 1) >> 1
        if !(x < a[p]) { break }
        a[i] = a[p]; i = p
    }
    a[i] = x
}

/// Fills the root's hole with `last` (taken from slot `count`) sifted down among the first
/// `count` elements: the pop of every min-heap here.
@inlinable @inline(__always) func heapSiftDown<E: Comparable>(_ a: UnsafeMutablePointer<E>, count n: Int, _ last: E) {
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

/// `BinaryHeap`'s storage: count and capacity, then the elements, in one allocation.
@usableFromInline struct HeapHeader {
    @usableFromInline var count: Int
    @usableFromInline var capacity: Int
    @inlinable init(count: Int, capacity: Int) { self.count = count; self.capacity = capacity }
}

@usableFromInline final class HeapStorage<Element>: ManagedBuffer<HeapHeader, Element> {
    @inlinable static func make(capacity: Int) -> HeapStorage {
        unsafeDowncast(create(minimumCapacity: capacity) { _ in HeapHeader(count: 0, capacity: capacity) }, to: HeapStorage.self)
    }

    /// A copy of the elements on new storage of `capacity` (at least the count).
    @inlinable func copy(capacity: Int) -> HeapStorage {
        let new = HeapStorage.make(capacity: capacity)
        withUnsafeMutablePointers { h, e in
            new.withUnsafeMutablePointers { nh, ne in ne.initialize(from: e, count: h.pointee.count); nh.pointee.count = h.pointee.count }
        }
        return new
    }

    /// Twice the room, the elements moved over (this storage is left empty).
    @inlinable func grown() -> HeapStorage {
        let new = HeapStorage.make(capacity: 2 * withUnsafeMutablePointerToHeader { $0.pointee.capacity })
        withUnsafeMutablePointers { h, e in
            new.withUnsafeMutablePointers { nh, ne in ne.moveInitialize(from: e, count: h.pointee.count); nh.pointee.count = h.pointee.count }
            h.pointee.count = 0
        }
        return new
    }

    @inlinable deinit {
        _ = withUnsafeMutablePointers { h, e in e.deinitialize(count: h.pointee.count) }
    }
}

/// The road searches' heap: (key, node) packed into one `UInt64`, key in the high half, so one
/// integer comparison orders by key and breaks ties by node. Searches push duplicates and skip
/// stale pops (lazy deletion), faster than decrease-key bookkeeping on road graphs.
public typealias MinHeap = BinaryHeap<UInt64>

extension BinaryHeap where Element == UInt64 {
    @inlinable public static func pack(key: UInt32, node: Int32) -> UInt64 { (UInt64(key) << 32) | UInt64(UInt32(bitPattern: node)) }

    /// Smallest key without removing it; UInt32.max when empty.
    @inlinable public var minKey: UInt32 {
        isEmpty ? UInt32.max : UInt32(truncatingIfNeeded: storage.withUnsafeMutablePointerToElements { $0[0] } >> 32)
    }

    @inlinable public mutating func push(key: UInt32, node: Int32) { insert(Self.pack(key: key, node: node)) }

    @inlinable public mutating func pop() -> (key: UInt32, node: Int32) {
        let top = removeMin()
        return (UInt32(truncatingIfNeeded: top >> 32), Int32(bitPattern: UInt32(truncatingIfNeeded: top)))
    }
}

/// Unchecked because the storage is a class: copies share it only until one of them changes it
/// (`makeUnique` before every change), so a heap is a value like an array.
extension BinaryHeap: @unchecked Sendable where Element: Sendable {}
