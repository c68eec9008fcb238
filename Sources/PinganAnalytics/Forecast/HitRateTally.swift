/// Hit rate and PAI (predictive accuracy index) of a forecast, pooled over test days.
///
/// For each day the study cells are ranked by score and the top `p`% of them (by count, so by
/// area: every cell is the same size) are "selected". The hit rate is the share of the day's
/// events that fall in selected cells; PAI = hit rate / area share (Chainey, Tompson & Uhlig
/// 2008), so 1 is no better than chance and 10 at 5% means the selected twentieth of the area
/// holds half of the events. Days are pooled by event: hits and events are summed over the test
/// window before dividing, so a busy day weighs more than a quiet one — the usual convention,
/// and the only one that stays defined on days without events.
///
/// Ties at the cut are shared, not broken by an arbitrary order: when `k` more cells are needed
/// from a group of `g` cells with equal scores, each of them counts as `k/g` selected. This is
/// the expected hit count under a uniformly random tie-break, exact and seedless; it matters for
/// prior counts, whose scores are small integers.
public struct HitRateTally: Sendable, Equatable {
    /// The area shares asked for, in percent (1, 5, 10).
    public let percents: [Double]
    /// Cells selected for each percent (at least one).
    public let selected: [Int]
    /// Cells in the study area.
    public let studyCells: Int
    /// Events captured, per percent, summed over days (fractional where ties were shared).
    public private(set) var captured: [Double]
    /// Events of all days added.
    public private(set) var events = 0
    public private(set) var days = 0

    public init(percents: [Double] = [1, 5, 10], studyCells: Int) {
        self.percents = percents
        self.studyCells = studyCells
        selected = percents.map { Self.selectedCells(percent: $0, of: studyCells) }
        captured = percents.map { _ in 0 }
    }

    /// How many of `studyCells` make `percent` of the area: rounded, at least one.
    public static func selectedCells(percent: Double, of studyCells: Int) -> Int {
        max(1, min(studyCells, Int((percent / 100 * Double(studyCells)).rounded())))
    }

    /// Events among `eventCells` that fall in the top `select[k]` of `studyCells` by `scores`,
    /// ties at the cut shared (see the type's notes).
    public static func captured(scores: [Double], studyCells: [Int32], eventCells: [Int32], select: [Int]) -> [Double] {
        guard !eventCells.isEmpty, !studyCells.isEmpty else { return select.map { _ in 0 } }
        var perCell: [Int32: Int] = [:]
        for c in eventCells { perCell[c, default: 0] += 1 }
        let order = studyCells.sorted { scores[Int($0)] > scores[Int($1)] || (scores[Int($0)] == scores[Int($1)] && $0 < $1) }
        var cumulative = [Int](repeating: 0, count: order.count + 1)
        for (i, c) in order.enumerated() { cumulative[i + 1] = cumulative[i] + (perCell[c] ?? 0) }
        return select.map { n in
            let n = min(max(n, 0), order.count)
            guard n > 0 else { return 0 }
            let cut = scores[Int(order[n - 1])]
            // The tied group around the cut: [lo, hi).
            var lo = n - 1, hi = n
            while lo > 0, scores[Int(order[lo - 1])] == cut { lo -= 1 }
            while hi < order.count, scores[Int(order[hi])] == cut { hi += 1 }
            let above = Double(cumulative[lo]), tied = Double(cumulative[hi] - cumulative[lo])
            return above + tied * Double(n - lo) / Double(hi - lo)
        }
    }

    /// Adds one day: its forecast `scores` (per grid cell) and the cells of its events.
    public mutating func add(scores: [Double], studyCells: [Int32], eventCells: [Int32]) {
        let c = Self.captured(scores: scores, studyCells: studyCells, eventCells: eventCells, select: selected)
        for k in captured.indices { captured[k] += c[k] }
        events += eventCells.count
        days += 1
    }

    /// Share of events captured at `percents[k]` (0 when there were no events).
    public func hitRate(_ k: Int) -> Double { events > 0 ? captured[k] / Double(events) : 0 }
    /// Share of the study area selected at `percents[k]`.
    public func areaShare(_ k: Int) -> Double { Double(selected[k]) / Double(max(1, studyCells)) }
    /// Hit rate over area share at `percents[k]`.
    public func pai(_ k: Int) -> Double { hitRate(k) / areaShare(k) }
}
