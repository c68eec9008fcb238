import Foundation
import PinganGeo
import Testing
@testable import PinganCore

@Suite("Dispatch: recommender")
struct DispatchRecommenderTests {
    typealias D = DispatchTestData

    /// The incident of the rule tests, at the centre of the extract, and every node's time to it.
    static let incident: Coordinate = D.shanghai.graph.coordinates[D.centreNode]
    static let target: RoutePoint = try! D.shanghai.snap(incident, maxDistance: 1000)
    static let toTarget: [Int32] = Dijkstra.distances(in: D.shanghai.graph.reversed(),
                                                      seeds: target.targetSeeds.map { (Int($0.node), $0.offset) })

    /// Exact time (deciseconds) from a road position to the incident, by the reverse Dijkstra.
    static func timeToTarget(_ p: RoutePoint) -> Int32 {
        var best = Int64(Int32.max)
        for s in p.sourceSeeds where toTarget[Int(s.node)] != Int32.max { best = min(best, Int64(s.offset) + Int64(toTarget[Int(s.node)])) }
        if let d = RoutePoint.directTime(from: p, to: target) { best = min(best, Int64(d)) }
        return Int32(best)
    }

    /// A node position whose exact time to the incident (after snapping) lies in `seconds`.
    static func spot(_ seconds: ClosedRange<Double>, taken: inout Set<Int>) throws -> Coordinate {
        let lo = Int32(seconds.lowerBound * 10), hi = Int32(seconds.upperBound * 10)
        for v in 0..<toTarget.count where toTarget[v] >= lo && toTarget[v] <= hi && !taken.contains(v) {
            let c = D.shanghai.graph.coordinates[v]
            guard let p = try? D.shanghai.snap(c, maxDistance: 75) else { continue }
            let t = timeToTarget(p)
            if t >= lo && t <= hi { taken.insert(v); return c }
        }
        throw DomainError.notFound("spot", "\(seconds)")
    }

    func tracker(_ placed: [(PoliceUnit, Coordinate)]) -> PositionTracker {
        var t = PositionTracker(network: D.shanghai, shiftStart: D.t0)
        var out = TrackerOutput()
        for (u, c) in placed {
            t.upsert(u)
            _ = t.ingest(PositionFix(unit: u.id, time: D.t0, lat: c.lat, lon: c.lon), now: D.t0, into: &out)
        }
        return t
    }

    func request(_ category: String, _ priority: Priority, path: String = D.stationA, at c: Coordinate = incident) -> DispatchRequest {
        DispatchRequest(location: c, category: category, priority: priority,
                        nonPolice: CategoryCatalogue.standard.category(category)?.nonPolice ?? false, jurisdictionPath: path)
    }

    func recommend(_ r: DispatchRequest, _ t: PositionTracker, _ recommender: Recommender = Recommender(), now: Date = D.t0)
        -> DispatchRecommendation {
        var ws = D.shanghai.makeWorkspace()
        return recommender.recommend(r, tracker: t, workspace: &ws, now: now)
    }

    // MARK: Ranking

    @Test func rankingMatchesPlainDijkstraFromEveryUnit() throws {
        let g = D.shanghai.graph
        var rng = SplitMix64(seed: 11)
        var placed: [(PoliceUnit, Coordinate)] = []
        for i in 0..<40 {
            let c = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
            placed.append((D.unit("u\(i)"), D.north(c, Double(rng.next() % 20))))
        }
        let t = tracker(placed)
        // The oracle: one plain Dijkstra from each unit's road position.
        let fromUnit: [(RoutePoint, [Int32])] = (0..<placed.count).compactMap { s in
            guard let p = t.roadPosition(slot: s) else { return nil }
            return (p, Dijkstra.distances(in: g, seeds: p.sourceSeeds.map { (Int($0.node), $0.offset) }))
        }
        #expect(fromUnit.count >= 35)
        for _ in 0..<6 {
            let loc = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
            let target = try D.shanghai.snap(loc, maxDistance: 1000)
            var oracle: [Int32] = fromUnit.map { (p, dist) in
                var best = Int64(Int32.max)
                for s in target.targetSeeds where dist[Int(s.node)] != Int32.max {
                    best = min(best, Int64(dist[Int(s.node)]) + Int64(s.offset))
                }
                if let d = RoutePoint.directTime(from: p, to: target) { best = min(best, Int64(d)) }
                return Int32(best)
            }
            oracle.sort()
            let rec = recommend(request("dispute", .p3, at: loc), t)
            #expect(rec.status == .ok)
            #expect(rec.recommended.count == 1 && rec.recommended[0].role == .patrol)
            let listed = rec.recommended + rec.alternatives
            #expect(listed.count == 8)
            let times = listed.map { Int32(($0.etaSeconds * 10).rounded()) }
            #expect(times == Array(oracle.prefix(8)))
            #expect(listed.allSatisfy { $0.tier == ResponseTier(seconds: $0.etaSeconds) && !$0.crossBorder && !$0.stalePosition })
            // Polylines for the first three only; every listed unit has a road distance.
            #expect(listed.map { $0.route != nil } == [true, true, true, false, false, false, false, false])
            #expect(listed.allSatisfy { ($0.distanceMeters ?? -1) >= 0 })
            if let r = listed.first?.route { #expect(r.count >= 2 && r.last == target.coordinate) }
        }
    }

    @Test func tiersFollowTheOneThreeFiveStandardInclusively() {
        #expect(ResponseTier(seconds: 0) == .withinOneMinute)
        #expect(ResponseTier(seconds: 60) == .withinOneMinute)
        #expect(ResponseTier(seconds: 60.05) == .withinThreeMinutes)
        #expect(ResponseTier(seconds: 180) == .withinThreeMinutes)
        #expect(ResponseTier(seconds: 180.1) == .withinFiveMinutes)
        #expect(ResponseTier(seconds: 300) == .withinFiveMinutes)
        #expect(ResponseTier(seconds: 300.1) == .beyondFiveMinutes)
        #expect(ResponseTier.withinFiveMinutes.limitSeconds == 300)
    }

    // MARK: Kind rules

    @Test func trafficPoliceGoFirstWithinTheSameTierButNotAcrossTiers() throws {
        var taken = Set<Int>()
        let car = try Self.spot(15...35, taken: &taken), trafficNear = try Self.spot(42...58, taken: &taken)
        let trafficFar = try Self.spot(120...170, taken: &taken)
        let same = recommend(request("traffic", .p2), tracker([(D.unit("car"), car), (D.unit("tp", kind: .traffic), trafficNear)]))
        #expect(same.recommended.map(\.unit.rawValue) == ["tp"])
        #expect(same.recommended.first?.role == .traffic)
        #expect(same.alternatives.map(\.unit.rawValue) == ["car"])
        let tiers = recommend(request("traffic", .p2), tracker([(D.unit("car"), car), (D.unit("tp", kind: .traffic), trafficFar)]))
        #expect(tiers.recommended.map(\.unit.rawValue) == ["car"])
        #expect(tiers.recommended.first?.tier == .withinOneMinute)
    }

    @Test func violentP1GetsOnePTUAndTheNearestPatrol() throws {
        var taken = Set<Int>()
        let foot = try Self.spot(10...30, taken: &taken), car = try Self.spot(35...55, taken: &taken)
        let ptu = try Self.spot(130...170, taken: &taken), drone = try Self.spot(5...9, taken: &taken)
        let t = tracker([(D.unit("car"), car), (D.unit("foot", kind: .footPatrol), foot), (D.unit("ptu", kind: .ptu), ptu),
                         (D.unit("drone", kind: .drone), drone)])
        let rec = recommend(request("criminal", .p1), t)
        #expect(rec.recommended.map { "\($0.role!.rawValue):\($0.unit.rawValue)" } == ["ptu:ptu", "patrol:foot"])
        #expect(rec.recommended.map(\.tier) == [.withinThreeMinutes, .withinOneMinute])
        #expect(rec.alternatives.map(\.unit.rawValue) == ["car"])   // drones are not sent to a crime
        #expect(rec.unfilled.isEmpty)
        // P3 crime: one patrol, PTU only as an alternative.
        let p3 = recommend(request("criminal", .p3), t)
        #expect(p3.recommended.map(\.unit.rawValue) == ["foot"])
        #expect(p3.alternatives.map(\.unit.rawValue) == ["car", "ptu"])
    }

    @Test func fireSendsPatrolCarsAndInquiriesSendNobody() throws {
        var taken = Set<Int>()
        let foot = try Self.spot(10...25, taken: &taken), car = try Self.spot(30...55, taken: &taken)
        let t = tracker([(D.unit("car"), car), (D.unit("foot", kind: .footPatrol), foot)])
        let fire = recommend(request("fire", .p2), t)
        #expect(fire.recommended.map(\.unit.rawValue) == ["car"])
        let big = recommend(request("fire", .p1), t)
        #expect(big.recommended.map(\.unit.rawValue) == ["car", "foot"])
        #expect(big.unfilled.isEmpty)   // the drone is optional
        let inquiry = recommend(request("inquiry", .p4), t)
        #expect(inquiry.status == .noUnitsNeeded && inquiry.recommended.isEmpty && inquiry.alternatives.isEmpty)
        #expect(DispatchRules.standard.plan(category: "anything", priority: .p2, nonPolice: true).needsUnits == false)
    }

    @Test func onlyAvailableUnitsAreProposedAndMissingRolesAreReported() throws {
        var taken = Set<Int>()
        let a = try Self.spot(5...20, taken: &taken), b = try Self.spot(20...40, taken: &taken), c = try Self.spot(40...60, taken: &taken)
        var t = tracker([(D.unit("busy"), a), (D.unit("off", status: .outOfService), b), (D.unit("free"), c)])
        t.upsert(D.unit("busy", status: .onScene, incident: "i9"))
        let rec = recommend(request("criminal", .p1), t)
        #expect(rec.recommended.map(\.unit.rawValue) == ["free"])
        #expect(rec.unfilled == [.ptu])
        #expect(rec.alternatives.isEmpty)
        let none = recommend(request("dispute", .p2), tracker([(D.unit("busy", status: .dispatched, incident: "x"), a)]))
        #expect(none.status == .noUnitsAvailable && none.unfilled == [.patrol])
    }

    @Test func stalePositionsAreMarked() throws {
        var taken = Set<Int>()
        let t = tracker([(D.unit("u1"), try Self.spot(10...50, taken: &taken))])
        #expect(recommend(request("dispute", .p2), t, now: D.t0 + 60).recommended.first?.stalePosition == false)
        #expect(recommend(request("dispute", .p2), t, now: D.t0 + 121).recommended.first?.stalePosition == true)
    }

    // MARK: Jurisdiction

    @Test func jurisdictionRelations() {
        #expect(JurisdictionRelation.of(unitPath: D.stationA, incidentPath: D.stationA) == .ownStation)
        #expect(JurisdictionRelation.of(unitPath: D.stationA, incidentPath: D.stationA + "community7/") == .ownStation)
        #expect(JurisdictionRelation.of(unitPath: D.stationB, incidentPath: D.stationA) == .neighbourStation)
        #expect(JurisdictionRelation.of(unitPath: D.otherDistrict, incidentPath: D.stationA) == .outsideDistrict)
        // Filed at district level: every station of the district is its own.
        #expect(JurisdictionRelation.of(unitPath: D.stationB, incidentPath: D.huangpu) == .ownStation)
        #expect(JurisdictionRelation.of(unitPath: D.otherDistrict, incidentPath: "/") == .ownStation)
    }

    @Test func aFasterNeighbourCrossesTheBorderAndASlowerOneDoesNot() throws {
        var taken = Set<Int>()
        let near = try Self.spot(10...40, taken: &taken), mid = try Self.spot(50...80, taken: &taken)
        let far = try Self.spot(150...250, taken: &taken)
        let faster = recommend(request("dispute", .p2),
                               tracker([(D.unit("own"), far), (D.unit("nb", station: D.stationB), near)]))
        #expect(faster.recommended.map(\.unit.rawValue) == ["nb"])
        #expect(faster.recommended.first?.crossBorder == true && faster.recommended.first?.outsideDistrict == false)
        #expect(faster.alternatives.map(\.unit.rawValue) == ["own"])
        let slower = recommend(request("dispute", .p2),
                               tracker([(D.unit("own"), near), (D.unit("nb", station: D.stationB), mid)]))
        #expect(slower.recommended.map(\.unit.rawValue) == ["own"])
        #expect(slower.recommended.first?.crossBorder == false)
        var strict = Recommender()
        strict.border.minimumGainSeconds = 600
        let gain = recommend(request("dispute", .p2), tracker([(D.unit("own"), far), (D.unit("nb", station: D.stationB), near)]), strict)
        #expect(gain.recommended.map(\.unit.rawValue) == ["own"])
    }

    @Test func otherDistrictsAreOnlyProposedWhenThePolicyAllows() throws {
        var taken = Set<Int>()
        let near = try Self.spot(5...30, taken: &taken), far = try Self.spot(150...250, taken: &taken)
        let t = tracker([(D.unit("own"), far), (D.unit("other", station: D.otherDistrict), near)])
        let rec = recommend(request("dispute", .p2), t)
        #expect((rec.recommended + rec.alternatives).map(\.unit.rawValue) == ["own"])
        var open = Recommender()
        open.border.allowOutsideDistrict = true
        let allowed = recommend(request("dispute", .p2), t, open)
        #expect(allowed.recommended.map(\.unit.rawValue) == ["other"])
        #expect(allowed.recommended.first?.crossBorder == true && allowed.recommended.first?.outsideDistrict == true)
    }

    @Test func theResultEncodesAsJSON() throws {
        var taken = Set<Int>()
        let t = tracker([(D.unit("u1"), try Self.spot(10...50, taken: &taken))])
        let rec = recommend(request("dispute", .p2), t)
        let data = try JSONEncoder().encode(rec)
        let back = try JSONDecoder().decode(DispatchRecommendation.self, from: data)
        #expect(back == rec)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"crossBorder\":false") && text.contains("\"etaSeconds\""))
    }
    // MARK: Widening the search

    @Test func aPreferredKindBeyondTheFirstRankedUnitsIsStillFound() throws {
        var taken = Set<Int>()
        var placed: [(PoliceUnit, Coordinate)] = []
        for i in 0..<30 { placed.append((D.unit("car\(i)"), try Self.spot(10...40, taken: &taken))) }
        placed.append((D.unit("tp", kind: .traffic), try Self.spot(45...58, taken: &taken)))
        placed.append((D.unit("ptu", kind: .ptu), try Self.spot(150...250, taken: &taken)))
        let t = tracker(placed)
        // The traffic officer is the 31st by time but in the same one-minute tier: it goes first.
        let traffic = recommend(request("traffic", .p2), t)
        #expect(traffic.recommended.map(\.unit.rawValue) == ["tp"])
        #expect(traffic.unitsSearched > 16)
        // The only PTU is the slowest unit of all: the search widens until it is ranked.
        let violent = recommend(request("criminal", .p1), t)
        #expect(violent.recommended.first?.unit.rawValue == "ptu" && violent.recommended.first?.role == .ptu)
        let ptuSlot = try #require(t.roster.slot(of: UnitID("ptu")))
        let exact = Self.timeToTarget(try #require(t.roadPosition(slot: Int(ptuSlot))))
        #expect(Int32(((violent.recommended.first?.etaSeconds ?? 0) * 10).rounded()) == exact)
        #expect(violent.unitsSearched == 32)
    }

    @Test func aUnitDispatchedBeforeADeferredRefreshIsNeverProposed() throws {
        var taken = Set<Int>()
        let near = try Self.spot(5...20, taken: &taken), far = try Self.spot(60...90, taken: &taken)
        var cfg = TrackerConfiguration()
        cfg.routingUpdate = .deferred
        var t = PositionTracker(network: D.shanghai, configuration: cfg, shiftStart: D.t0)
        var out = TrackerOutput()
        for (u, c) in [(D.unit("near"), near), (D.unit("far"), far)] {
            t.upsert(u)
            _ = t.ingest(PositionFix(unit: u.id, time: D.t0, lat: c.lat, lon: c.lon), now: D.t0, into: &out)
        }
        t.refreshRouting()
        t.upsert(D.unit("near", status: .dispatched, incident: "i1"))
        #expect(t.pendingRoutingUpdates == 0)   // leaving the index is not deferred...
        let rec = recommend(request("dispute", .p2), t)
        #expect((rec.recommended + rec.alternatives).map(\.unit.rawValue) == ["far"])   // ...and it is never proposed
        // A unit moving while indexed does wait for the refresh, and is still ranked meanwhile.
        t.upsert(D.unit("near"))
        _ = t.ingest(PositionFix(unit: UnitID("far"), time: D.t0 + 30, lat: near.lat, lon: near.lon), now: D.t0 + 30, into: &out)
        #expect(t.pendingRoutingUpdates == 1)
        #expect(recommend(request("dispute", .p2), t).recommended.first?.unit.rawValue == "near")
    }

    @Test func batchesAreIngestedInOrder() {
        var t = PositionTracker(network: D.shanghai, shiftStart: D.t0)
        t.upsert(D.unit("u1"))
        var out = TrackerOutput()
        let c = D.shanghai.graph.coordinates[D.centreNode]
        let outcomes = t.ingest([D.fix("u1", c, at: 1), D.fix("u1", c, at: 1), D.fix("u1", c, at: 0), D.fix("x", c, at: 2)],
                                now: D.t0 + 10, into: &out)
        #expect(outcomes == [.accepted(onRoad: true, relocated: false), .ignoredDuplicate, .ignoredOutOfOrder, .unknownUnit])
    }
}
