import Foundation

/// The counts and duration values of many sets of incidents at once (the whole jurisdiction,
/// each group, each league station, each day: "buckets"), as a scan of `IncidentFacts` fills
/// them: one flat matrix of counters, bucket by field, and per response step one flat array of
/// values ordered by bucket. No array per bucket, so adding a row to three buckets is a few
/// increments through one pointer, and a bucket's values are a contiguous slice to select in.
///
/// When every row belongs to at most one group, the whole's values are not stored twice:
/// bucket 0 holds the rows in no group, the groups follow it, and the whole is buckets
/// `0 ..< wholeEnd` together (`wholeEnd` 1 when the whole is a bucket of its own).
struct KPIBuckets {
    /// The counters of a bucket, at these offsets; categories follow from `category0`.
    enum Field: Int, CaseIterable {
        case incidents, arrivals, within1, within3, within5, judged, met, closed, cancelled, merged, referred, highRisk
        case feedbackDue, feedbackOverdue, priority1, priority2, priority3, priority4
    }

    static let category0 = Field.allCases.count
    /// The response steps, in `KPIFigures` order: call → dispatch, dispatch → arrival,
    /// arrival → resolved, call → arrival.
    static let steps = 4

    let count: Int
    let stride: Int
    var counts: [Int]
    /// Per step, every bucket's values, bucket 0's first; bucket b's are
    /// `values[s][offsets[s][b] ..< offsets[s][b + 1]]`.
    var values: [[Float]]
    var offsets: [[Int]]
    /// The whole's values are those of buckets `0 ..< wholeEnd`.
    var wholeEnd = 1

    init(count: Int, categories: Int) {
        self.count = count
        stride = Self.category0 + categories
        counts = [Int](repeating: 0, count: count * stride)
        values = [[Float]](repeating: [], count: Self.steps)
        offsets = [[Int]](repeating: [Int](repeating: 0, count: count + 1), count: Self.steps)
    }

    /// The range of `values[step]` holding `bucket`'s values.
    func range(_ bucket: Int, step: Int) -> Range<Int> {
        bucket == 0 ? offsets[step][0]..<offsets[step][wholeEnd] : offsets[step][bucket]..<offsets[step][bucket + 1]
    }

    func count(_ bucket: Int, _ field: Field) -> Int { counts[bucket * stride + field.rawValue] }

    /// Duration figures of one step of one bucket (reorders that slice; the whole's values are
    /// the groups' too, and are not reordered: selection there only reads).
    mutating func durations(_ bucket: Int, step: Int) -> DurationStats? {
        let r = range(bucket, step: step)
        guard !r.isEmpty else { return nil }
        return values[step].withUnsafeMutableBufferPointer { DurationStats.measure(UnsafeMutableBufferPointer(rebasing: $0[r]), keepOrder: bucket == 0) }
    }

    /// The nearest-rank `p` percentile of one step of one bucket (reorders that slice, as above).
    mutating func percentile(_ p: Double, _ bucket: Int, step: Int) -> Double? {
        let r = range(bucket, step: step)
        guard !r.isEmpty else { return nil }
        return values[step].withUnsafeMutableBufferPointer {
            DurationStats.millisecond(DurationStats.percentiles([DurationStats.rank(p, r.count)], of: UnsafeMutableBufferPointer(rebasing: $0[r]),
                                                                keepOrder: bucket == 0)[0])
        }
    }

    /// Everything about one bucket as `KPIFigures` (alerts aside).
    mutating func figures(_ b: Int, categoryNames: [String]) -> KPIFigures {
        var f = KPIFigures()
        let base = b * stride
        func c(_ field: Field) -> Int { counts[base + field.rawValue] }
        f.incidents = c(.incidents)
        for (i, name) in categoryNames.enumerated() where counts[base + Self.category0 + i] > 0 {
            f.byCategory[name] = counts[base + Self.category0 + i]
        }
        for (i, field) in [Field.priority1, .priority2, .priority3, .priority4].enumerated() where c(field) > 0 {
            f.byPriority[String(i + 1)] = c(field)
        }
        f.callToDispatch = durations(b, step: 0)
        f.dispatchToArrival = durations(b, step: 1)
        f.arrivalToResolved = durations(b, step: 2)
        f.callToArrival = durations(b, step: 3)
        f.arrivals = c(.arrivals)
        f.within1Minute = c(.within1)
        f.within3Minutes = c(.within3)
        f.within5Minutes = c(.within5)
        f.within1MinuteShare = KPIFigures.share(f.within1Minute, f.arrivals)
        f.within3MinutesShare = KPIFigures.share(f.within3Minutes, f.arrivals)
        f.within5MinutesShare = KPIFigures.share(f.within5Minutes, f.arrivals)
        f.judged = c(.judged)
        f.met = c(.met)
        f.metRate = KPIFigures.share(f.met, f.judged)
        f.closed = c(.closed)
        f.cancelled = c(.cancelled)
        f.closureRate = KPIFigures.share(f.closed, f.incidents - f.cancelled)
        f.merged = c(.merged)
        f.referred = c(.referred)
        f.highRisk = c(.highRisk)
        f.feedbackDue = c(.feedbackDue)
        f.feedbackOverdue = c(.feedbackOverdue)
        f.overdueFeedbackRate = KPIFigures.share(f.feedbackOverdue, f.feedbackDue)
        return f
    }
}
