import Foundation
import PinganGeo

/// Which units from outside the incident's station may be proposed.
public struct BorderPolicy: Codable, Sendable, Hashable {
    /// Units of other stations of the same district may be proposed when faster than the
    /// station's own (就近处警 across the station border).
    public var allowNeighbourStations = true
    /// Units of other districts may be proposed on the same terms (off by default: crossing a
    /// district border needs the city command centre's say).
    public var allowOutsideDistrict = false
    /// How much faster (seconds) a foreign unit must be than the station's best suitable unit.
    public var minimumGainSeconds: Double = 0

    public init() {}
}

/// Proposes units for an incident, nearest by exact road travel time first (就近处警、梯次用警).
///
/// The ranking is the contraction-hierarchy many-to-one search of `UnitPositions`: one backward
/// upward search from the incident scans the buckets the free units left, and returns the
/// top-K exactly. The search starts with a small K and widens (×4) only until the answer is
/// settled — every plan role has its units and no unranked unit could still beat them (they are
/// all at least as far as the last ranked one) — so the usual query ranks a few dozen units, not
/// all 2,000. The proposed units are then routed one-to-one from their latest position for the
/// exact ETA, road distance and (for the first few) the polyline. Travel times are read in
/// deciseconds, the road engine's unit (`RoadNetwork.Route.seconds`).
///
/// With `TrackerConfiguration.RoutingUpdate.deferred` the index may lag the latest fixes (by
/// at most the owner's refresh interval); the ranking then uses the indexed positions while the
/// reported ETAs are routed from the latest ones, and a unit that stopped being free is never
/// proposed, whatever the index still holds.
public struct Recommender: Sendable {
    public var rules: DispatchRules
    public var border: BorderPolicy
    /// Units listed in all (recommended first, then alternatives).
    public var limit: Int
    /// Units whose route polyline is included (the first ones of the list).
    public var routeGeometryCount: Int
    /// Incidents farther than this from a road cannot be routed to.
    public var maxSnapDistance: Double
    /// First K of the many-to-one search.
    public var initialSearch: Int

    public init(rules: DispatchRules = .standard, border: BorderPolicy = .init(), limit: Int = 8, routeGeometryCount: Int = 3,
                maxSnapDistance: Double = 1000, initialSearch: Int = 16) {
        self.rules = rules
        self.border = border
        self.limit = limit
        self.routeGeometryCount = routeGeometryCount
        self.maxSnapDistance = maxSnapDistance
        self.initialSearch = initialSearch
    }

    /// A ranked candidate (index time in the graph's weight unit).
    struct Candidate {
        var slot: Int
        var time: Int32
        var relation: JurisdictionRelation
    }

    /// Ranks units for `request`.
    /// - Parameters:
    ///   - request: the incident.
    ///   - tracker: unit states, latest positions and the routing index.
    ///   - workspace: search scratch, one per calling task (`tracker.network.makeWorkspace()`).
    ///   - now: the instant of the decision (stale positions are marked relative to it).
    /// - Parameter mayPropose: whether a unit at this jurisdiction path may be proposed (and so
    ///   shown) to whoever asks; nil proposes every free unit the border policy allows.
    public func recommend(_ request: DispatchRequest, tracker: some TrackedUnits, workspace ws: inout CHWorkspace,
                          now: Date, mayPropose: ((String) -> Bool)? = nil) -> DispatchRecommendation {
        let plan = rules.plan(category: request.category, priority: request.priority, nonPolice: request.nonPolice)
        var result = DispatchRecommendation(incidentID: request.incidentID, status: .ok, plan: plan, recommended: [],
                                            alternatives: [], unfilled: [], incidentPosition: nil, computedAt: now,
                                            unitsSearched: 0)
        guard plan.needsUnits else { result.status = .noUnitsNeeded; return result }
        let net = tracker.network
        guard let target = try? net.snap(request.location, maxDistance: maxSnapDistance) else {
            result.status = .incidentOffRoad
            return result
        }
        result.incidentPosition = target.coordinate
        let roster = tracker.roster
        let selection = select(plan: plan, incidentPath: request.jurisdictionPath, capacity: tracker.routingCapacity,
                               ranked: { k in tracker.fastest(k, to: target, workspace: &ws) },
                               unit: { slot in
                                   guard slot < roster.count, roster.isFree(slot), mayPropose?(roster.units[slot].path) ?? true else { return nil }
                                   return (roster.kinds[slot], roster.units[slot].path)
                               })
        result.unitsSearched = selection.searched

        // Exact routes from the current positions, for ETA, distance and the polyline.
        var listed = 0
        func describe(_ c: Candidate, role: DispatchRole?) -> UnitRecommendation {
            defer { listed += 1 }
            let unit = roster.units[c.slot]
            let from = tracker.roadPosition(slot: c.slot)
            var eta = Double(c.time) / 10
            var distance: Double? = nil
            var geometry: [Coordinate]? = nil
            if let from, let r = try? net.route(from: from, to: target, workspace: &ws) {
                eta = r.seconds
                distance = r.distanceMeters
                if listed < routeGeometryCount { geometry = r.geometry }
            }
            return UnitRecommendation(unit: unit.id, callsign: unit.callsign, kind: unit.kind, stationID: unit.stationID, role: role,
                                      etaSeconds: eta, distanceMeters: distance, tier: ResponseTier(seconds: eta),
                                      crossBorder: c.relation != .ownStation, outsideDistrict: c.relation == .outsideDistrict,
                                      stalePosition: tracker.isStale(slot: c.slot, now: now.timeIntervalSinceReferenceDate),
                                      position: from?.coordinate ?? target.coordinate, route: geometry)
        }
        for (c, role) in selection.chosen.prefix(limit) { result.recommended.append(describe(c, role: role)) }
        for c in selection.alternatives.prefix(max(0, limit - result.recommended.count)) {
            result.alternatives.append(describe(c, role: nil))
        }
        result.unfilled = selection.unfilled
        if result.recommended.isEmpty && result.alternatives.isEmpty { result.status = .noUnitsAvailable }
        return result
    }

    /// Who is sent: the units chosen for the plan's roles, in plan order, then alternatives.
    public struct Selection: Sendable {
        var chosen: [(Candidate, DispatchRole)] = []
        var alternatives: [Candidate] = []
        public internal(set) var unfilled: [DispatchRole] = []
        var settled = false
        /// Units the road search ranked to reach the decision.
        public internal(set) var searched = 0

        /// The chosen units (their slots) with the role each fills, in plan order.
        public var units: [(slot: Int, role: DispatchRole, time: Int32)] { chosen.map { ($0.0.slot, $0.1, $0.0.time) } }
    }

    /// The decision itself, apart from any tracker: from units ranked by road travel time to the
    /// incident (`ranked(k)`: the k fastest, in the search's slots and weight units), fills the
    /// plan's roles under the kind preferences, the 1-3-5 tiers and the border policy, widening
    /// the search (×4) until no unranked unit could change the answer. The server's
    /// recommendations and the replay's "nearest by road time" policy both decide here.
    /// - Parameters:
    ///   - unit: the kind and station path of a slot that may be sent now, nil for one that may not.
    public func select(plan: DispatchPlan, incidentPath: String, capacity: Int, ranked: (Int) -> [(unit: Int, time: Int32)],
                       unit: (Int) -> (kind: UnitKind, path: String)?) -> Selection {
        let suitable = plan.suitableKinds
        var k = max(1, min(initialSearch, capacity))
        var selection = Selection()
        while true {
            let top = ranked(k)
            var candidates: [Candidate] = []
            var kinds: [Int: UnitKind] = [:]
            candidates.reserveCapacity(top.count)
            for (slot, time) in top {
                guard let u = unit(slot), suitable.contains(u.kind) else { continue }
                let rel = JurisdictionRelation.of(unitPath: u.path, incidentPath: incidentPath)
                if rel == .neighbourStation && !border.allowNeighbourStations { continue }
                if rel == .outsideDistrict && !border.allowOutsideDistrict { continue }
                kinds[slot] = u.kind
                candidates.append(Candidate(slot: slot, time: time, relation: rel))
            }
            let exhausted = top.count < k || k >= capacity
            let horizon: Int32 = exhausted ? Int32.max : (top.last?.time ?? Int32.max)
            selection = select(plan: plan, candidates: candidates, kind: { kinds[$0]! }, horizon: horizon)
            selection.searched = top.count
            if exhausted || selection.settled { return selection }
            k = min(capacity, k * 4)
        }
    }


    /// Sort key of a candidate for a role: tier first, then kind preference, then time. Beyond
    /// five minutes the preference no longer applies (a far traffic officer is no better than a
    /// far patrol car), which also bounds how far the search must widen.
    static func key(time: Int32, rank: Int) -> (Int, Int, Int32) {
        let tier = ResponseTier(seconds: Double(time) / 10)
        return tier == .beyondFiveMinutes ? (tier.rawValue, 0, time) : (tier.rawValue, rank, time)
    }

    /// Fills the plan's roles from `candidates` (sorted by time). `horizon` is the time of the
    /// last ranked unit (every unranked one is at least that far), or `Int32.max` when all units
    /// were ranked; the selection is `settled` when no unranked unit could change it.
    func select(plan: DispatchPlan, candidates: [Candidate], kind: (Int) -> UnitKind, horizon: Int32) -> Selection {
        var sel = Selection()
        var settled = true
        var taken = Set<Int>()
        let unseenBest = Self.key(time: horizon, rank: 0)
        for req in plan.requirements {
            // The station's own best for this role bounds foreign units.
            var ownBest = horizon
            for c in candidates where c.relation == .ownStation && !taken.contains(c.slot) && req.rank(of: kind(c.slot)) != nil {
                ownBest = c.time
                break
            }
            let gain = Int32(border.minimumGainSeconds * 10)
            var pool: [(key: (Int, Int, Int32), c: Candidate)] = []
            for c in candidates where !taken.contains(c.slot) {
                guard let rank = req.rank(of: kind(c.slot)) else { continue }
                if c.relation != .ownStation && !(Int64(c.time) + Int64(gain) < Int64(ownBest) || (ownBest == horizon && gain == 0)) {
                    continue
                }
                pool.append((Self.key(time: c.time, rank: rank), c))
            }
            pool.sort { $0.key < $1.key }
            let picked = pool.prefix(req.count)
            for p in picked {
                sel.chosen.append((p.c, req.role))
                taken.insert(p.c.slot)
            }
            if picked.count < req.count {
                if horizon != Int32.max { settled = false }
                if !req.optional { sel.unfilled.append(contentsOf: repeatElement(req.role, count: req.count - picked.count)) }
            } else if let worst = picked.last, !(worst.key <= unseenBest) {
                settled = false
            }
        }
        let wanted = max(0, limit - sel.chosen.count)
        for c in candidates where !taken.contains(c.slot) && sel.alternatives.count < wanted { sel.alternatives.append(c) }
        if sel.alternatives.count < wanted && horizon != Int32.max { settled = false }
        sel.settled = settled
        return sel
    }
}
