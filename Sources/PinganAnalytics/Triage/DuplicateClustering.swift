import Foundation
import PinganCore

/// Duplicate detection run offline over a whole call history: which calls would have been merged
/// at a threshold, and which only just missed, so a reader can judge the threshold on real calls
/// before a city turns proposals on.
///
/// The calls are taken in time order and each is scored against the earlier calls still inside
/// the windows, exactly as `DuplicateIndex` scores a new call against its history; every pair at
/// or above the threshold joins the two calls' clusters (union-find), so three calls about one
/// fire form one cluster even when the third resembles only the second.
public enum DuplicateClustering {
    /// Two calls and their evidence; `earlier` and `later` are positions in the input array.
    public struct Pair: Sendable, Equatable, Codable {
        public var earlier: Int
        public var later: Int
        /// With `incidentID` the earlier call's id.
        public var candidate: DuplicateCandidate
    }

    public struct Result: Sendable {
        public var threshold: Double
        public var callCount: Int
        /// For each input call, the input position of the earliest call of its cluster (itself
        /// when it stands alone).
        public var clusterOf: [Int]
        /// One per call that joined an earlier one: its best-scoring earlier partner.
        public var merges: [Pair]
        /// Pairs at or above the threshold (a call may link to several earlier ones).
        public var links: Int
        /// For each call that joined nothing, its best pair when that scored within the margin
        /// below the threshold; best first.
        public var nearMisses: [Pair]

        /// Calls that join an earlier one: what merging would take off the dispatcher's list.
        public var mergedCount: Int { merges.count }

        /// Clusters of two or more calls as input positions (each in input order), ordered by
        /// their first position.
        public var clusters: [[Int]] {
            var members: [Int: [Int]] = [:]
            for (i, root) in clusterOf.enumerated() { members[root, default: []].append(i) }
            return members.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
        }
    }

    /// Clusters `calls` (any order; ties in time keep input order) under `rules`, joining pairs
    /// that score at least `threshold` (default: the rules' merge threshold) and keeping near
    /// misses down to `nearMissMargin` below it. Throws for a call with an invalid position or time.
    public static func cluster(_ calls: [CallSummary], rules: DuplicateRules = .standard, threshold: Double? = nil,
                               nearMissMargin: Double = 0.1) throws(DomainError) -> Result {
        try rules.validate()
        let threshold = threshold ?? rules.mergeThreshold
        guard threshold.isFinite, threshold > 0, threshold <= 1 else { throw DomainError.invalid("threshold", "threshold must be in (0, 1]") }
        guard nearMissMargin.isFinite, nearMissMargin >= 0, nearMissMargin < 1 else {
            throw DomainError.invalid("nearMissMargin", "nearMissMargin must be in [0, 1)")
        }
        let floor = max(1e-9, threshold - nearMissMargin)
        let order = calls.indices.sorted { a, b in
            calls[a].receivedAt != calls[b].receivedAt ? calls[a].receivedAt < calls[b].receivedAt : a < b
        }
        // Union-find over positions in `order`; a root is always the earliest call of its set.
        var parent = Array(0..<calls.count)
        var position = [Int](repeating: 0, count: calls.count)  // of each input call in `order`
        for (p, i) in order.enumerated() { position[i] = p }
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var index = DuplicateIndex(rules: rules)
        var merges: [Pair] = [], nearMisses: [Pair] = []
        var links = 0
        var hits: [DuplicateIndex.Hit] = []
        for (n, i) in order.enumerated() {
            // Internal ids are input positions, so repeated ids in a file cannot collide.
            var call = calls[i]
            call.id = String(i)
            hits.removeAll(keepingCapacity: true)
            index.scan(call, now: call.receivedAt, minScore: floor, scope: nil, into: &hits)
            var best: DuplicateIndex.Hit?
            for h in hits {
                if best == nil || index.better(h, best!) { best = h }
                guard h.score >= threshold else { continue }
                links += 1
                let j = Int(index.id(of: h.slot))!
                let (ri, rj) = (find(i), find(j))
                if ri != rj {
                    if position[ri] < position[rj] { parent[rj] = ri } else { parent[ri] = rj }
                }
            }
            if let best {
                var c = index.candidate(best)
                let j = Int(c.incidentID)!
                c.incidentID = calls[j].id
                let pair = Pair(earlier: j, later: i, candidate: c)
                if best.score >= threshold { merges.append(pair) } else { nearMisses.append(pair) }
            }
            do { try index.upsert(call) } catch { throw DomainError.invalid("calls[\(i)]", error.message) }
            if n % 4096 == 4095 {
                index.prune(before: call.receivedAt.addingTimeInterval(-rules.widestWindow - 1))
            }
        }
        nearMisses.sort { $0.candidate.score != $1.candidate.score ? $0.candidate.score > $1.candidate.score : $0.later < $1.later }
        return Result(threshold: threshold, callCount: calls.count, clusterOf: calls.indices.map { find($0) },
                      merges: merges, links: links, nearMisses: nearMisses)
    }
}
