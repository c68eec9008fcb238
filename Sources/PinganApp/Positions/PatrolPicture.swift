import Foundation
import PinganCore
import PinganGeo

/// Where calls are expected (the last weeks' calls, or a forecast's cells), each with a weight.
public struct PatrolDemand: Sendable {
    public var points: [Coordinate]
    public var weights: [Double]
    public init(points: [Coordinate], weights: [Double]) {
        precondition(points.count == weights.count)
        self.points = points
        self.weights = weights
    }
}

/// The live patrol picture of one scope (动态巡控): how much road, expected demand and key places
/// the free units reach within 1, 3 and 5 minutes, the key places out of 3-minute reach, and the
/// moves of idle units to posts that would bring the most expected demand within 3 minutes.
public struct PatrolPicture: Sendable, Encodable {
    public struct Proposal: Sendable, Encodable, Equatable {
        public var unitID: UnitID
        public var callsign: String
        public var postID: PostID
        public var postName: String
        public var location: Coordinate
        public var driveSeconds: Int
        /// Share (0...1) of the expected demand this move brings within 3 minutes.
        public var gain: Double
    }

    public struct OutOfReach: Sendable, Encodable, Equatable {
        public var name: String
        public var nameEn: String
        public var category: String
        public var location: Coordinate
        /// From the nearest free unit; nil when none reaches it at all.
        public var seconds: Int?
    }

    /// Free units counted (in scope, seen recently, on the road network).
    public var units: Int
    public var thresholdsSeconds: [Int]
    /// Shares (0...1) within each threshold.
    public var road: [Double]
    public var demand: [Double]
    public var keyPlaces: [Double]
    public var keyPlaceCount: Int
    /// Demand points counted (the calls or forecast cells the demand came from, on the map).
    public var demandPoints: Int
    /// Key places beyond 3 minutes, farthest first.
    public var outOfReach: [OutOfReach]
    public var proposals: [Proposal]
    /// Demand share within 3 minutes now, and once the proposed moves are made.
    public var demandWithin3Now: Double
    public var demandWithin3After: Double
}

extension PositionTracking {
    /// 3 minutes, the covering limit of the proposals (graph deciseconds).
    static let proposalLimit: Int32 = 1800

    /// The patrol picture of `scope`: coverage from the free units' latest positions, and move
    /// proposals over `posts` (street and safety posts, checkpoints; not cameras or key places)
    /// for the idle ones.
    public func patrolPicture(scope: Scope, demand: PatrolDemand, places: [KeyPlace], posts: [Post]) -> PatrolPicture {
        let thresholds = FreeUnitCoverage.thresholds
        let ticks: Double = network.graph.weightUnit == .deciseconds ? 10 : 1
        let (slots, sources) = freeSources(in: scope)
        func node(_ c: Coordinate) -> Int32? {
            (try? network.snap(c, maxDistance: 500))?.nearerNode
        }
        var demandNodes: [Int32] = [], demandWeights: [Double] = []
        for (c, w) in zip(demand.points, demand.weights) where w > 0 {
            if let v = node(c) { demandNodes.append(v); demandWeights.append(w) }
        }
        let placed = places.compactMap { p in node(p.location).map { (p, $0) } }
        let zero = thresholds.map { _ in 0.0 }
        guard !sources.isEmpty else {
            return PatrolPicture(units: 0, thresholdsSeconds: thresholds.map { Int(Double($0) / ticks) }, road: zero, demand: zero, keyPlaces: zero,
                                 keyPlaceCount: placed.count, demandPoints: demandNodes.count,
                                 outOfReach: placed.map { PatrolPicture.OutOfReach(name: $0.0.name, nameEn: $0.0.nameEn, category: $0.0.category, location: $0.0.location, seconds: nil) },
                                 proposals: [], demandWithin3Now: 0, demandWithin3After: 0)
        }
        let cov = network.coverage(from: sources, thresholds: thresholds, workspace: &workspace)
        let demandShares = RoadNetwork.demandShares(times: cov.times, demandNodes: demandNodes, weights: demandWeights, thresholds: thresholds)
        let placeShares = RoadNetwork.demandShares(times: cov.times, demandNodes: placed.map(\.1), weights: placed.map { _ in 1 }, thresholds: thresholds)
        let outOfReach = placed.filter { cov.times[Int($0.1)] > Self.proposalLimit }
            .sorted { cov.times[Int($0.1)] > cov.times[Int($1.1)] }
            .map { p, v in
                let s = cov.times[Int(v)]
                return PatrolPicture.OutOfReach(name: p.name, nameEn: p.nameEn, category: p.category, location: p.location,
                                                seconds: s == Int32.max ? nil : Int((Double(s) / ticks).rounded()))
            }
        // Proposals: every free unit is idle here (the tracker knows no "driving back"), so all
        // of them may move; posts that are not on the map are left out.
        var proposals: [PatrolPicture.Proposal] = []
        var after = demandShares.count > 1 ? demandShares[1] : 0
        let usable = posts.filter { $0.active && $0.kind != .camera && $0.kind != .keyPlace }.compactMap { p in (try? network.snap(p.location, maxDistance: 500)).map { (p, $0) } }
        if !usable.isEmpty, !demandNodes.isEmpty {
            let postSets = network.coverSets(from: usable.map(\.1), demandNodes: demandNodes, within: Self.proposalLimit)
            let idleSets = network.coverSets(from: sources, demandNodes: demandNodes, within: Self.proposalLimit)
            let planner = MovePlanner(posts: postSets, weights: demandWeights)
            var ws = workspace
            let plan = planner.plan(idle: idleSets, staying: []) { p in
                sources.map { network.hierarchy.route(from: $0, to: usable[p].1, workspace: &ws, withPath: false)?.time ?? Int32.max }
            }
            workspace = ws
            proposals = plan.moves.map { m in
                let (post, _) = usable[m.post]
                let slot = slots[m.unit]
                return PatrolPicture.Proposal(unitID: tracker.roster.ids[slot], callsign: tracker.roster.units[slot].callsign, postID: post.id,
                                              postName: post.name, location: post.location, driveSeconds: Int((Double(m.driveTime) / ticks).rounded()),
                                              gain: plan.totalWeight > 0 ? m.gain / plan.totalWeight : 0)
            }
            if plan.totalWeight > 0 { after = plan.coveredAfter / plan.totalWeight }
        }
        return PatrolPicture(units: sources.count, thresholdsSeconds: thresholds.map { Int(Double($0) / ticks) }, road: cov.shares, demand: demandShares,
                             keyPlaces: placeShares, keyPlaceCount: placed.count, demandPoints: demandNodes.count, outOfReach: outOfReach,
                             proposals: proposals, demandWithin3Now: demandShares.count > 1 ? demandShares[1] : 0, demandWithin3After: after)
    }

    /// The free units of `scope` heard from lately, with their places on the road: their roster
    /// slots and route points.
    func freeSources(in scope: Scope) -> (slots: [Int], sources: [RoutePoint]) {
        let t = time.now().timeIntervalSinceReferenceDate
        var slots: [Int] = [], sources: [RoutePoint] = []
        for slot in 0..<tracker.roster.count where tracker.roster.isFree(slot) && !tracker.isStale(slot: slot, now: t)
            && scope.contains(path: tracker.roster.units[slot].path) {
            if let p = tracker.roadPosition(slot: slot) { slots.append(slot); sources.append(p) }
        }
        return (slots, sources)
    }

    /// What of one station is below `targets` now (for `CoverageWatch`): each key place farther
    /// than the reach from every free unit of `scope`, and each zone with too small a share of
    /// its road junctions within it. Places off the map are not judged.
    public func coverageGaps(scope: Scope, places: [KeyPlace], zones: [PatrolZone], targets: PatrolTargets) -> [CoverageWatch.Gap] {
        let g = network.graph
        let ticks: Double = g.weightUnit == .deciseconds ? 10 : 1
        let reach = Int32(Double(targets.reachSeconds) * ticks)
        let sources = freeSources(in: scope).sources
        var times: [Int32]?
        if !sources.isEmpty { times = network.coverage(from: sources, thresholds: [reach], workspace: &workspace).times }
        func time(_ v: Int) -> Int32 { times?[v] ?? Int32.max }
        var gaps: [CoverageWatch.Gap] = []
        for p in places {
            guard let v = (try? network.snap(p.location, maxDistance: 500))?.nearerNode else { continue }
            let t = time(Int(v))
            guard t > reach else { continue }
            gaps.append(.init(key: "place:\(p.name)@\(Int((p.location.lat * 1e5).rounded())),\(Int((p.location.lon * 1e5).rounded()))", kind: .place,
                              name: p.name, location: p.location, seconds: t == Int32.max ? nil : Int((Double(t) / ticks).rounded())))
        }
        guard g.hasCoordinates else { return gaps }
        for z in zones where z.active && z.boundary.count >= 3 {
            let outline = Polygon(z.boundary)
            var inside = 0, within = 0
            for v in 0..<g.nodeCount where outline.contains(g.coordinates[v]) {
                inside += 1
                if time(v) <= reach { within += 1 }
            }
            guard inside > 0 else { continue }
            let share = Double(within) / Double(inside)
            if share < targets.minZoneShare {
                let centre = Coordinate(lat: z.boundary.map(\.lat).reduce(0, +) / Double(z.boundary.count),
                                        lon: z.boundary.map(\.lon).reduce(0, +) / Double(z.boundary.count))
                gaps.append(.init(key: "zone:\(z.id.rawValue)", kind: .zone, name: z.name, location: centre, share: share))
            }
        }
        return gaps
    }
}
