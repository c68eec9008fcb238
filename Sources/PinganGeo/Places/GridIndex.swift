import Foundation

/// Items (points or segments, by their bounding boxes) bucketed in a grid of cells at least
/// `cellMetres` wide everywhere in the data, so everything within `cellMetres` of a point lies
/// in the 3×3 cells around it. Flat: the items of cell `keys[i]` are
/// `items[start[i]..<start[i+1]]`, keys sorted for binary search. This is what keeps a reverse
/// geocode to a few microseconds however large the map.
struct GridIndex: Sendable {
    let cellLat: Double
    let cellLon: Double
    let keys: [Int64]
    let start: [Int32]
    let items: [Int32]

    static let empty = GridIndex(cellLat: 1, cellLon: 1, keys: [], start: [0], items: [])

    init(cellLat: Double, cellLon: Double, keys: [Int64], start: [Int32], items: [Int32]) {
        self.cellLat = cellLat; self.cellLon = cellLon; self.keys = keys; self.start = start; self.items = items
    }

    /// - Parameters:
    ///   - cellMetres: the largest search radius the grid will answer.
    ///   - maxAbsLatitude: the data's largest |latitude|, where a degree of longitude is shortest.
    ///   - count: number of items; `box(i)` gives item `i`'s (south, west, north, east).
    init(cellMetres: Double, maxAbsLatitude: Double, count: Int, box: (Int) -> (Double, Double, Double, Double)) {
        cellLat = cellMetres / 110_574.0
        cellLon = cellMetres / (111_320.0 * max(0.05, cos(min(89, maxAbsLatitude) * .pi / 180)))
        var pairs: [(key: Int64, item: Int32)] = []
        pairs.reserveCapacity(count)
        for i in 0..<count {
            let (s, w, n, e) = box(i)
            let y0 = Self.cell(s, cellLat), y1 = Self.cell(n, cellLat), x0 = Self.cell(w, cellLon), x1 = Self.cell(e, cellLon)
            guard (y1 - y0 + 1) * (x1 - x0 + 1) <= 10_000 else { continue }   // absurdly long: not a street segment
            for y in y0...y1 { for x in x0...x1 { pairs.append((Self.key(x, y), Int32(i))) } }
        }
        pairs.sort { ($0.key, $0.item) < ($1.key, $1.item) }
        var keys: [Int64] = [], start: [Int32] = [0], items: [Int32] = []
        items.reserveCapacity(pairs.count)
        for p in pairs {
            if keys.last != p.key {
                if !keys.isEmpty { start.append(Int32(items.count)) }
                keys.append(p.key)
            }
            items.append(p.item)
        }
        if !keys.isEmpty { start.append(Int32(items.count)) }
        self.keys = keys; self.start = start; self.items = items
    }

    @inline(__always) static func cell(_ v: Double, _ size: Double) -> Int64 { Int64((v / size).rounded(.down)) }
    @inline(__always) static func key(_ x: Int64, _ y: Int64) -> Int64 { (y << 32) ^ (x & 0xFFFF_FFFF) }

    /// Calls `body` with every item in the 3×3 cells around `c` (an item may come more than once).
    @inline(__always) func forEach(near c: Coordinate, _ body: (Int) -> Void) {
        guard !keys.isEmpty else { return }
        let cy = Self.cell(c.lat, cellLat), cx = Self.cell(c.lon, cellLon)
        for y in (cy - 1)...(cy + 1) {
            for x in (cx - 1)...(cx + 1) {
                let k = Self.key(x, y)
                var lo = 0, hi = keys.count
                while lo < hi { let m = (lo + hi) >> 1; if keys[m] < k { lo = m + 1 } else { hi = m } }
                guard lo < keys.count, keys[lo] == k else { continue }
                for j in Int(start[lo])..<Int(start[lo + 1]) { body(Int(items[j])) }
            }
        }
    }
}
