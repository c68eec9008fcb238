/// Calls grouped by a key — a caller's number, a standard address — each group a time-ordered
/// `DuplicateIndex.TimeList`, so "how often from this number (at this door) in the last 30 and
/// 90 days" is two binary searches. Groups emptied by pruning are dropped once they are a
/// quarter of all, so keys seen once long ago do not pile up for ever.
struct KeyedTimeLists<Key: Hashable & Sendable>: Sendable {
    private var number: [Key: Int32] = [:]
    private var lists: [DuplicateIndex.TimeList] = []

    mutating func insert(_ key: Key, time: Double, slot: Int32, lat: Double, lon: Double) {
        let list: Int32
        if let l = number[key] {
            list = l
        } else {
            list = Int32(lists.count)
            lists.append(DuplicateIndex.TimeList())
            number[key] = list
        }
        lists[Int(list)].insert(time: time, slot: slot, lat: lat, lon: lon)
    }

    mutating func remove(_ key: Key, time: Double, slot: Int32) {
        if let list = number[key] { lists[Int(list)].remove(time: time, slot: slot) }
    }

    /// The calls under `key`, oldest first.
    func list(_ key: Key) -> DuplicateIndex.TimeList? { number[key].map { lists[Int($0)] } }

    /// The calls under `key` with times in [from, to], other than `slot`: (all, those at or after `recent`).
    func count(_ key: Key, from: Double, recent: Double, to: Double, excluding slot: Int32) -> (all: Int, recent: Int) {
        guard let l = number[key] else { return (0, 0) }
        let list = lists[Int(l)]
        var all = 0, recentCount = 0
        var i = list.lowerBound(from)
        while i < list.times.count && list.times[i] <= to {
            if list.slots[i] != slot {
                all += 1
                if list.times[i] >= recent { recentCount += 1 }
            }
            i += 1
        }
        return (all, recentCount)
    }

    mutating func prune(before t: Double) {
        var empty = 0
        for c in lists.indices {
            _ = lists[c].removeBefore(t)
            if lists[c].times.isEmpty { empty += 1 }
        }
        guard empty > 0 && empty * 4 >= lists.count else { return }
        var keep: [DuplicateIndex.TimeList] = []
        var numbers: [Key: Int32] = [:]
        for (key, list) in number where !lists[Int(list)].times.isEmpty {
            numbers[key] = Int32(keep.count)
            keep.append(lists[Int(list)])
        }
        lists = keep
        number = numbers
    }

    /// Memory held by the lists (the dictionary estimated).
    var approximateBytes: Int { lists.reduce(0) { $0 + $1.times.count * 28 + 64 } }
}
