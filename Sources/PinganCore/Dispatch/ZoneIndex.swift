import Foundation
import PinganGeo

/// The zones one point lies in: at most `capacity` of them, stored inline so a table of one per
/// unit is a flat array with no per-unit heap storage. Patrol zones tile a city and overlap at
/// most at their edges, so four overlapping zones at one spot is already generous; further
/// matches are ignored (and the geofence behaves as if those zones were not there).
public struct ZoneMembership: Sendable, Hashable {
    public static let capacity = 4
    public private(set) var count: Int = 0
    private var z0: Int32 = -1, z1: Int32 = -1, z2: Int32 = -1, z3: Int32 = -1

    public init() {}

    public static let empty = ZoneMembership()

    /// Dense zone index `i` of the set (0..<count).
    @inline(__always) public subscript(i: Int) -> Int32 {
        switch i {
        case 0: z0
        case 1: z1
        case 2: z2
        default: z3
        }
    }

    @inline(__always) mutating func insert(_ z: Int32) {
        if count >= Self.capacity || contains(z) { return }
        switch count {
        case 0: z0 = z
        case 1: z1 = z
        case 2: z2 = z
        default: z3 = z
        }
        count += 1
    }

    @inline(__always) public func contains(_ z: Int32) -> Bool {
        (count > 0 && z0 == z) || (count > 1 && z1 == z) || (count > 2 && z2 == z) || (count > 3 && z3 == z)
    }

    public var isEmpty: Bool { count == 0 }

    /// The zone indexes as an array (for tests and reports, not the hot path).
    public var indexes: [Int32] { (0..<count).map { self[$0] } }
}

/// Patrol zones prepared for geofencing every position fix.
///
/// A uniform lat/lon grid covers the zones' joint bounding box. Each cell lists the zones that
/// touch it, marked either *inside* (the cell lies wholly within the zone: no edge of the ring
/// crosses it, and its centre is inside) or *test* (a boundary cell: run the ray cast). With
/// ~250 cells per zone most fixes land in interior cells and cost one array read and no polygon
/// test at all; 100 zones therefore cost a handful of comparisons per fix instead of 100 bbox
/// checks. The lists are CSR (start offsets + items), like the road engine's segment index.
public struct ZoneIndex: Sendable {
    /// The zones in dense-index order (index = position in this array).
    public let zones: [PatrolZone]
    public let polygons: [Polygon]
    let minLat: Double, minLon: Double
    let invCellLat: Double, invCellLon: Double
    let cellLat: Double, cellLon: Double
    let cols: Int, rows: Int
    let cellStart: [Int32]
    /// Zone index `z` for a boundary cell (needs the ray cast), `~z` (negative) for a cell wholly inside.
    let cellItems: [Int32]

    /// - Parameters:
    ///   - zones: the zones to fence; zones with fewer than three boundary points never match.
    ///   - cellsPerZone: grid resolution, as cells per zone on average. More cells mean more
    ///     interior hits (no ray cast) at the price of memory (8 bytes per cell-zone pair).
    public init(zones: [PatrolZone], cellsPerZone: Int = 256) {
        self.zones = zones
        let polys = zones.map { Polygon($0.boundary) }
        polygons = polys
        var aLat = Double.infinity, bLat = -Double.infinity, aLon = Double.infinity, bLon = -Double.infinity
        for p in polys where p.ring.count >= 3 {
            aLat = min(aLat, p.minLat); bLat = max(bLat, p.maxLat); aLon = min(aLon, p.minLon); bLon = max(bLon, p.maxLon)
        }
        if !aLat.isFinite {
            // No usable zone: a 1x1 grid with nothing in it.
            minLat = 0; minLon = 0; cellLat = 1; cellLon = 1; invCellLat = 1; invCellLon = 1; cols = 1; rows = 1
            cellStart = [0, 0]; cellItems = []
            return
        }
        // Square-ish cells in metres, about `cellsPerZone * zones` of them in all.
        let spanLat = max(bLat - aLat, 1e-6), spanLon = max(bLon - aLon, 1e-6)
        let k = cos((aLat + bLat) / 2 * .pi / 180)
        let target = Double(max(1, min(4_000_000, cellsPerZone * max(1, zones.count))))
        let side = sqrt(spanLat * spanLon * k / target)     // cell side in "latitude degrees"
        let cLat = max(side, spanLat / 4096), cLon = max(side / max(k, 0.01), spanLon / 4096)
        let nc = min(4096, Int(spanLon / cLon) + 1), nr = min(4096, Int(spanLat / cLat) + 1)
        minLat = aLat; minLon = aLon; cellLat = cLat; cellLon = cLon
        invCellLat = 1 / cLat; invCellLon = 1 / cLon; cols = nc; rows = nr

        // Per zone: mark boundary cells by walking each ring edge in sub-cell steps, then classify
        // the remaining cells of its bbox by their centre.
        var perCell = [[Int32]](repeating: [], count: nc * nr)
        var mark = [UInt32](repeating: 0, count: nc * nr)      // epoch-stamped "boundary for this zone"
        func col(_ lon: Double) -> Int { max(0, min(nc - 1, Int((lon - aLon) / cLon))) }
        func row(_ lat: Double) -> Int { max(0, min(nr - 1, Int((lat - aLat) / cLat))) }
        for (z, p) in polys.enumerated() where p.ring.count >= 3 {
            let epoch = UInt32(z + 1)
            let r = p.ring
            var boundaryCells: [Int] = []
            for i in 0..<r.count {
                let a = r[i], b = r[(i + 1) % r.count]
                let steps = Int(max(abs(b.lat - a.lat) / cLat, abs(b.lon - a.lon) / cLon).rounded(.up)) + 1
                for s in 0..<steps {
                    let t0 = Double(s) / Double(steps), t1 = Double(s + 1) / Double(steps)
                    let la0 = a.lat + (b.lat - a.lat) * t0, la1 = a.lat + (b.lat - a.lat) * t1
                    let lo0 = a.lon + (b.lon - a.lon) * t0, lo1 = a.lon + (b.lon - a.lon) * t1
                    for y in row(min(la0, la1))...row(max(la0, la1)) {
                        for x in col(min(lo0, lo1))...col(max(lo0, lo1)) where mark[y * nc + x] != epoch {
                            mark[y * nc + x] = epoch
                            boundaryCells.append(y * nc + x)
                        }
                    }
                }
            }
            for c in boundaryCells { perCell[c].append(Int32(z)) }
            for y in row(p.minLat)...row(p.maxLat) {
                for x in col(p.minLon)...col(p.maxLon) where mark[y * nc + x] != epoch {
                    let centre = Coordinate(lat: aLat + (Double(y) + 0.5) * cLat, lon: aLon + (Double(x) + 0.5) * cLon)
                    if p.contains(centre) { perCell[y * nc + x].append(~Int32(z)) }
                }
            }
        }
        var start = [Int32](repeating: 0, count: nc * nr + 1)
        var items: [Int32] = []
        for c in 0..<(nc * nr) {
            // Interior entries first: they need no test, and a cell is usually inside one zone only.
            items.append(contentsOf: perCell[c].filter { $0 < 0 })
            items.append(contentsOf: perCell[c].filter { $0 >= 0 })
            start[c + 1] = Int32(items.count)
        }
        cellStart = start
        cellItems = items
    }

    public var count: Int { zones.count }

    /// Cell-zone pairs in the grid (memory is 4 bytes each plus 4 per cell).
    public var entryCount: Int { cellItems.count }

    /// The zones containing `c` (up to `ZoneMembership.capacity`), by dense index.
    @inline(__always) public func zones(containing c: Coordinate) -> ZoneMembership {
        var out = ZoneMembership()
        let fy = (c.lat - minLat) * invCellLat, fx = (c.lon - minLon) * invCellLon
        guard fy >= 0, fx >= 0, fy < Double(rows), fx < Double(cols) else { return out }
        let cell = Int(fy) * cols + Int(fx)
        cellItems.withUnsafeBufferPointer { items in
            for i in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                let z = items[i]
                if z < 0 {
                    out.insert(~z)
                } else if polygons[Int(z)].contains(c) {
                    out.insert(z)
                }
            }
        }
        return out
    }

    /// The IDs of the zones containing `c`: for labelling an incident with its zone (response
    /// accounting per zone) and for the map.
    public func zoneIDs(containing c: Coordinate) -> [ZoneID] {
        let m = zones(containing: c)
        return (0..<m.count).map { zones[Int(m[$0])].id }
    }

    /// The dense index of the zone with `id`, if fenced. Linear: for setup and reports only.
    public func index(of id: ZoneID) -> Int32? {
        zones.firstIndex { $0.id == id }.map { Int32($0) }
    }
}
