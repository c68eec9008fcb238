import Foundation
import PinganAnalytics
import PinganGeo
import Testing

/// Patrol zone design (issue 20): proposed zones are connected on the road network, carry about
/// their share of the workload, start at the station, and beat a cut that ignores the workload;
/// zone counts the area cannot hold are refused.
@Suite("Zone design")
struct ZoneDesignTests {
    static let grid = TestNetworks.grid(30, spacing: 150)

    /// A busy corner (the north-east ninth carries 60 % of the calls) over a little road-length load everywhere.
    static var workload: [Double] {
        (0..<900).map { v in
            let x = v % 30, y = v / 30
            return (x >= 20 && y >= 20 ? 12 : 1) + 0.1
        }
    }

    /// Every node of a zone is reached from the zone's seed through the zone's own nodes.
    static func isConnected(_ d: ZoneDesign, zone z: Int, in g: RoadGraph) -> Bool {
        var seen = Set([d.zones[z].seedNode]), stack = [d.zones[z].seedNode]
        while let v = stack.popLast() {
            for e in g.edges(from: v) {
                let w = Int(g.targets[e])
                if d.owner[w] == Int32(z), seen.insert(w).inserted { stack.append(w) }
            }
        }
        return seen.count == d.zones[z].nodes
    }

    @Test func zonesAreConnectedBalancedAndStartAtTheStation() throws {
        let net = Self.grid
        let area = [Bool](repeating: true, count: 900)
        let station = 15 * 30 + 15
        let d = try ZoneDesign.propose(network: net, area: area, workload: Self.workload, count: 6, station: station)
        #expect(d.zones.count == 6)
        #expect(d.zones[0].seedNode == station)
        #expect(d.zones.reduce(0) { $0 + $1.nodes } == 900, "every node in one zone")
        for z in 0..<6 { #expect(Self.isConnected(d, zone: z, in: net.graph), "zone \(z) is in one piece") }
        #expect(d.imbalance < 1.35, "workload spread \(d.imbalance)")
        // The busy corner is cut into smaller zones than the quiet rest.
        let cornerZones = Set((0..<900).filter { $0 % 30 >= 20 && $0 / 30 >= 20 }.map { d.owner[$0] })
        #expect(cornerZones.count >= 2, "the busy corner is shared by several zones")
        // Against six zones cut for road length alone, the spread of workload is smaller.
        let byLength = try ZoneDesign.propose(network: net, area: area, workload: [Double](repeating: 1, count: 900), count: 6, station: station)
        let lengthCut = ZoneDesign.measure(network: net, owner: byLength.owner, seeds: byLength.zones.map(\.seedNode), workload: Self.workload)
        #expect(d.imbalance < lengthCut.imbalance, "\(d.imbalance) vs \(lengthCut.imbalance)")
        // Measuring the design again gives its own figures.
        let again = ZoneDesign.measure(network: net, owner: d.owner, seeds: d.zones.map(\.seedNode), workload: Self.workload)
        #expect(again.zones == d.zones)
        #expect(d.meanDrive > 0)
        // The outlines tile the ground: nearly every node lies in its own zone's outline, and in no other.
        let g = net.graph
        var own = 0, elsewhere = 0
        for v in 0..<900 {
            let holders = d.zones.indices.filter { Polygon(d.zones[$0].outline).contains(g.coordinates[v]) }
            if holders == [Int(d.owner[v])] { own += 1 }
            if holders.contains(where: { $0 != Int(d.owner[v]) }) { elsewhere += 1 }
        }
        #expect(own >= 855 && elsewhere <= 45, "\(own) of 900 in their own outline only, \(elsewhere) in another")
    }

    @Test func anAreaTooSmallForTheZonesIsRefused() {
        let net = Self.grid
        var area = [Bool](repeating: false, count: 900)
        for v in 0..<100 { area[v] = true }
        #expect(throws: AnalyticsError.self) { try ZoneDesign.propose(network: net, area: area, workload: Self.workload, count: 6, station: nil) }
        #expect(throws: AnalyticsError.self) { try ZoneDesign.propose(network: net, area: area, workload: Self.workload, count: 0, station: nil) }
        #expect((try? ZoneDesign.propose(network: net, area: area, workload: Self.workload, count: 5, station: nil))?.zones.count == 5)
    }
}
