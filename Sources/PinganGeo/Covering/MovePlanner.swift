/// Which idle units should move where so that the most expected demand is in reach: a maximal
/// covering solution over the candidate posts and the idle units' own spots, turned into moves.
///
/// A unit whose own spot is in the solution stays; the chosen posts go to the other idle units,
/// shortest drive first; a move is proposed only when leaving that unit where it is would cover
/// at least `minimumGain` less. Units that are not idle (returning, on the way) cover what they
/// cover and are not moved.
public struct MovePlanner: Sendable {
    public struct Move: Sendable, Equatable {
        /// Index into the idle units given to `plan`.
        public var unit: Int
        /// Index into the candidate posts.
        public var post: Int
        /// Drive time to the post (graph weight units).
        public var driveTime: Int32
        /// Demand weight covered with the move minus without it (the others' moves made).
        public var gain: Double
    }

    public struct Plan: Sendable, Equatable {
        public var moves: [Move]
        /// Covered demand weight now, and after all the moves.
        public var coveredBefore: Double
        public var coveredAfter: Double
        public var totalWeight: Double
    }

    public let posts: CoverSets
    public let weights: [Double]
    /// A move must add at least this share of the total weight (default 0.2 %).
    public var minimumGainShare: Double

    public init(posts: CoverSets, weights: [Double], minimumGainShare: Double = 0.002) {
        self.posts = posts
        self.weights = weights
        self.minimumGainShare = minimumGainShare
    }

    /// - Parameters:
    ///   - idle: what each idle unit covers where it stands now (cover sets over the same demand).
    ///   - staying: demand indices covered by available units that will not move.
    ///   - driveTimes: drive times from every idle unit to post `p` (`Int32.max`: cannot get
    ///     there); asked only for the posts the solution picks, so a many-to-one search per post
    ///     (the dispatch engine's own query) answers it.
    public func plan(idle: CoverSets, staying: [Int32], driveTimes: (_ post: Int) -> [Int32]) -> Plan {
        precondition(idle.demandCount == posts.demandCount)
        let u = idle.candidateCount
        // Candidates: each idle unit's own spot, then the posts (posts at index `u + post`), so
        // that on equal gains the solver keeps a unit where it is rather than moving it.
        let joined = CoverSets(demandCount: posts.demandCount, offsets: idle.offsets + posts.offsets.dropFirst().map { $0 + Int32(idle.members.count) },
                               members: idle.members + posts.members)
        let solver = MaximalCovering(sets: joined, weights: weights)
        let total = solver.totalWeight
        let before = solver.coverage(of: Array(0..<u), alreadyCovered: staying)
        guard u > 0 else { return Plan(moves: [], coveredBefore: before, coveredAfter: before, totalWeight: total) }
        let solution = solver.solve(k: u, alreadyCovered: staying)
        var stays = [Bool](repeating: false, count: u)
        var targets: [Int] = []
        for j in solution.sites { if j < u { stays[j] = true } else { targets.append(j - u) } }
        // Shortest drives first: every (unit, post) pair sorted by time, taken while both are free.
        var pairs: [(time: Int32, unit: Int, post: Int)] = []
        for t in targets {
            let times = driveTimes(t)
            for a in 0..<u where !stays[a] && times[a] < Int32.max { pairs.append((times[a], a, t)) }
        }
        pairs.sort { ($0.time, $0.unit, $0.post) < ($1.time, $1.unit, $1.post) }
        var unitTaken = stays, postTaken = Set<Int>()
        var assigned: [(unit: Int, post: Int, time: Int32)] = []
        for pr in pairs where !unitTaken[pr.unit] && !postTaken.contains(pr.post) {
            unitTaken[pr.unit] = true; postTaken.insert(pr.post)
            assigned.append((pr.unit, pr.post, pr.time))
        }
        // Final spots: moved units at their posts, all others where they are.
        var spot = Array(0..<u)
        for a in assigned { spot[a.unit] = u + a.post }
        var moves: [Move] = []
        let threshold = minimumGainShare * total
        var after = solver.coverage(of: spot, alreadyCovered: staying)
        for a in assigned {
            var without = spot
            without[a.unit] = a.unit
            let gain = after - solver.coverage(of: without, alreadyCovered: staying)
            if gain >= threshold && gain > 0 {
                moves.append(Move(unit: a.unit, post: a.post, driveTime: a.time, gain: gain))
            } else {
                spot[a.unit] = a.unit
                after = solver.coverage(of: spot, alreadyCovered: staying)
            }
        }
        return Plan(moves: moves, coveredBefore: before, coveredAfter: after, totalWeight: total)
    }
}
