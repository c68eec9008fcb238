import Foundation
import Testing
@testable import PinganGeo

@Suite("Coordinates")
struct CoordinateTests {
    @Test func gcj02RoundTripWithinOneMetreInChina() {
        var rng = SplitMix64(seed: 1)
        var worst = 0.0
        for _ in 0..<2000 {
            let c = Coordinate(lat: 18 + Double(rng.next() % 10_000) / 10_000 * 35, lon: 75 + Double(rng.next() % 10_000) / 10_000 * 59)
            let g = ChinaCoordinates.wgs84ToGCJ02(c)
            let back = ChinaCoordinates.gcj02ToWGS84(g)
            worst = max(worst, Geodesy.haversine(c, back))
        }
        #expect(worst < 1.0)
    }

    @Test func gcj02OffsetIsHundredsOfMetresInShanghai() {
        let wgs = Coordinate(lat: 31.2304, lon: 121.4737)
        let gcj = ChinaCoordinates.wgs84ToGCJ02(wgs)
        let d = Geodesy.haversine(wgs, gcj)
        #expect(d > 300 && d < 800)
        // Shanghai's GCJ-02 shift is north-east-ish: latitude down slightly, longitude up.
        #expect(gcj.lon > wgs.lon)
    }

    @Test func noOffsetOutsideChina() {
        let berlin = Coordinate(lat: 52.52, lon: 13.405)
        #expect(ChinaCoordinates.wgs84ToGCJ02(berlin) == berlin)
        #expect(ChinaCoordinates.gcj02ToWGS84(berlin) == berlin)
    }

    @Test func bd09RoundTrip() {
        let c = Coordinate(lat: 39.9087, lon: 116.3975)
        let bd = ChinaCoordinates.wgs84ToBD09(c)
        #expect(Geodesy.haversine(c, bd) > 500)
        #expect(Geodesy.haversine(c, ChinaCoordinates.bd09ToWGS84(bd)) < 1.0)
    }

    @Test func haversineKnownDistance() {
        // Shanghai People's Square to Lujiazui, about 3.7 km.
        let d = Geodesy.haversine(Coordinate(lat: 31.2323, lon: 121.4692), Coordinate(lat: 31.2397, lon: 121.4998))
        #expect(abs(d - 3010) < 150)
        #expect(Geodesy.haversine(Coordinate(lat: 0, lon: 0), Coordinate(lat: 0, lon: 1)) > 111_000)
    }

    @Test func mercatorRoundTrip() {
        let c = Coordinate(lat: 31.2304, lon: 121.4737)
        let p = Geodesy.mercator(c)
        let back = Geodesy.unmercator(x: p.x, y: p.y)
        #expect(abs(back.lat - c.lat) < 1e-9 && abs(back.lon - c.lon) < 1e-9)
        #expect(abs(Geodesy.mercator(Coordinate(lat: 0, lon: 180)).x - 20_037_508.34) < 1)
    }

    @Test func polygonContains() {
        let square = Polygon([Coordinate(lat: 0, lon: 0), Coordinate(lat: 0, lon: 1), Coordinate(lat: 1, lon: 1), Coordinate(lat: 1, lon: 0)])
        #expect(square.contains(Coordinate(lat: 0.5, lon: 0.5)))
        #expect(!square.contains(Coordinate(lat: 1.5, lon: 0.5)))
        #expect(!square.contains(Coordinate(lat: 0.5, lon: -0.1)))
        // Concave "C" shape: the notch is outside.
        let c = Polygon([Coordinate(lat: 0, lon: 0), Coordinate(lat: 0, lon: 3), Coordinate(lat: 1, lon: 3), Coordinate(lat: 1, lon: 1),
                         Coordinate(lat: 2, lon: 1), Coordinate(lat: 2, lon: 3), Coordinate(lat: 3, lon: 3), Coordinate(lat: 3, lon: 0)])
        #expect(!c.contains(Coordinate(lat: 1.5, lon: 2)))
        #expect(c.contains(Coordinate(lat: 1.5, lon: 0.5)))
        #expect(c.maxLat == 3 && c.minLon == 0)
    }
}

@Suite("Snapping")
struct SnappingTests {
    @Test func snapsToNearbyRoadWithDistance() throws {
        let net = TestData.shanghai
        let g = net.graph
        var rng = SplitMix64(seed: 2)
        for _ in 0..<50 {
            let v = Int(rng.next() % UInt64(g.nodeCount))
            let p = try net.snap(g.coordinates[v])
            #expect(p.snapDistance < 0.5)
            // 0.0003° north: at most ~33 m away from the node, so the snap is at most that far.
            let q = try net.snap(Coordinate(lat: g.coordinates[v].lat + 0.0003, lon: g.coordinates[v].lon))
            #expect(q.snapDistance <= 34)
            #expect(abs(Geodesy.haversine(q.coordinate, Coordinate(lat: g.coordinates[v].lat + 0.0003, lon: g.coordinates[v].lon)) - q.snapDistance) < 0.01)
        }
    }

    @Test func snapMatchesBruteForce() throws {
        let net = TestData.helsinki
        let g = net.graph
        var rng = SplitMix64(seed: 4)
        for _ in 0..<40 {
            let v = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
            let q = Coordinate(lat: v.lat + Double(Int(rng.next() % 200) - 100) * 1e-5, lon: v.lon + Double(Int(rng.next() % 200) - 100) * 1e-5)
            let p = try net.snap(q, maxDistance: 2000)
            // Brute force over all edges in the same local projection.
            let k = cos(q.lat * .pi / 180)
            var best = Double.infinity
            for u in 0..<g.nodeCount {
                for e in g.edges(from: u) {
                    let a = g.coordinates[u], b = g.coordinates[Int(g.targets[e])]
                    let ax = (a.lon - q.lon) * k, ay = a.lat - q.lat, bx = (b.lon - q.lon) * k, by = b.lat - q.lat
                    let dx = bx - ax, dy = by - ay
                    let l2 = dx * dx + dy * dy
                    let t = l2 > 0 ? max(0, min(1, -(ax * dx + ay * dy) / l2)) : 0
                    let x = ax + t * dx, y = ay + t * dy
                    best = min(best, (x * x + y * y).squareRoot() * 111_195)
                }
            }
            #expect(abs(p.snapDistance - best) < 1.0, "snap \(p.snapDistance) vs brute \(best)")
        }
    }

    @Test func tooFarIsTypedError() {
        let net = TestData.shanghai
        #expect(throws: GeoError.self) { _ = try net.snap(Coordinate(lat: 35, lon: 121.47), maxDistance: 500) }
        do { _ = try net.snap(Coordinate(lat: 31.0, lon: 121.47), maxDistance: 100); Issue.record("expected error") }
        catch { #expect(error.kind == .snapTooFar) }
        do { _ = try net.snap(Coordinate(lat: 91, lon: 0)); Issue.record("expected error") }
        catch { #expect(error.kind == .outOfRange) }
    }
}
