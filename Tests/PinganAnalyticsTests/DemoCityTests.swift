import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

@Suite("Demo city generator")
struct DemoCityTests {
    static let net = TestNetworks.grid(36, spacing: 120)

    @Test func fourLevelTreeZonesPostsAndUnits() throws {
        let city = try DemoCityGenerator(seed: 3).generate(network: Self.net)
        let levels = Dictionary(grouping: city.jurisdictions, by: \.level).mapValues(\.count)
        #expect(levels[.city] == 1 && levels[.district] == 3 && levels[.station] == 10 && levels[.community] == 30)
        let byID = Dictionary(uniqueKeysWithValues: city.jurisdictions.map { ($0.id, $0) })
        for j in city.jurisdictions {
            if let p = j.parentID {
                let parent = try #require(byID[p])
                #expect(parent.level.childLevel == j.level)
                #expect(j.path == parent.path + j.id.rawValue + "/")
            }
        }
        #expect(city.zones.count == 30 && city.posts.filter { $0.kind == .streetPost }.count == 30)
        // Two cameras per zone; no checkpoints, since no road of this grid is fast (36 km/h).
        #expect(city.posts.filter { $0.kind == .camera }.count == 60)
        #expect(!city.posts.contains { $0.kind == .checkpoint })
        #expect((110...130).contains(city.units.count), "about 120 units, got \(city.units.count)")
        #expect(Set(city.units.map(\.kind)) == Set(UnitKind.allCases))
        #expect(city.zones.allSatisfy { $0.boundary.count >= 3 })
        #expect(city.zoneImbalance < 1.6, "road length per zone balanced: \(city.zoneImbalance)")
        #expect(city.plan.simulated && city.jurisdictions.allSatisfy { $0.name.contains("模拟") })
        try city.plan.validate()
        let geo = try JSONSerialization.jsonObject(with: Data(city.geoJSON.utf8)) as? [String: Any]
        #expect((geo?["features"] as? [Any])?.count == 10 + city.posts.count + 30)
    }

    @Test func checkpointsGuardTheWaysOutAndCamerasTheBusiestJunctions() {
        let n = 36
        var sensors = SensorPlacement()
        sensors.fastKmh = 30   // every road of the test grid is fast
        let checkpoints = sensors.checkpoints(network: Self.net)
        #expect(checkpoints.count == 8 && Set(checkpoints).count == 8)
        for v in checkpoints {
            let x = v % n, y = v / n
            #expect(x == 0 || y == 0 || x == n - 1 || y == n - 1, "checkpoint \(v) at (\(x), \(y)) is on the edge of the map")
        }
        sensors.fastKmh = 55
        #expect(sensors.checkpoints(network: Self.net).isEmpty)

        // Two zones: the west and east halves. Only interior junctions have 4 neighbours.
        let owner = (0..<n * n).map { Int32($0 % n < n / 2 ? 0 : 1) }
        let cameras = sensors.cameras(network: Self.net, owner: owner, zones: 2, roadLength: [Double](repeating: 1, count: n * n))
        #expect(cameras.map(\.count) == [2, 2])
        for (z, nodes) in cameras.enumerated() {
            for v in nodes {
                #expect(owner[v] == Int32(z))
                #expect(Self.net.graph.edges(from: v).count == 4)
            }
            let a = Self.net.graph.coordinates[nodes[0]], b = Self.net.graph.coordinates[nodes[1]]
            #expect(Geodesy.haversine(a, b) >= sensors.cameraSpacing - 1e-6, "spaced: \(Geodesy.haversine(a, b)) m")
        }
    }

    @Test func deterministicForASeed() throws {
        let a = try DemoCityGenerator(seed: 5).generate(network: Self.net)
        let b = try DemoCityGenerator(seed: 5).generate(network: Self.net)
        #expect(a.plan == b.plan)
        #expect(a.zoneOfNode == b.zoneOfNode)
    }

    @Test func partitionFollowsRoadTimeNotStraightLine() {
        // Seeds on the two banks of the river: every node belongs to the seed on its own bank,
        // although some east-bank nodes are closer to the west seed as the crow flies.
        let net = TestNetworks.river()
        let west = (0..<net.graph.nodeCount).min { net.graph.coordinates[$0].lon < net.graph.coordinates[$1].lon || (net.graph.coordinates[$0].lon == net.graph.coordinates[$1].lon && net.graph.coordinates[$0].lat < net.graph.coordinates[$1].lat) }!
        let east = (0..<net.graph.nodeCount).max { net.graph.coordinates[$0].lon < net.graph.coordinates[$1].lon || (net.graph.coordinates[$0].lon == net.graph.coordinates[$1].lon && net.graph.coordinates[$0].lat > net.graph.coordinates[$1].lat) }!
        let part = RoadPartition.assign(network: net, seeds: [west, east], offsets: [0, 0])
        let midLon = (net.graph.coordinates[west].lon + net.graph.coordinates[east].lon) / 2
        for v in 0..<net.graph.nodeCount {
            #expect(part.owner[v] == (net.graph.coordinates[v].lon < midLon ? 0 : 1))
        }
    }
}
