/// Standard addresses found by any fragment of their text as typed (南京东路3, 302室, 3栋), in
/// a city's million addresses within milliseconds: what a call-taker types while the caller
/// talks, what an officer types in the rain.
///
/// Each address's folded text (`AddressNormaliser.fold`) is kept as UTF-16 code units in one
/// flat array; every pair of adjacent units (a bigram) has a posting list of the addresses that
/// hold it, in the order they were added. A fragment of two or more units intersects the
/// postings of its rarest bigrams and checks the survivors' text; a single character scans the
/// texts. A change marks the old entry dead and appends the new one, so posting lists stay
/// sorted and never move. Not thread-safe: its owner serialises access.
public struct AddressSearchIndex: Sendable {
    public private(set) var ids: [AddressID] = []
    private var starts: [UInt32] = [0]
    private var units: [UInt16] = []
    private var pathOf: [UInt32] = []
    private var alive: [Bool] = []
    private var paths: [String] = []
    private var pathNumbers: [String: UInt32] = [:]
    private var ordinals: [AddressID: Int] = [:]
    private var postings: [UInt32: [UInt32]] = [:]

    public init() {}

    /// Addresses held (live ones).
    public var count: Int { ordinals.count }

    /// Adds `id` with its display text and jurisdiction path, replacing what it held before.
    public mutating func put(_ id: AddressID, text: String, path: String) {
        remove(id)
        let ordinal = UInt32(ids.count)
        ids.append(id)
        let folded = Array(AddressNormaliser.fold(text).utf16)
        units.append(contentsOf: folded)
        starts.append(UInt32(units.count))
        let p: UInt32
        if let known = pathNumbers[path] { p = known } else {
            p = UInt32(paths.count)
            paths.append(path)
            pathNumbers[path] = p
        }
        pathOf.append(p)
        alive.append(true)
        ordinals[id] = Int(ordinal)
        var seen: [UInt32] = []   // an address has a few dozen bigrams: a scan beats hashing
        seen.reserveCapacity(folded.count)
        for i in folded.indices.dropLast() {
            let gram = UInt32(folded[i]) << 16 | UInt32(folded[i + 1])
            if !seen.contains(gram) {
                seen.append(gram)
                postings[gram, default: []].append(ordinal)
            }
        }
    }

    public mutating func remove(_ id: AddressID) {
        guard let old = ordinals.removeValue(forKey: id) else { return }
        alive[old] = false
    }

    /// Up to `limit` addresses whose text holds `fragment` (folded the same way), among those
    /// whose path `visible` accepts, oldest first.
    public func search(_ fragment: String, limit: Int, visible: (String) -> Bool) -> [AddressID] {
        let q = Array(AddressNormaliser.fold(fragment).utf16)
        guard !q.isEmpty, limit > 0 else { return [] }
        var verdicts = [UInt8](repeating: 0, count: paths.count)  // 0 unknown, 1 visible, 2 not
        var found: [AddressID] = []
        func accept(_ o: Int) -> Bool {
            guard alive[o] else { return false }
            let p = Int(pathOf[o])
            if verdicts[p] == 0 { verdicts[p] = visible(paths[p]) ? 1 : 2 }
            guard verdicts[p] == 1, holds(o, q) else { return false }
            found.append(ids[o])
            return found.count >= limit
        }
        if q.count == 1 {
            for o in ids.indices where accept(o) { break }
            return found
        }
        var lists: [[UInt32]] = []
        var grams: Set<UInt32> = []
        for i in q.indices.dropLast() {
            let gram = UInt32(q[i]) << 16 | UInt32(q[i + 1])
            guard grams.insert(gram).inserted else { continue }
            guard let list = postings[gram] else { return [] }
            lists.append(list)
        }
        lists.sort { $0.count < $1.count }
        let others = lists.dropFirst().prefix(2)
        outer: for o in lists[0] {
            for list in others where !Self.contains(list, o) { continue outer }
            if accept(Int(o)) { break }
        }
        return found
    }

    private func holds(_ o: Int, _ q: [UInt16]) -> Bool {
        let start = Int(starts[o]), end = Int(starts[o + 1])
        guard end - start >= q.count else { return false }
        var i = start
        while i + q.count <= end {
            if units[i] == q[0] {
                var j = 1
                while j < q.count && units[i + j] == q[j] { j += 1 }
                if j == q.count { return true }
            }
            i += 1
        }
        return false
    }

    private static func contains(_ list: [UInt32], _ value: UInt32) -> Bool {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count && list[lo] == value
    }
}
