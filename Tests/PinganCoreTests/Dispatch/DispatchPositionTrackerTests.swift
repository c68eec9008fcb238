import Foundation
import PinganGeo
import Testing
@testable import PinganCore

@Suite("Dispatch: position tracker")
struct DispatchPositionTrackerTests {
    typealias D = DispatchTestData

    /// A tracker over Shanghai with the given units registered.
    func tracker(_ units: [PoliceUnit], zones: [PatrolZone] = [], configure: (inout TrackerConfiguration) -> Void = { _ in })
        -> PositionTracker {
        var cfg = TrackerConfiguration()
        configure(&cfg)
        var t = PositionTracker(network: D.shanghai, zones: zones, configuration: cfg, shiftStart: D.t0)
        for u in units { t.upsert(u) }
        return t
    }

    var home: Coordinate { D.shanghai.graph.coordinates[D.centreNode] }

    @Test func outOfOrderAndDuplicateFixesAreIgnored() {
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        let now = D.t0 + 100
        #expect(t.ingest(D.fix("u1", home, at: 50), now: now, into: &out) == .accepted(onRoad: true, relocated: false))
        #expect(t.ingest(D.fix("u1", D.east(home, 20), at: 50), now: now, into: &out) == .ignoredDuplicate)
        #expect(t.ingest(D.fix("u1", D.east(home, 20), at: 40), now: now, into: &out) == .ignoredOutOfOrder)
        let p = t.position(of: UnitID("u1"))
        #expect(p?.coordinate == home)
        #expect(p?.time == D.t0 + 50)
        #expect(t.ingest(D.fix("u1", D.east(home, 20), at: 51), now: now, into: &out).isAccepted)
        #expect(t.ingest(D.fix("nobody", home, at: 52), now: now, into: &out) == .unknownUnit)
    }

    @Test func fixTimesOutsideTheWindowAreRejected() {
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        let now = D.t0 + 100_000
        #expect(t.ingest(D.fix("u1", home, at: 100_031), now: now, into: &out) == .rejectedTime(.future))
        #expect(t.ingest(D.fix("u1", home, at: 100_000 - 86_401), now: now, into: &out) == .rejectedTime(.tooOld))
        #expect(t.position(of: UnitID("u1")) == nil)
        // Exactly on the limits is still fine.
        #expect(t.ingest(D.fix("u1", home, at: 100_000 - 86_400), now: now, into: &out).isAccepted)
        #expect(t.ingest(D.fix("u1", D.east(home, 10), at: 100_030), now: now, into: &out).isAccepted)
        #expect(t.ingest(PositionFix(unit: UnitID("u1"), time: now, lat: .nan, lon: 0), now: now, into: &out) == .rejectedInvalid)
    }

    @Test func impossibleJumpsAreFlaggedAndNotApplied() throws {
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        let now = D.t0 + 1000
        #expect(t.ingest(D.fix("u1", home, at: 0), now: now, into: &out).isAccepted)
        // 600 m in 10 s is 216 km/h: plausible on an elevated road.
        #expect(t.ingest(D.fix("u1", D.north(home, 600), at: 10), now: now, into: &out).isAccepted)
        // 800 m in 10 s is 288 km/h: refused, position unchanged, flagged.
        let o = t.ingest(D.fix("u1", D.north(home, 1400), at: 20), now: now, into: &out)
        guard case .rejectedJump(let kmh) = o else { Issue.record("expected a jump, got \(o)"); return }
        #expect(abs(kmh - 288) < 3)
        #expect(out.suspectFixes.count == 1)
        let p = try #require(t.position(of: UnitID("u1")))
        #expect(abs(Geodesy.haversine(p.coordinate, D.north(home, 600))) < 0.01)
        // The same spot a bit later is fine again: the speed is measured from the last accepted fix.
        #expect(t.ingest(D.fix("u1", D.north(home, 1400), at: 25), now: now, into: &out).isAccepted)
    }

    @Test func consistentJumpsRelocateTheUnitAfterThreeFixes() {
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        let now = D.t0 + 1000
        let far = D.east(home, 3000)
        #expect(t.ingest(D.fix("u1", home, at: 0), now: now, into: &out).isAccepted)
        #expect(!t.ingest(D.fix("u1", far, at: 1), now: now, into: &out).isAccepted)
        #expect(!t.ingest(D.fix("u1", D.east(far, 10), at: 2), now: now, into: &out).isAccepted)
        let o = t.ingest(D.fix("u1", D.east(far, 20), at: 3), now: now, into: &out)
        guard case .accepted(_, relocated: true) = o else { Issue.record("expected a relocation, got \(o)"); return }
        #expect(out.suspectFixes.count == 2)
        // The relocation is not counted as distance driven.
        #expect(t.shiftStats(of: UnitID("u1"))?.distanceMeters == 0)
    }

    @Test func staleUnitsAreReportedAtAChosenInstant() {
        var t = tracker([D.unit("u1"), D.unit("u2"), D.unit("silent"), D.unit("home", status: .offDuty)])
        var out = TrackerOutput()
        _ = t.ingest(D.fix("u1", home, at: 0), now: D.t0, into: &out)
        _ = t.ingest(D.fix("u2", D.east(home, 100), at: 100), now: D.t0 + 100, into: &out)
        #expect(t.staleUnits(at: D.t0 + 120).map(\.unit.rawValue) == ["silent"])
        let later = t.staleUnits(at: D.t0 + 121)
        #expect(later.map(\.unit.rawValue) == ["u1", "silent"])
        #expect(later[0].lastFixAt == D.t0)
        #expect(later[1].lastFixAt == nil)
        #expect(t.staleUnits(at: D.t0 + 221).map(\.unit.rawValue) == ["u1", "u2", "silent"])
    }

    @Test func trackIsThinnedByTimeAndDistance() {
        var t = tracker([D.unit("slow"), D.unit("fast")])
        var out = TrackerOutput()
        let now = D.t0 + 1000
        // 2 m/s, one fix a second for 25 s: kept at 0, 10, 20 (50 m is never reached in 10 s).
        for s in 0...25 { _ = t.ingest(D.fix("slow", D.north(home, 2 * Double(s)), at: Double(s)), now: now, into: &out) }
        #expect(out.trackPoints.map { $0.time.timeIntervalSince(D.t0) } == [0, 10, 20])
        out.removeAll()
        // 30 m/s: kept every second fix (60 m >= 50 m).
        for s in 0...6 { _ = t.ingest(D.fix("fast", D.east(home, 30 * Double(s)), at: Double(s)), now: now, into: &out) }
        #expect(out.trackPoints.map { $0.time.timeIntervalSince(D.t0) } == [0, 2, 4, 6])
        #expect(out.trackPoints.allSatisfy { $0.unit == UnitID("fast") })
    }

    @Test func offRoadFixesAreKeptUnsnappedAndRoutingKeepsTheLastRoadPosition() throws {
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        let now = D.t0 + 1000
        let b = D.bbox
        #expect(t.ingest(D.fix("u1", home, at: 0), now: now, into: &out) == .accepted(onRoad: true, relocated: false))
        let onRoad = try #require(t.roadPosition(slot: 0))
        #expect(onRoad.snapDistance < 75)
        // 3 km beyond the extract's northern edge: no road within 75 m.
        let outside = D.north(Coordinate(lat: b.maxLat, lon: home.lon), 3000)
        let o = t.ingest(PositionFix(unit: UnitID("u1"), time: D.t0 + 900, lat: outside.lat, lon: outside.lon), now: now, into: &out)
        #expect(o == .accepted(onRoad: false, relocated: false))
        let p = try #require(t.position(of: UnitID("u1")))
        #expect(p.coordinate == outside && !p.onRoad)
        #expect(p.snapped == onRoad.coordinate)
        #expect(t.routing.positions[0] == onRoad)
    }

    @Test func routingIndexHoldsExactlyTheFreeUnits() {
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        _ = t.ingest(D.fix("u1", home, at: 0), now: D.t0, into: &out)
        #expect(t.routing.positions[0] != nil)
        t.upsert(D.unit("u1", status: .dispatched, incident: "i1"))
        #expect(t.routing.positions[0] == nil)
        _ = t.ingest(D.fix("u1", D.east(home, 200), at: 20), now: D.t0 + 20, into: &out)
        #expect(t.routing.positions[0] == nil)
        t.upsert(D.unit("u1"))
        #expect(t.routing.positions[0] == t.roadPosition(slot: 0))
        #expect(t.routing.positions[0] != nil)
    }

    @Test func deferredRoutingIsCoalescedUntilRefreshed() {
        var t = tracker([D.unit("u1"), D.unit("u2")]) { $0.routingUpdate = .deferred }
        var out = TrackerOutput()
        for s in 0..<5 {
            _ = t.ingest(D.fix("u1", D.east(home, 10 * Double(s)), at: Double(s)), now: D.t0 + 10, into: &out)
            _ = t.ingest(D.fix("u2", D.north(home, 10 * Double(s)), at: Double(s)), now: D.t0 + 10, into: &out)
        }
        #expect(t.pendingRoutingUpdates == 2)
        // Each unit joined the index at its first fix; the four moves after it wait.
        let first = t.routing.positions
        #expect(first.count == 2 && first.allSatisfy { $0 != nil })
        #expect(first != [t.roadPosition(slot: 0), t.roadPosition(slot: 1)])
        #expect(t.refreshRouting(limit: 1) == 1)
        #expect(t.pendingRoutingUpdates == 1)
        #expect(t.refreshRouting() == 1)
        #expect(t.routing.positions == [t.roadPosition(slot: 0), t.roadPosition(slot: 1)])
    }
    @Test func fixesAlongTheCurrentRoadStayOnItWithoutASearch() throws {
        let net = D.shanghai, g = net.graph
        // A long two-way segment.
        var found: (Int, Int)? = nil
        for u in 0..<g.nodeCount where found == nil {
            for e in g.edges(from: u) where net.edgeLengths[e] > 150 && g.edge(from: Int(g.targets[e]), to: u) != nil {
                found = (u, Int(g.targets[e])); break
            }
        }
        let (u, v) = try #require(found)
        let a = g.coordinates[u], b = g.coordinates[v]
        func at(_ f: Double) -> Coordinate { Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f) }
        var t = tracker([D.unit("u1")])
        var out = TrackerOutput()
        #expect(t.ingest(D.fix("u1", at(0.3), at: 0), now: D.t0 + 100, into: &out).isAccepted)
        let first = try #require(t.roadPosition(slot: 0))
        #expect(Set([first.fromNode, first.toNode]) == Set([Int32(u), Int32(v)]))
        #expect(t.fullSnaps == 1 && t.stickySnaps == 0)
        #expect(t.ingest(D.fix("u1", D.north(at(0.6), 4), at: 5), now: D.t0 + 100, into: &out).isAccepted)
        let second = try #require(t.roadPosition(slot: 0))
        #expect(t.fullSnaps == 1 && t.stickySnaps == 1)
        #expect(second.fromNode == first.fromNode && second.toNode == first.toNode)
        #expect(abs(second.fraction - (first.fromNode == Int32(u) ? 0.6 : 0.4)) < 0.03)   // 4 m aside on a > 150 m road
        #expect(second.snapDistance <= 4.5)
        // The index follows the sticky position exactly as it would a searched one.
        #expect(t.routing.positions[0] == second)
        // Far off the segment: a full search again.
        let k = cos(a.lat * .pi / 180)
        let dx = (b.lon - a.lon) * k, dy = b.lat - a.lat, len = (dx * dx + dy * dy).squareRoot()
        let off = 40 / LocalDistance.metresPerDegree
        let aside = Coordinate(lat: at(0.6).lat + off * dx / len, lon: at(0.6).lon - off * dy / len / k)
        _ = t.ingest(D.fix("u1", aside, at: 10), now: D.t0 + 100, into: &out)
        #expect(t.fullSnaps == 2)
    }
}
