/// Events placed on a grid, as flat arrays sorted by time: what every method reads.
///
/// Structure of arrays (time, projected x and y, cell) so the scoring loops touch only what
/// they use; sorting once by time makes "the N days before D" a binary search. Events outside
/// the grid (when the grid was laid over a given box) are left out and counted.
public struct GriddedEvents: Sendable {
    public let grid: ForecastGrid
    /// Days since 1970 (`ForecastEvent.days`), ascending.
    public private(set) var days: [Double] = []
    public private(set) var x: [Double] = []
    public private(set) var y: [Double] = []
    public private(set) var cell: [Int32] = []
    /// Events that fell outside the grid and were left out.
    public private(set) var outside = 0

    public init(_ events: [ForecastEvent], grid: ForecastGrid) {
        self.grid = grid
        let order = events.indices.sorted { events[$0].days < events[$1].days || (events[$0].days == events[$1].days && $0 < $1) }
        days.reserveCapacity(events.count); x.reserveCapacity(events.count); y.reserveCapacity(events.count); cell.reserveCapacity(events.count)
        for i in order {
            let p = grid.projection.project(events[i].coordinate)
            guard let c = grid.cell(x: p.x, y: p.y) else { outside += 1; continue }
            days.append(events[i].days)
            x.append(p.x)
            y.append(p.y)
            cell.append(Int32(c))
        }
    }

    public var count: Int { days.count }

    /// Index of the first event at or after `t` (days since 1970).
    public func firstIndex(atOrAfter t: Double) -> Int {
        var lo = 0, hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The events that fell on days `from ..< to`.
    public func range(from: ForecastDay, to: ForecastDay) -> Range<Int> {
        let a = firstIndex(atOrAfter: Double(from.rawValue)), b = firstIndex(atOrAfter: Double(to.rawValue))
        return a..<max(a, b)
    }

    /// Cells holding at least one event, as a mask over the grid.
    public func occupiedCells() -> [Bool] {
        var mask = [Bool](repeating: false, count: grid.cellCount)
        for c in cell { mask[Int(c)] = true }
        return mask
    }
}
