import Foundation
import PinganGeo
import Testing
@testable import PinganCore

@Suite("Dispatch: patrol-zone geofence")
struct DispatchGeofenceTests {
    typealias D = DispatchTestData

    /// Two irregular zones over the Shanghai extract, meeting on the meridian through its centre.
    static func westEast(westUnits: [String] = []) -> (zones: [PatrolZone], mid: Coordinate) {
        let b = D.bbox
        let mid = Coordinate(lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2)
        let w = PatrolZone(id: ZoneID("west"), stationID: JurisdictionID("a"), name: "West",
                           boundary: [Coordinate(lat: b.minLat - 0.01, lon: b.minLon - 0.01), Coordinate(lat: b.minLat - 0.02, lon: mid.lon),
                                      Coordinate(lat: b.maxLat + 0.01, lon: mid.lon), Coordinate(lat: b.maxLat + 0.02, lon: b.minLon - 0.01),
                                      Coordinate(lat: mid.lat, lon: b.minLon - 0.03)],
                           unitIDs: westUnits.map { UnitID($0) }, path: D.stationA)
        let e = PatrolZone(id: ZoneID("east"), stationID: JurisdictionID("b"), name: "East",
                           boundary: [Coordinate(lat: b.minLat - 0.02, lon: mid.lon), Coordinate(lat: b.minLat - 0.01, lon: b.maxLon + 0.02),
                                      Coordinate(lat: mid.lat + 0.003, lon: b.maxLon + 0.01),
                                      Coordinate(lat: b.maxLat + 0.01, lon: b.maxLon + 0.01), Coordinate(lat: b.maxLat + 0.01, lon: mid.lon)],
                           path: D.stationB)
        return ([w, e], mid)
    }

    @Test func gridIndexAgreesWithRayCastingOnIrregularPolygons() {
        let b = D.bbox
        var rng = SplitMix64(seed: 7)
        func unit() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 }
        var zones: [PatrolZone] = []
        for z in 0..<40 {
            // Star-shaped polygons with 5-14 vertices at random radii: concave, some overlapping.
            let c = Coordinate(lat: b.minLat + unit() * (b.maxLat - b.minLat), lon: b.minLon + unit() * (b.maxLon - b.minLon))
            let n = 5 + Int(rng.next() % 10)
            let r = 0.003 + unit() * 0.01
            let ring = (0..<n).map { i -> Coordinate in
                let a = Double(i) / Double(n) * 2 * .pi, rr = r * (0.4 + unit() * 0.6)
                return Coordinate(lat: c.lat + rr * sin(a), lon: c.lon + rr * cos(a) / cos(c.lat * .pi / 180))
            }
            zones.append(PatrolZone(id: ZoneID("z\(z)"), stationID: JurisdictionID("a"), name: "", boundary: ring, path: D.stationA))
        }
        let index = ZoneIndex(zones: zones)
        var inside = 0
        for _ in 0..<20_000 {
            let p = Coordinate(lat: b.minLat - 0.01 + unit() * (b.maxLat - b.minLat + 0.02),
                               lon: b.minLon - 0.01 + unit() * (b.maxLon - b.minLon + 0.02))
            let truth = Set((0..<zones.count).filter { index.polygons[$0].contains(p) }.map { Int32($0) })
            let got = index.zones(containing: p).indexes
            inside += truth.isEmpty ? 0 : 1
            if truth.count <= ZoneMembership.capacity {
                #expect(Set(got) == truth)
            } else {
                #expect(got.count == ZoneMembership.capacity && Set(got).isSubset(of: truth))
            }
        }
        #expect(inside > 1000)
    }

    @Test func crossingABoundaryEmitsExitAndEnterAndCreditsTimeAndDistance() throws {
        let (zones, mid) = Self.westEast()
        var t = PositionTracker(network: D.shanghai, zones: zones, shiftStart: D.t0)
        t.upsert(D.unit("u1"))
        var out = TrackerOutput()
        // 15 m/s eastwards, one fix every 2 s, crossing the meridian between fixes 9 and 10.
        for i in 0...20 {
            let o = t.ingest(D.fix("u1", D.east(mid, -295 + 30 * Double(i)), at: 2 * Double(i)), now: D.t0 + 100, into: &out)
            #expect(o.isAccepted)
        }
        #expect(out.zoneEvents.map { "\($0.kind.rawValue):\($0.zone.rawValue)@\(Int($0.time.timeIntervalSince(D.t0)))" }
                == ["enter:west@0", "exit:west@20", "enter:east@20"])
        let stats = try #require(t.shiftStats(of: UnitID("u1")))
        #expect(Dictionary(uniqueKeysWithValues: stats.zones.map { ($0.zone.rawValue, $0.seconds) }) == ["west": 20, "east": 20])
        #expect(abs(stats.distanceMeters - 600) < 1)
        #expect(stats.secondsInAssignedZones == 0)
        #expect(t.position(of: UnitID("u1"))?.zones == [ZoneID("east")])
        #expect(t.zoneIndex.zoneIDs(containing: D.east(mid, -50)) == [ZoneID("west")])

        t.resetShift(at: D.t0 + 40)
        let reset = try #require(t.shiftStats(of: UnitID("u1")))
        #expect(reset.distanceMeters == 0 && reset.zones.isEmpty && reset.since == D.t0 + 40)
        _ = t.ingest(D.fix("u1", D.east(mid, 335), at: 42), now: D.t0 + 100, into: &out)
        #expect(t.shiftStats(of: UnitID("u1"))?.zones == [ZoneTime(zone: ZoneID("east"), seconds: 2)])
    }

    @Test func leavingTheAssignedZoneWarnsOnceAndRearmsOnReturn() {
        let (zones, mid) = Self.westEast(westUnits: ["free", "busy"])
        var t = PositionTracker(network: D.shanghai, zones: zones, shiftStart: D.t0)
        t.upsert(D.unit("free"))
        t.upsert(D.unit("busy", status: .enRoute, incident: "i1"))
        var out = TrackerOutput()
        // West → east → west → east, 30 m every 2 s, for both units.
        let xs: [Double] = [-95, -65, -35, -5, 25, 55, 85, 55, 25, -5, -35, -5, 25, 55]
        for (i, x) in xs.enumerated() {
            for u in ["free", "busy"] {
                _ = t.ingest(D.fix(u, D.east(mid, x), at: 2 * Double(i)), now: D.t0 + 100, into: &out)
            }
        }
        #expect(out.warnings.map { "\($0.unit.rawValue)@\(Int($0.time.timeIntervalSince(D.t0)))" } == ["free@8", "free@24"])
        #expect(out.warnings.first?.assignedZones == [ZoneID("west")])
        let stats = t.shiftStats(of: UnitID("free"))
        // Fixes 0-3 and 9-11 were in the west zone: 7 intervals of 2 s credited.
        #expect(stats?.secondsInAssignedZones == 14)
    }

    @Test func gapsLongerThanTheLimitAreNotCreditedAsTimeInZone() {
        let (zones, mid) = Self.westEast()
        var t = PositionTracker(network: D.shanghai, zones: zones, shiftStart: D.t0)
        t.upsert(D.unit("u1"))
        var out = TrackerOutput()
        _ = t.ingest(D.fix("u1", D.east(mid, -100), at: 0), now: D.t0 + 1000, into: &out)
        _ = t.ingest(D.fix("u1", D.east(mid, -110), at: 600), now: D.t0 + 1000, into: &out)
        #expect(t.shiftStats(of: UnitID("u1"))?.zones == [ZoneTime(zone: ZoneID("west"), seconds: 120)])
    }
}
