import Foundation

/// How long one step of the response took over a set of incidents, in seconds: count, mean, the
/// 50th, 90th and 95th percentiles and the longest.
///
/// Percentiles are exact and by the **nearest-rank** definition: of `n` values sorted ascending,
/// the p-th percentile is the one at rank ⌈p·n⌉ (1-based), always a value that occurred, the same
/// definition as `ResponseSummary`. Nothing is sorted:
/// - a few hundred values by selection (Hoare's quickselect with a median-of-three pivot, each
///   percentile searched only right of the one before);
/// - more (a station's year, a city's million arrivals) by bucket: one pass counts the values
///   by the top bits of their bit pattern, which order as the values do for non-negative
///   floats, and says which narrow bucket holds each wanted rank; a second gathers those
///   buckets' few values, and quickselect finishes among them (`bucketSelect`).
public struct DurationStats: Codable, Sendable, Hashable {
    public var count: Int
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var max: Double

    public init(count: Int, mean: Double, p50: Double, p90: Double, p95: Double, max: Double) {
        self.count = count
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.max = max
    }

    /// The figures of `values` (no NaN), reordering them in place; nil when there are none.
    public static func measure(_ values: inout [Double]) -> DurationStats? {
        let n = values.count
        guard n > 0 else { return nil }
        return values.withUnsafeMutableBufferPointer { b in
            var sum = 0.0, top = -Double.infinity
            for v in b {
                sum += v
                if v > top { top = v }
            }
            let k50 = rank(0.5, n), k90 = rank(0.9, n), k95 = rank(0.95, n)
            select(b, k50, from: 0)
            select(b, k90, from: k50)
            select(b, k95, from: k90)
            return DurationStats(count: n, mean: sum / Double(n), p50: b[k50], p90: b[k90], p95: b[k95], max: top)
        }
    }

    /// The figures of non-negative `values` (no NaN), in seconds to the millisecond, possibly
    /// reordering them; nil when none.
    public static func measure(_ values: inout [Float]) -> DurationStats? {
        values.withUnsafeMutableBufferPointer { measure($0) }
    }

    /// The figures of non-negative values (no NaN) in a buffer, reordering them unless `keepOrder`.
    static func measure(_ values: UnsafeMutableBufferPointer<Float>, keepOrder: Bool = false) -> DurationStats? {
        let n = values.count
        guard n > 0 else { return nil }
        var sum = 0.0
        var top: Float = 0
        for v in values {
            sum += Double(v)
            if v > top { top = v }
        }
        let p = percentiles([rank(0.5, n), rank(0.9, n), rank(0.95, n)], of: values, keepOrder: keepOrder)
        return DurationStats(count: n, mean: millisecond(sum / Double(n)), p50: millisecond(p[0]), p90: millisecond(p[1]), p95: millisecond(p[2]),
                             max: millisecond(top))
    }

    /// Seconds to the millisecond: the facts keep durations as 32-bit floats (a millisecond or
    /// two of precision up to several hours), and a figure should read 1518.62, not 1518.619995.
    static func millisecond(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
    static func millisecond(_ seconds: Float) -> Double { millisecond(Double(seconds)) }

    /// The 0-based index of the nearest-rank `p` percentile of `n` values: ⌈p·n⌉ − 1.
    /// (Rounded against floating error first, so 0.9 × 10 is rank 9, not 10.)
    public static func rank(_ p: Double, _ n: Int) -> Int {
        let exact = p * Double(n)
        let nearest = exact.rounded()
        let r = abs(exact - nearest) < 1e-9 ? nearest : exact.rounded(.up)
        return Swift.min(n - 1, Swift.max(0, Int(r) - 1))
    }

    /// The p-th percentile (nearest rank) of `values`, reordering them; nil when empty.
    public static func percentile(_ p: Double, of values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let k = rank(p, values.count)
        return values.withUnsafeMutableBufferPointer { b in
            select(b, k, from: 0)
            return b[k]
        }
    }

    /// The p-th percentile (nearest rank) of non-negative `values`, possibly reordering them;
    /// nil when empty.
    public static func percentile(_ p: Double, of values: inout [Float]) -> Double? {
        guard !values.isEmpty else { return nil }
        let k = rank(p, values.count)
        return values.withUnsafeMutableBufferPointer { millisecond(percentiles([k], of: $0)[0]) }
    }

    /// The values at the 0-based sorted positions `ranks` (ascending) of non-negative `values`:
    /// quickselect for a few, else by bucket (see `bucketSelect`), which leaves them in order;
    /// `keepOrder` asks for that whatever the count.
    static func percentiles(_ ranks: [Int], of values: UnsafeMutableBufferPointer<Float>, keepOrder: Bool = false) -> [Float] {
        if values.count >= bucketThreshold || keepOrder { return bucketSelect(ranks, UnsafeBufferPointer(values)) }
        var out: [Float] = []
        var lower = 0
        for k in ranks {
            select(values, k, from: lower)
            out.append(values[k])
            lower = k
        }
        return out
    }

    /// From this many values on, percentiles are found by bucket rather than by quickselect alone.
    static let bucketThreshold = 512

    /// Exact order statistics of non-negative floats without reordering them: one pass counts
    /// the values by the top bits of their bit pattern (for non-negative floats the patterns
    /// order as the values do; with `b` bits a bucket spans 1/2^(b−9) of a power of two, and
    /// `b` grows with the count, 8 to 16, so buckets stay small), which names the bucket
    /// holding each wanted rank; a second gathers those buckets' values (a few) and quickselect
    /// finds the ranks among them. Two light reads of the array instead of several
    /// partitioning passes over it.
    static func bucketSelect(_ ranks: [Int], _ v: UnsafeBufferPointer<Float>) -> [Float] {
        let bits = Swift.min(16, Swift.max(8, Int.bitWidth - v.count.leadingZeroBitCount))
        let shift = UInt32(32 - bits)
        var counts = [Int32](repeating: 0, count: 1 << bits)
        counts.withUnsafeMutableBufferPointer { h in
            for x in v { h[Int(x.bitPattern >> shift)] += 1 }
        }
        // Which bucket holds each rank, and the rank within it.
        var buckets: [UInt32] = [], within: [Int] = []
        var bucket = 0, before = 0
        for k in ranks {
            while before + Int(counts[bucket]) <= k {
                before += Int(counts[bucket])
                bucket += 1
            }
            buckets.append(UInt32(bucket))
            within.append(k - before)
        }
        // Gather the (at most three) buckets' values.
        var distinct: [UInt32] = []
        for b in buckets where !distinct.contains(b) { distinct.append(b) }
        let d0 = distinct[0], d1 = distinct.count > 1 ? distinct[1] : .max, d2 = distinct.count > 2 ? distinct[2] : .max
        var g0: [Float] = [], g1: [Float] = [], g2: [Float] = []
        g0.reserveCapacity(Int(counts[Int(d0)]))
        if distinct.count > 1 { g1.reserveCapacity(Int(counts[Int(d1)])) }
        if distinct.count > 2 { g2.reserveCapacity(Int(counts[Int(d2)])) }
        for x in v {
            let top = x.bitPattern >> shift
            if top == d0 {
                g0.append(x)
            } else if top == d1 {
                g1.append(x)
            } else if top == d2 {
                g2.append(x)
            }
        }
        // Each rank among its bucket's values; a later rank in the same bucket searches right of the earlier.
        var out: [Float] = []
        var lower = [0, 0, 0]
        for (bucket, r) in zip(buckets, within) {
            let i = distinct.firstIndex(of: bucket) ?? 0
            let from = lower[i]
            let value: Float = switch i {
            case 0: g0.withUnsafeMutableBufferPointer { select($0, r, from: from); return $0[r] }
            case 1: g1.withUnsafeMutableBufferPointer { select($0, r, from: from); return $0[r] }
            default: g2.withUnsafeMutableBufferPointer { select($0, r, from: from); return $0[r] }
            }
            lower[i] = r
            out.append(value)
        }
        return out
    }

    /// Puts the k-th smallest of `b[lower...]` at `k`, smaller-or-equal values before it and
    /// greater-or-equal after. Elements before `lower` must already be ≤ all from `lower` on.
    static func select<T: Comparable>(_ b: UnsafeMutableBufferPointer<T>, _ k: Int, from lower: Int) {
        var lo = lower, hi = b.count - 1
        while hi > lo {
            if hi - lo < 16 {
                // Insertion sort for the last few.
                for i in (lo + 1)...hi {
                    let v = b[i]
                    var j = i - 1
                    while j >= lo && b[j] > v {
                        b[j + 1] = b[j]
                        j -= 1
                    }
                    b[j + 1] = v
                }
                return
            }
            // Median of three as the pivot, then Hoare's partition.
            let mid = lo + (hi - lo) / 2
            if b[mid] < b[lo] { b.swapAt(mid, lo) }
            if b[hi] < b[lo] { b.swapAt(hi, lo) }
            if b[hi] < b[mid] { b.swapAt(hi, mid) }
            let pivot = b[mid]
            var i = lo, j = hi
            while i <= j {
                while b[i] < pivot { i += 1 }
                while b[j] > pivot { j -= 1 }
                if i <= j {
                    b.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now b[lo...j] ≤ pivot ≤ b[i...hi], and anything between equals the pivot.
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return
            }
        }
    }
}
