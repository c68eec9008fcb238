import Foundation
import PinganGeo

/// Where the demo city puts its road checkpoints (卡口) and camera points (监控点位). The rules
/// follow what such sensors watch in a real city, using only what the road graph knows:
///
/// - **Checkpoints** guard the ways into the city: in each of `sectors` compass sectors around
///   the network's centre, the node on a fast road (an edge of at least `fastKmh`) farthest from
///   the centre, which on a city extract is where an arterial road leaves the map. Sectors
///   without a fast road get none.
/// - **Cameras** watch busy junctions: in each zone, the nodes with the most distinct road
///   neighbours (ties broken by the road length around them), at least `cameraSpacing` metres
///   apart, `camerasPerZone` of them.
///
/// Deterministic: the same network and zones always give the same places.
public struct SensorPlacement: Sendable {
    public var sectors = 8
    public var fastKmh = 55.0
    public var camerasPerZone = 2
    public var cameraSpacing = 200.0

    public init() {}

    /// Checkpoint nodes, one per sector that has a fast road, in sector order.
    public func checkpoints(network: RoadNetwork) -> [Int] {
        let g = network.graph
        guard g.hasCoordinates, sectors >= 1 else { return [] }
        var lat = 0.0, lon = 0.0
        for c in g.coordinates { lat += c.lat; lon += c.lon }
        let centre = Coordinate(lat: lat / Double(g.nodeCount), lon: lon / Double(g.nodeCount))
        let kx = cos(centre.lat * .pi / 180)
        var best = [(node: Int, distance: Double)](repeating: (-1, -1), count: sectors)
        for u in 0..<g.nodeCount where isOnFastRoad(u, network) {
            let c = g.coordinates[u]
            var angle = atan2(c.lat - centre.lat, (c.lon - centre.lon) * kx)
            if angle < 0 { angle += 2 * .pi }
            let sector = min(sectors - 1, Int(angle / (2 * .pi) * Double(sectors)))
            let d = Geodesy.haversine(centre, c)
            if d > best[sector].distance { best[sector] = (u, d) }
        }
        return best.map(\.node).filter { $0 >= 0 }
    }

    /// Camera nodes for each zone (`owner[v]` is node v's zone, negative for none).
    public func cameras(network: RoadNetwork, owner: [Int32], zones: Int, roadLength: [Double]) -> [[Int]] {
        let g = network.graph
        guard zones >= 0, owner.count == g.nodeCount, roadLength.count == g.nodeCount else { return [] }
        var candidates = [[(node: Int, degree: Int, length: Double)]](repeating: [], count: zones)
        for u in 0..<g.nodeCount {
            let z = Int(owner[u])
            guard z >= 0, z < zones else { continue }
            var neighbours = Set<Int32>()
            for e in g.edges(from: u) { neighbours.insert(g.targets[e]) }
            if neighbours.count >= 3 { candidates[z].append((u, neighbours.count, roadLength[u])) }
        }
        return candidates.map { list in
            let ranked = list.sorted { ($0.degree, $0.length, -$0.node) > ($1.degree, $1.length, -$1.node) }
            var chosen: [Int] = []
            for c in ranked where chosen.count < camerasPerZone {
                let at = g.coordinates[c.node]
                if chosen.allSatisfy({ Geodesy.haversine(g.coordinates[$0], at) >= cameraSpacing }) { chosen.append(c.node) }
            }
            return chosen
        }
    }

    func isOnFastRoad(_ u: Int, _ network: RoadNetwork) -> Bool {
        network.graph.edges(from: u).contains { network.speedKmh(edge: $0) >= fastKmh }
    }
}
