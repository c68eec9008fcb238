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
    public func recommend(_ request: DispatchRequest, tracker: PositionTracker, workspace ws: inout CHWorkspace,
                          now: Date) -> DispatchRecommendation {
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
        let suitable = plan.suitableKinds
        let capacity = tracker.routing.capacity

        // Widen the search until the selection cannot change.
        var k = max(1, min(initialSearch, capacity))
        var selection = Selection()
        while true {
            let top = tracker.routing.fastest(k, to: target, workspace: &ws)
            var candidates: [Candidate] = []
            candidates.reserveCapacity(top.count)
            for (slot, time) in top where slot < roster.count && roster.isFree(slot) && suitable.contains(roster.kinds[slot]) {
                let rel = JurisdictionRelation.of(unitPath: roster.units[slot].path, incidentPath: request.jurisdictionPath)
                if rel == .neighbourStation && !border.allowNeighbourStations { continue }
                if rel == .outsideDistrict && !border.allowOutsideDistrict { continue }
                candidates.append(Candidate(slot: slot, time: time, relation: rel))
            }
            let exhausted = top.count < k || k >= capacity
            let horizon: Int32 = exhausted ? Int32.max : (top.last?.time ?? Int32.max)
            selection = select(plan: plan, candidates: candidates, roster: roster, horizon: horizon)
            result.unitsSearched = top.count
            if exhausted || selection.settled { break }
            k = min(capacity, k * 4)
        }

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

    struct Selection {
        var chosen: [(Candidate, DispatchRole)] = []
        var alternatives: [Candidate] = []
        var unfilled: [DispatchRole] = []
        var settled = false
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
    func select(plan: DispatchPlan, candidates: [Candidate], roster: UnitRoster, horizon: Int32) -> Selection {
        var sel = Selection()
        var settled = true
        var taken = Set<Int>()
        let unseenBest = Self.key(time: horizon, rank: 0)
        for req in plan.requirements {
            // The station's own best for this role bounds foreign units.
            var ownBest = horizon
            for c in candidates where c.relation == .ownStation && !taken.contains(c.slot) && req.rank(of: roster.kinds[c.slot]) != nil {
                ownBest = c.time
                break
            }
            let gain = Int32(border.minimumGainSeconds * 10)
            var pool: [(key: (Int, Int, Int32), c: Candidate)] = []
            for c in candidates where !taken.contains(c.slot) {
                guard let rank = req.rank(of: roster.kinds[c.slot]) else { continue }
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
