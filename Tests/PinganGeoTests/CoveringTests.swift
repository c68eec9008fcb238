import Foundation
import Testing
@testable import PinganGeo

/// The covering-location core behind live coverage and move proposals: cover sets against plain
/// Dijkstra, demand shares against a brute-force count, the solver against exhaustive search,
/// and the move planner on crafted cases with known answers.
@Suite struct CoveringTests {
    /// All k-subsets of 0..<m, for the exhaustive oracle.
    static func subsets(_ m: Int, _ k: Int) -> [[Int]] {
        if k == 0 { return [[]] }
        if m < k { return [] }
        return subsets(m - 1, k) + subsets(m - 1, k - 1).map { $0 + [m - 1] }
    }

    @Test func coverSetsMatchDijkstraFromEachSite() {
        let net = TestData.helsinki
        let g = net.graph
        var rng = SplitMix64(seed: 21)
        let demand = (0..<400).map { _ in Int32(rng.next() % UInt64(g.nodeCount)) } + [0, 0]
        let sites = (0..<25).map { _ in RoutePoint.node(Int(rng.next() % UInt64(g.nodeCount)), in: g) }
        let limit: Int32 = 1800
        let sets = net.coverSets(from: sites, demandNodes: demand, within: limit)
        #expect(sets.candidateCount == sites.count && sets.demandCount == demand.count)
        var nonEmpty = 0
        for (j, site) in sites.enumerated() {
            let d = Dijkstra.distances(in: g, seeds: [(Int(site.fromNode), 0)])
            let expected = demand.indices.filter { d[Int(demand[$0])] <= limit }.map(Int32.init)
            #expect(Array(sets.covered(by: j)) == expected, "site \(j)")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 10, "the sites reach some demand within 3 minutes")
    }

    @Test func demandSharesMatchABruteForceCount() {
        let net = TestData.helsinki
        let g = net.graph
        var rng = SplitMix64(seed: 5)
        var ws = net.makeWorkspace()
        let units = (0..<6).map { _ in Int(rng.next() % UInt64(g.nodeCount)) }
        let demand = (0..<500).map { _ in Int32(rng.next() % UInt64(g.nodeCount)) }
        let weights = (0..<500).map { _ in Double(rng.next() % 10) }
        let cov = net.coverage(from: units.map { .node($0, in: g) }, workspace: &ws)
        let thresholds: [Int32] = [600, 1800, 3000]
        let shares = RoadNetwork.demandShares(times: cov.times, demandNodes: demand, weights: weights, thresholds: thresholds)
        // Oracle: each demand point's time from its nearest unit by separate Dijkstra runs.
        let perUnit = units.map { Dijkstra.distances(in: g, seeds: [($0, 0)]) }
        let total = weights.reduce(0, +)
        for (k, t) in thresholds.enumerated() {
            var reached = 0.0
            for (i, v) in demand.enumerated() where perUnit.contains(where: { $0[Int(v)] <= t }) { reached += weights[i] }
            #expect(abs(shares[k] - reached / total) < 1e-12, "threshold \(t)")
        }
        #expect(shares[0] < shares[2], "more demand in reach at 5 minutes than at 1")
    }

    @Test func solverMatchesExhaustiveSearchOnSmallCases() {
        var rng = SplitMix64(seed: 77)
        var optimal = 0, cases = 0
        for _ in 0..<150 {
            let m = 6 + Int(rng.next() % 6), n = 20 + Int(rng.next() % 20), k = 1 + Int(rng.next() % 4)
            let sets = (0..<m).map { _ in (0..<n).filter { _ in rng.next() % 4 == 0 }.map(Int32.init) }
            let weights = (0..<n).map { _ in Double(1 + rng.next() % 9) }
            let covered = (0..<n).filter { _ in rng.next() % 10 == 0 }.map(Int32.init)
            let mclp = MaximalCovering(sets: CoverSets(demandCount: n, sets: sets), weights: weights)
            let best = Self.subsets(m, k).map { mclp.coverage(of: $0, alreadyCovered: covered) }.max()!
            let greedyOnly = mclp.solve(k: k, alreadyCovered: covered, maxPasses: 0)
            let s = mclp.solve(k: k, alreadyCovered: covered)
            cases += 1
            #expect(s.sites.count == k && Set(s.sites).count == k)
            #expect(abs(s.covered - mclp.coverage(of: s.sites, alreadyCovered: covered)) < 1e-9, "the reported coverage is the sites' own")
            #expect(s.covered <= best + 1e-9)
            #expect(s.covered >= s.greedyCovered - 1e-9)
            #expect(greedyOnly.covered == s.greedyCovered)
            // The greedy guarantee on the part the chosen sites add.
            #expect(greedyOnly.covered - greedyOnly.baseCovered >= (1 - 1 / M_E) * (best - greedyOnly.baseCovered) - 1e-9)
            if abs(s.covered - best) < 1e-9 { optimal += 1 }
        }
        // Swaps reach the optimum on nearly all small cases (not guaranteed: a local optimum may stop them).
        #expect(Double(optimal) >= 0.95 * Double(cases), "\(optimal) of \(cases) optimal")
    }

    @Test func oneSwapRepairsGreedysFirstChoice() {
        // Demand 0-3 weigh 2, demand 4 weighs 1.5. Site A covers 0, 2, 4 (5.5), B covers 0, 1 (4),
        // C covers 2, 3 (4): greedy takes A, then B (7.5); dropping A for C covers all but 4 (8).
        let sets = CoverSets(demandCount: 5, sets: [[0, 2, 4], [0, 1], [2, 3]])
        let mclp = MaximalCovering(sets: sets, weights: [2, 2, 2, 2, 1.5])
        let s = mclp.solve(k: 2)
        #expect(s.greedyCovered == 7.5)
        #expect(s.covered == 8)
        #expect(Set(s.sites) == [1, 2])
        #expect(s.swaps == 1)
        // Only A and C allowed: no swap can help.
        let limited = mclp.solve(k: 2, allowed: [true, false, true])
        #expect(Set(limited.sites) == [0, 2] && limited.covered == 9.5 - 2)
    }

    @Test func plannerMovesTheNearerSpareUnitIntoTheGap() {
        // Demand 0-4 in the west (weight 1 each), 5-9 in the east (weight 2 each). Two idle units
        // both cover the west; post 0 covers the east, post 1 the west again.
        let west: [Int32] = [0, 1, 2, 3, 4], east: [Int32] = [5, 6, 7, 8, 9]
        let posts = CoverSets(demandCount: 10, sets: [east, west])
        let weights: [Double] = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]
        let idle = CoverSets(demandCount: 10, sets: [west, west])
        let planner = MovePlanner(posts: posts, weights: weights)
        let drive: [[Int32]] = [[900, 400], [10, 10]]  // [post][unit]
        let plan = planner.plan(idle: idle, staying: []) { p in drive[p] }
        #expect(plan.coveredBefore == 5 && plan.coveredAfter == 15 && plan.totalWeight == 15)
        #expect(plan.moves == [MovePlanner.Move(unit: 1, post: 0, driveTime: 400, gain: 10)])
        // When a unit that stays (returning) already covers the east, nobody moves.
        let none = planner.plan(idle: idle, staying: east) { p in drive[p] }
        #expect(none.moves.isEmpty && none.coveredAfter == 15)
        // A unit that cannot reach the post is never sent there.
        let blocked = planner.plan(idle: idle, staying: []) { p in p == 0 ? [900, .max] : drive[p] }
        #expect(!blocked.moves.contains { $0.unit == 1 && $0.post == 0 })
        // A gain under the threshold (here, all of it) moves nobody.
        let strict = MovePlanner(posts: posts, weights: weights, minimumGainShare: 0.9).plan(idle: idle, staying: []) { p in drive[p] }
        #expect(strict.moves.isEmpty && strict.coveredAfter == strict.coveredBefore)
    }
}
