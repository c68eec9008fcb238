/// The maximal covering location problem (Church & ReVelle, 1974): choose `k` sites among the
/// candidates so that the demand weight reached within the time limit is largest, on top of what
/// units that stay put already cover.
///
/// Greedy first (each step takes the site with the largest uncovered weight; covered weight is
/// submodular, so greedy is within (1 − 1/e) of the optimum, Nemhauser, Wolsey & Fisher 1978),
/// evaluated lazily: a site's gain only falls as others are chosen, so a stale gain that still
/// tops the queue is recomputed and taken if it stays on top. Then one-swap local search (drop
/// a chosen site, add another) while some swap gains, each pass over all pairs at the cost of one
/// walk over the cover sets: a pair's gain is the added site's gain on the uncovered demand, plus
/// what both cover that only the dropped site covered, minus what only the dropped site covered.
public struct MaximalCovering: Sendable {
    public let sets: CoverSets
    public let weights: [Double]

    public struct Solution: Sendable, Equatable {
        /// Chosen candidate indices, in the order greedy took them, then swapped.
        public var sites: [Int]
        /// Demand weight covered by the chosen sites and the units that stay.
        public var covered: Double
        /// The same after greedy alone, before local search.
        public var greedyCovered: Double
        /// Weight covered before any site is chosen (by the units that stay).
        public var baseCovered: Double
        public var swaps: Int
    }

    public init(sets: CoverSets, weights: [Double]) {
        precondition(weights.count == sets.demandCount, "one weight per demand point")
        self.sets = sets
        self.weights = weights
    }

    /// Total demand weight.
    public var totalWeight: Double { weights.reduce(0, +) }

    /// - Parameters:
    ///   - k: sites to choose (at most the number of allowed candidates).
    ///   - alreadyCovered: demand indices the units that stay already reach.
    ///   - allowed: candidates that may be chosen (nil: all).
    ///   - maxPasses: local-search passes at most (0: greedy only).
    public func solve(k: Int, alreadyCovered: [Int32] = [], allowed: [Bool]? = nil, maxPasses: Int = 50) -> Solution {
        let m = sets.candidateCount
        var count = [Int32](repeating: 0, count: sets.demandCount)
        for i in alreadyCovered where count[Int(i)] == 0 { count[Int(i)] = 1 }
        // Demand the staying units cover counts once, however many of them reach it.
        var base = 0.0
        for i in 0..<count.count where count[i] > 0 { base += weights[i] }
        var chosen: [Int] = []
        var isChosen = [Bool](repeating: false, count: m)
        var covered = base
        sets.offsets.withUnsafeBufferPointer { off in
        sets.members.withUnsafeBufferPointer { mem in
        weights.withUnsafeBufferPointer { w in
        count.withUnsafeMutableBufferPointer { c in
            func gain(_ j: Int) -> Double {
                var s = 0.0
                for p in Int(off[j])..<Int(off[j + 1]) where c[Int(mem[p])] == 0 { s += w[Int(mem[p])] }
                return s
            }
            var heap = BinaryHeap<Stale>(capacity: m)
            for j in 0..<m where allowed?[j] ?? true { heap.insert(Stale(gain: gain(j), site: j, round: 0)) }
            var round = 0
            while chosen.count < k, !heap.isEmpty {
                let top = heap.removeMin()
                if top.round == round {
                    chosen.append(top.site); isChosen[top.site] = true
                    covered += top.gain
                    for p in Int(off[top.site])..<Int(off[top.site + 1]) { c[Int(mem[p])] += 1 }
                    round += 1
                } else {
                    heap.insert(Stale(gain: gain(top.site), site: top.site, round: round))
                }
            }
        }}}}
        let greedy = covered
        var swaps = 0
        if chosen.count > 0 && maxPasses > 0 {
            swaps = localSearch(&chosen, &isChosen, &count, &covered, allowed: allowed, maxPasses: maxPasses)
        }
        return Solution(sites: chosen, covered: covered, greedyCovered: greedy, baseCovered: base, swaps: swaps)
    }

    /// Best-improvement one-swap passes; returns the number of swaps made.
    func localSearch(_ chosen: inout [Int], _ isChosen: inout [Bool], _ count: inout [Int32], _ covered: inout Double,
                     allowed: [Bool]?, maxPasses: Int) -> Int {
        let m = sets.candidateCount
        let nd = sets.demandCount
        var slot = [Int](repeating: -1, count: m)
        for (s, j) in chosen.enumerated() { slot[j] = s }
        var swaps = 0
        var sole = [Int32](repeating: -1, count: nd)
        var loss = [Double](repeating: 0, count: chosen.count)
        var corr = [Double](repeating: 0, count: chosen.count)
        let eps = 1e-9 * max(1, totalWeight)
        for _ in 0..<maxPasses {
            // Who alone covers each singly covered demand point, and what each chosen site alone covers.
            for i in 0..<nd { sole[i] = -1 }
            for s in 0..<loss.count { loss[s] = 0 }
            for (s, j) in chosen.enumerated() {
                for i in sets.covered(by: j) where count[Int(i)] == 1 { sole[Int(i)] = Int32(s); loss[s] += weights[Int(i)] }
            }
            var best = eps, bestDrop = -1, bestAdd = -1
            for k in 0..<m where !isChosen[k] && (allowed?[k] ?? true) {
                var g0 = 0.0
                for s in 0..<corr.count { corr[s] = 0 }
                for i in sets.covered(by: k) {
                    let c = count[Int(i)]
                    if c == 0 { g0 += weights[Int(i)] } else if c == 1, sole[Int(i)] >= 0 { corr[Int(sole[Int(i)])] += weights[Int(i)] }
                }
                if g0 + corr.max()! <= best { continue }
                for s in 0..<chosen.count {
                    let delta = g0 + corr[s] - loss[s]
                    if delta > best { best = delta; bestDrop = s; bestAdd = k }
                }
            }
            guard bestAdd >= 0 else { break }
            let out = chosen[bestDrop]
            for i in sets.covered(by: out) { count[Int(i)] -= 1 }
            for i in sets.covered(by: bestAdd) { count[Int(i)] += 1 }
            isChosen[out] = false; slot[out] = -1
            isChosen[bestAdd] = true; slot[bestAdd] = bestDrop
            chosen[bestDrop] = bestAdd
            covered += best
            swaps += 1
        }
        // Recount: the running sum drifts in floating point over many swaps.
        covered = 0
        for i in 0..<nd where count[i] > 0 { covered += weights[i] }
        return swaps
    }

    /// Demand weight a set of sites covers together with `alreadyCovered` (the oracle tests and
    /// the benchmark check solutions with it).
    public func coverage(of sites: [Int], alreadyCovered: [Int32] = []) -> Double {
        var hit = [Bool](repeating: false, count: sets.demandCount)
        for i in alreadyCovered { hit[Int(i)] = true }
        for j in sites { for i in sets.covered(by: j) { hit[Int(i)] = true } }
        var s = 0.0
        for i in 0..<hit.count where hit[i] { s += weights[i] }
        return s
    }
}

/// A greedy candidate with the round its gain was computed in; ordered largest gain first, then
/// lowest index, so ties break the same way every run.
struct Stale: Comparable {
    var gain: Double
    var site: Int
    var round: Int
    static func < (a: Stale, b: Stale) -> Bool { a.gain != b.gain ? a.gain > b.gain : a.site < b.site }
}
