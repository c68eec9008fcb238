import Foundation

/// The one pass over `IncidentFacts` every KPI question makes: the rows of a period inside a
/// scope, each classified once (judged? met? feedback late as of `now`?) and added to the
/// buckets it belongs to: the whole, its group (or each of its units'), its league station and
/// its day (`KPIBuckets`).
///
/// Two passes in fact: the first only counts how many values each bucket will hold per step,
/// so the second writes every value straight to its place in one array per step: no array per
/// bucket, no sorting afterwards, no growing.
extension IncidentFacts {
    /// Where a row goes besides the whole: by interned path, zone, category or unit to a group
    /// index (-1: no group).
    enum RowGroups {
        case none
        case path([Int32])
        case zone([Int32])
        case category([Int32])
        case unit([Int32])
    }

    /// A scan's buckets: 0 the whole, then `groups` groups, `secondary` league stations and
    /// `days` days, in that order.
    struct Scan {
        var buckets: KPIBuckets
        let groups: Int
        let secondary: Int
        let days: Int

        var groupBase: Int { 1 }
        var secondaryBase: Int { 1 + groups }
        var dayBase: Int { 1 + groups + secondary }
    }

    /// Where the second pass writes: the counters, and per step the values array and the next
    /// free position of each bucket.
    struct Sink {
        let counts: UnsafeMutablePointer<Int>
        let stride: Int
        let values: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
        let next: (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>)

        /// One row, classified.
        struct Row {
            var category: Int
            var priority: Int
            var d0: Float, d1: Float, d2: Float, d3: Float
            var judged: Bool, met: Bool
            var flags: UInt8
            var feedbackCounted: Bool, feedbackLate: Bool
        }

        typealias F = KPIBuckets.Field

        /// Adds `r` to bucket `b`: its counters and its values (for a day, call → arrival only).
        @inline(__always) func add(_ r: Row, _ b: Int, arrivalOnly: Bool = false) {
            let c = counts + b * stride
            c[F.incidents.rawValue] += 1
            c[KPIBuckets.category0 + r.category] += 1
            c[F.priority1.rawValue + r.priority - 1] += 1
            let arrival = r.d3
            if !arrival.isNaN {
                c[F.arrivals.rawValue] += 1
                if arrival <= 60 { c[F.within1.rawValue] += 1 }
                if arrival <= 180 { c[F.within3.rawValue] += 1 }
                if arrival <= 300 { c[F.within5.rawValue] += 1 }
            }
            if r.judged {
                c[F.judged.rawValue] += 1
                if r.met { c[F.met.rawValue] += 1 }
            }
            let f = r.flags
            if f != 0 {
                if f & IncidentFact.Flags.closed.rawValue != 0 { c[F.closed.rawValue] += 1 }
                if f & IncidentFact.Flags.cancelled.rawValue != 0 { c[F.cancelled.rawValue] += 1 }
                if f & IncidentFact.Flags.merged.rawValue != 0 { c[F.merged.rawValue] += 1 }
                if f & IncidentFact.Flags.referred.rawValue != 0 { c[F.referred.rawValue] += 1 }
                if f & IncidentFact.Flags.highRisk.rawValue != 0 { c[F.highRisk.rawValue] += 1 }
            }
            if r.feedbackCounted {
                c[F.feedbackDue.rawValue] += 1
                if r.feedbackLate { c[F.feedbackOverdue.rawValue] += 1 }
            }
            if !arrivalOnly {
                if !r.d0.isNaN { values.0[next.0[b]] = r.d0; next.0[b] += 1 }
                if !r.d1.isNaN { values.1[next.1[b]] = r.d1; next.1[b] += 1 }
                if !r.d2.isNaN { values.2[next.2[b]] = r.d2; next.2[b] += 1 }
            }
            if !arrival.isNaN { values.3[next.3[b]] = arrival; next.3[b] += 1 }
        }
    }

    /// Tallies the rows received in `start ..< end` whose path is in scope (`inScope` by path
    /// index).
    /// - Parameters:
    ///   - now: the instant open incidents and unpaid feedback are judged at.
    ///   - groups: the row → group map, with `groupCount` groups.
    ///   - secondary: a second map by path (stations for the league), with `secondaryCount` groups.
    ///   - dayStart, days: the daily series, `days` days from `dayStart` (call → arrival values only); 0 for none.
    func scan(start: Date, end: Date, inScope: [Bool], now: Date, groups: RowGroups = .none, groupCount: Int = 0,
              secondary: [Int32]? = nil, secondaryCount: Int = 0, dayStart: Date? = nil, days: Int = 0) -> Scan {
        let nBuckets = 1 + groupCount + secondaryCount + days
        var buckets = KPIBuckets(count: nBuckets, categories: categories.count)
        let t0 = start.timeIntervalSince1970, t1 = end.timeIntervalSince1970
        let nowT = now.timeIntervalSince1970
        let day0 = dayStart?.timeIntervalSince1970 ?? t0
        let window = rows(from: t0, to: t1)
        let secondaryBase = 1 + groupCount, dayBase = 1 + groupCount + secondaryCount
        // The grouping as a plain kind and map, so the loops do not unpack an enum per row.
        let (kind, map): (Int, [Int32]) = switch groups {
        case .none: (0, [])
        case .path(let m): (1, m)
        case .zone(let m): (2, m)
        case .category(let m): (3, m)
        case .unit(let m): (4, m)
        }
        // Rows belong to one group at most, except by unit: then the whole is its own bucket.
        let wholeOfGroups = kind != 4
        buckets.wholeEnd = wholeOfGroups ? 1 + groupCount : 1
        let secondaryMap = secondary ?? []
        let hasSecondary = secondary != nil

        /// The row's group (single-membership kinds), -1 for none.
        @inline(__always) func group(_ r: Int) -> Int {
            switch kind {
            case 1: return Int(map[Int(path[r])])
            case 2:
                let z = zone[r]
                return z >= 0 ? Int(map[Int(z)]) : -1
            case 3: return Int(map[Int(category[r])])
            default: return -1
            }
        }
        @inline(__always) func dayOf(_ t: Double) -> Int {
            let d = Int(((t - day0) / 86_400).rounded(.down))
            return d >= 0 && d < days ? d : -1
        }
        @inline(__always) func included(_ r: Int) -> Bool {
            let t = receivedAt[r]
            return t >= t0 && t < t1 && inScope[Int(path[r])]
        }

        // Pass 1: values per bucket and step.
        var sizes = [[Int]](repeating: [Int](repeating: 0, count: nBuckets), count: KPIBuckets.steps)
        sizes.withUnsafeMutableBufferPointer { s in
            s[0].withUnsafeMutableBufferPointer { s0 in
                s[1].withUnsafeMutableBufferPointer { s1 in
                    s[2].withUnsafeMutableBufferPointer { s2 in
                        s[3].withUnsafeMutableBufferPointer { s3 in
                            @inline(__always) func count(_ r: Int, _ b: Int, arrivalOnly: Bool = false) {
                                if !arrivalOnly {
                                    if !callToDispatch[r].isNaN { s0[b] += 1 }
                                    if !dispatchToArrival[r].isNaN { s1[b] += 1 }
                                    if !arrivalToResolved[r].isNaN { s2[b] += 1 }
                                }
                                if !callToArrival[r].isNaN { s3[b] += 1 }
                            }
                            for r in window where included(r) {
                                if kind == 4 {
                                    count(r, 0)
                                    let s = Int(unitStart[r])
                                    for i in s..<(s + Int(unitCount[r])) where map[Int(unitPool[i])] >= 0 { count(r, 1 + Int(map[Int(unitPool[i])])) }
                                } else {
                                    count(r, 1 + group(r))  // -1 → bucket 0: the whole's own share
                                }
                                if hasSecondary {
                                    let g = secondaryMap[Int(path[r])]
                                    if g >= 0 { count(r, secondaryBase + Int(g)) }
                                }
                                if days > 0 {
                                    let d = dayOf(receivedAt[r])
                                    if d >= 0 { count(r, dayBase + d, arrivalOnly: true) }
                                }
                            }
                        }
                    }
                }
            }
        }
        var next: [[Int]] = []
        for s in 0..<KPIBuckets.steps {
            var offsets = [Int](repeating: 0, count: nBuckets + 1)
            for b in 0..<nBuckets { offsets[b + 1] = offsets[b] + sizes[s][b] }
            buckets.offsets[s] = offsets
            next.append(Array(offsets.dropLast()))
        }
        let totals = (0..<KPIBuckets.steps).map { buckets.offsets[$0][nBuckets] }

        // Pass 2: classify every row once and write it where pass 1 made room.
        // (One spare element each, so no array is empty and every base address exists.)
        var v0 = [Float](repeating: 0, count: totals[0] + 1), v1 = [Float](repeating: 0, count: totals[1] + 1)
        var v2 = [Float](repeating: 0, count: totals[2] + 1), v3 = [Float](repeating: 0, count: totals[3] + 1)
        var n0 = next[0], n1 = next[1], n2 = next[2], n3 = next[3]
        let limits = arriveLimits
        buckets.counts.withUnsafeMutableBufferPointer { c in
            v0.withUnsafeMutableBufferPointer { p0 in
                v1.withUnsafeMutableBufferPointer { p1 in
                    v2.withUnsafeMutableBufferPointer { p2 in
                        v3.withUnsafeMutableBufferPointer { p3 in
                            n0.withUnsafeMutableBufferPointer { x0 in
                                n1.withUnsafeMutableBufferPointer { x1 in
                                    n2.withUnsafeMutableBufferPointer { x2 in
                                        n3.withUnsafeMutableBufferPointer { x3 in
                                            let sink = Sink(counts: c.baseAddress!, stride: buckets.stride,
                                                            values: (p0.baseAddress!, p1.baseAddress!, p2.baseAddress!, p3.baseAddress!),
                                                            next: (x0.baseAddress!, x1.baseAddress!, x2.baseAddress!, x3.baseAddress!))
                                            for r in window where included(r) {
                                                let t = receivedAt[r]
                                                let p = Int(priority[r])
                                                var judged = false, met = false
                                                switch verdict[r] {
                                                case IncidentFact.Verdict.met.rawValue: judged = true; met = true
                                                case IncidentFact.Verdict.missed.rawValue: judged = true
                                                case IncidentFact.Verdict.pending.rawValue: judged = nowT - t > limits[p - 1]
                                                default: break
                                                }
                                                let due = feedbackDue[r]
                                                let counted = !due.isNaN && due <= nowT
                                                var late = false
                                                if counted {
                                                    let done = feedbackDone[r]
                                                    late = done.isNaN ? nowT > due : done > due
                                                }
                                                let row = Sink.Row(category: Int(category[r]), priority: p, d0: callToDispatch[r], d1: dispatchToArrival[r],
                                                                   d2: arrivalToResolved[r], d3: callToArrival[r], judged: judged, met: met,
                                                                   flags: flags[r], feedbackCounted: counted, feedbackLate: late)
                                                if kind == 4 {
                                                    sink.add(row, 0)
                                                    let s = Int(unitStart[r])
                                                    for i in s..<(s + Int(unitCount[r])) where map[Int(unitPool[i])] >= 0 {
                                                        sink.add(row, 1 + Int(map[Int(unitPool[i])]))
                                                    }
                                                } else {
                                                    // A row in a group is counted there only: the whole is its groups and its
                                                    // own share (bucket 0), summed after the pass.
                                                    sink.add(row, 1 + group(r))
                                                }
                                                if hasSecondary {
                                                    let g = secondaryMap[Int(path[r])]
                                                    if g >= 0 { sink.add(row, secondaryBase + Int(g)) }
                                                }
                                                if days > 0 {
                                                    let d = dayOf(t)
                                                    if d >= 0 { sink.add(row, dayBase + d, arrivalOnly: true) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if wholeOfGroups {
            let stride = buckets.stride
            for b in 1..<buckets.wholeEnd {
                for f in 0..<stride { buckets.counts[f] += buckets.counts[b * stride + f] }
            }
        }
        buckets.values = [v0, v1, v2, v3]
        return Scan(buckets: buckets, groups: groupCount, secondary: secondaryCount, days: days)
    }

    /// `inScope` for `scope` (a path; `/` is everything), by interned path index.
    func pathsUnder(_ scope: String) -> [Bool] {
        paths.paths.map { $0.hasPrefix(scope) }
    }
}
