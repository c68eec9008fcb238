/// Finds a node's index in `OSMData` by its OSM id: binary search over the ids, which OSM files
/// normally list sorted, or over a sorted permutation when they do not.
struct NodeLookup {
    let ids: [Int64]
    let order: [Int32]?

    init(_ d: OSMData) {
        ids = d.nodeIds
        var sorted = true
        for i in 1..<max(1, ids.count) where ids[i] <= ids[i - 1] { sorted = false; break }
        order = sorted ? nil : (0..<Int32(ids.count)).sorted { d.nodeIds[Int($0)] < d.nodeIds[Int($1)] }
    }

    /// The index of node `id`, or -1 when the file does not have it.
    @inline(__always) func find(_ id: Int64) -> Int {
        var lo = 0, hi = ids.count
        while lo < hi {
            let m = (lo + hi) >> 1
            let v = order.map { ids[Int($0[m])] } ?? ids[m]
            if v < id { lo = m + 1 } else { hi = m }
        }
        guard lo < ids.count else { return -1 }
        let idx = order.map { Int($0[lo]) } ?? lo
        return ids[idx] == id ? idx : -1
    }
}
