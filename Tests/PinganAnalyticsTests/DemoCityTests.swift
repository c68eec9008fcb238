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
        #expect(city.zones.count == 30 && city.posts.count == 30)
        #expect((110...130).contains(city.units.count), "about 120 units, got \(city.units.count)")
        #expect(Set(city.units.map(\.kind)) == Set(UnitKind.allCases))
        #expect(city.zones.allSatisfy { $0.boundary.count >= 3 })
        #expect(city.zoneImbalance < 1.6, "road length per zone balanced: \(city.zoneImbalance)")
        #expect(city.plan.simulated && city.jurisdictions.allSatisfy { $0.name.contains("模拟") })
        try city.plan.validate()
        let geo = try JSONSerialization.jsonObject(with: Data(city.geoJSON.utf8)) as? [String: Any]
        #expect((geo?["features"] as? [Any])?.count == 10 + 30 + 30)
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
