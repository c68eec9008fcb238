import Foundation
import PinganGeo

/// A proposed cut of a jurisdiction into patrol zones (巡区划分), and the same figures for any
/// cut, so a proposal can be set beside the zones in force.
///
/// `propose` seeds one zone at the station and the others at the workload's weighted k-means
/// centres, then grows the zones over the road network from their seeds by travel time with
/// handicaps that even out the workload (`RoadPartition.balanced`): each zone is connected on the
/// road network (every node is reached from its seed through its own zone), compact by travel
/// time, and carries about its share of the expected calls.
public struct ZoneDesign: Sendable {
    public struct Zone: Sendable, Equatable {
        public var seedNode: Int
        public var nodes: Int
        /// Expected workload (the weights given, e.g. last weeks' calls plus a little per road metre).
        public var workload: Double
        /// Workload-weighted mean drive time from the seed to the zone's nodes, driving inside the
        /// zone (graph units); nodes the seed cannot reach that way are left out of the mean.
        public var meanDrive: Double
        /// The zone's outline: for a design, traced so that the zones tile the ground without
        /// overlapping (`ZoneOutlines`); for zones in force, their own boundary.
        public var outline: [Coordinate]
    }

    public var zones: [Zone]
    /// Zone of each graph node (-1: outside the area).
    public var owner: [Int32]

    /// Largest zone's workload over the mean: 1 is perfect balance.
    public var imbalance: Double {
        let mean = zones.reduce(0) { $0 + $1.workload } / Double(max(1, zones.count))
        return mean > 0 ? (zones.map(\.workload).max() ?? 0) / mean : 1
    }

    /// Workload-weighted mean drive time from each zone's seed to its demand (graph units).
    public var meanDrive: Double {
        let w = zones.reduce(0) { $0 + $1.workload }
        return w > 0 ? zones.reduce(0) { $0 + $1.meanDrive * $1.workload } / w : 0
    }

    /// Zones may not be smaller than this many road nodes: fewer is a street corner, not a beat.
    public static let minimumNodesPerZone = 20
    /// A station's zones at most (a city of Lanzhou's size has 88 in all): with outlines of at most
    /// `maximumOutlineCorners` corners, adopting the largest design still fits a 1 MiB request.
    public static let maximumZones = 24
    public static let maximumOutlineCorners = 500

    /// - Parameters:
    ///   - area: the jurisdiction's nodes.
    ///   - workload: per graph node.
    ///   - station: the station's node, the first zone's seed (nil: all seeds from the workload).
    public static func propose(network: RoadNetwork, area: [Bool], workload: [Double], count: Int, station: Int?,
                               seed: UInt64 = 1) throws(AnalyticsError) -> ZoneDesign {
        let members = area.indices.filter { area[$0] }
        guard count >= 1, count <= maximumZones else { throw AnalyticsError(.badPlan, "a design has 1 to \(maximumZones) zones, not \(count)") }
        guard members.count >= count * minimumNodesPerZone else {
            throw AnalyticsError(.badPlan, "\(count) zones need at least \(count * minimumNodesPerZone) road nodes in the area; it has \(members.count)")
        }
        guard network.graph.hasCoordinates else { throw AnalyticsError(.unsupported, "zone design needs a road network with coordinates") }
        var rng = SeededRandom(seed: seed)
        var seeds: [Int] = []
        if let station, area[station] { seeds.append(station) }
        for c in WeightedKMeans.centres(network: network, members: members, weights: workload, k: count, rng: &rng) where seeds.count < count && !seeds.contains(c) {
            seeds.append(c)
        }
        var i = 0
        while seeds.count < count {   // fewer distinct centres than zones: spread the rest over the area
            let v = members[(i * 7919) % members.count]
            if !seeds.contains(v) { seeds.append(v) }
            i += 1
        }
        let part = RoadPartition.balanced(network: network, seeds: seeds, mask: area, nodeWeight: workload, iterations: 40)
        return measure(network: network, owner: part.owner, seeds: seeds, workload: workload)
    }

    /// The figures of any cut: `owner` gives each node's zone, `seeds` each zone's centre node
    /// (for the zones in force, the road node nearest its outline's centre), `outlines` their
    /// boundaries (nil: traced from `owner`).
    public static func measure(network: RoadNetwork, owner: [Int32], seeds: [Int], workload: [Double], outlines: [[Coordinate]]? = nil) -> ZoneDesign {
        let g = network.graph
        // Drive times from each seed through its own zone only: one search per zone, each
        // settling only that zone's nodes, so all of them together cost one pass over the area.
        var time = [Int32](repeating: .max, count: g.nodeCount)
        var heap = MinHeap()
        for (z, s) in seeds.enumerated() where owner[s] == Int32(z) {
            time[s] = 0
            heap.push(key: 0, node: Int32(s))
            while !heap.isEmpty {
                let (k, v32) = heap.pop()
                let v = Int(v32), d = Int32(bitPattern: k)
                if d != time[v] { continue }
                for e in g.edges(from: v) {
                    let w = Int(g.targets[e])
                    guard owner[w] == Int32(z) else { continue }
                    let nd = d &+ g.weights[e]
                    if nd < time[w] { time[w] = nd; heap.push(key: UInt32(nd), node: Int32(w)) }
                }
            }
        }
        let traced = outlines ?? (g.hasCoordinates ? ZoneOutlines.trace(coordinates: g.coordinates, owner: owner, zones: seeds.count)
                                                     : Array(repeating: [], count: seeds.count))
        var zones: [Zone] = []
        for (z, s) in seeds.enumerated() {
            var nodes = 0, load = 0.0, drive = 0.0, reachedLoad = 0.0
            for v in 0..<g.nodeCount where owner[v] == Int32(z) {
                nodes += 1
                load += workload[v]
                if time[v] != .max { drive += workload[v] * Double(time[v]); reachedLoad += workload[v] }
            }
            zones.append(Zone(seedNode: s, nodes: nodes, workload: load, meanDrive: reachedLoad > 0 ? drive / reachedLoad : 0,
                              outline: traced[z]))
        }
        return ZoneDesign(zones: zones, owner: owner)
    }
}

/// A zone design for one station set beside the zones in force, in the units people read
/// (seconds, shares): what `GET /v1/patrol/zone-design` answers.
public struct ZoneStudy: Sendable, Encodable {
    public struct ZoneFigures: Sendable, Encodable, Equatable {
        public var outline: [Coordinate]
        /// Share (0...1) of the station's workload.
        public var share: Double
        public var nodes: Int
        public var meanDriveSeconds: Double
        /// The zone in force this is (for the current cut).
        public var zoneID: String?
    }

    public struct Cut: Sendable, Encodable, Equatable {
        public var zones: [ZoneFigures]
        /// Largest zone's workload over the mean (1: even).
        public var imbalance: Double
        public var meanDriveSeconds: Double
    }

    public var proposal: Cut
    /// nil when the station has no zones in force.
    public var current: Cut?
    /// Calls the workload came from.
    public var calls: Int

    /// Workload per road node: each call counts 1 at its nearest node, and a fifth of the calls'
    /// total is spread by road length, so quiet streets still weigh something.
    /// - Parameters:
    ///   - inArea: whether a position lies in the station's ground.
    ///   - currentZones: the outlines (and ids) of the station's zones in force.
    public static func make(network: RoadNetwork, inArea: (Coordinate) -> Bool, calls: [Coordinate], station: Coordinate?,
                            currentZones: [(id: String, outline: Polygon)], count: Int) throws(AnalyticsError) -> ZoneStudy {
        let g = network.graph
        guard g.hasCoordinates else { throw AnalyticsError(.unsupported, "zone design needs a road network with coordinates") }
        let area = g.coordinates.map(inArea)
        func node(_ c: Coordinate) -> Int? {
            guard let p = try? network.snap(c, maxDistance: 500) else { return nil }
            let v = Int(p.nearerNode)
            return area[v] ? v : nil
        }
        var workload = [Double](repeating: 0, count: g.nodeCount)
        var used = 0
        for c in calls { if let v = node(c) { workload[v] += 1; used += 1 } }
        let road = WeightedKMeans.nodeRoadLength(network)
        let roadInArea = (0..<g.nodeCount).reduce(0.0) { $0 + (area[$1] ? road[$1] : 0) }
        let spread = 0.2 * Double(max(used, 1))
        if roadInArea > 0 { for v in 0..<g.nodeCount where area[v] { workload[v] += spread * road[v] / roadInArea } }
        let seconds = g.weightUnit == .deciseconds ? 0.1 : 1
        func cut(_ d: ZoneDesign, ids: [String]?) -> Cut {
            let total = d.zones.reduce(0) { $0 + $1.workload }
            return Cut(zones: d.zones.enumerated().map { i, z in
                ZoneFigures(outline: z.outline, share: total > 0 ? z.workload / total : 0, nodes: z.nodes, meanDriveSeconds: z.meanDrive * seconds,
                            zoneID: ids?[i])
            }, imbalance: d.imbalance, meanDriveSeconds: d.meanDrive * seconds)
        }
        // Zones are drawn as outlines, and a unit belongs to the outline it stands in: the
        // figures are those of the outlines (a road the network cut gave one zone may lie inside
        // the other's outline), so what is adopted is what was measured.
        func drawnOwner(_ outlines: [Polygon]) -> [Int32] {
            var owner = [Int32](repeating: -1, count: g.nodeCount)
            for v in 0..<g.nodeCount where area[v] {
                if let z = outlines.firstIndex(where: { $0.contains(g.coordinates[v]) }) { owner[v] = Int32(z) }
            }
            return owner
        }
        let cutByRoad = try ZoneDesign.propose(network: network, area: area, workload: workload, count: count, station: station.flatMap(node))
        let outlines = cutByRoad.zones.map(\.outline)
        let design = ZoneDesign.measure(network: network, owner: drawnOwner(outlines.map { Polygon($0) }), seeds: cutByRoad.zones.map(\.seedNode),
                                        workload: workload, outlines: outlines)
        var current: Cut?
        if !currentZones.isEmpty {
            // The zones in force: each zone's centre is the road node nearest its outline's centroid.
            let owner = drawnOwner(currentZones.map(\.outline))
            let seeds = currentZones.enumerated().map { z, zone -> Int in
                let ring = zone.outline.ring
                let centre = Coordinate(lat: ring.reduce(0) { $0 + $1.lat } / Double(max(1, ring.count)),
                                        lon: ring.reduce(0) { $0 + $1.lon } / Double(max(1, ring.count)))
                let inside = (0..<g.nodeCount).filter { owner[$0] == Int32(z) }
                return inside.min { Geodesy.haversine(g.coordinates[$0], centre) < Geodesy.haversine(g.coordinates[$1], centre) }
                    ?? (try? network.snap(centre, maxDistance: 5000)).map { Int($0.fromNode) } ?? 0
            }
            current = cut(ZoneDesign.measure(network: network, owner: owner, seeds: seeds, workload: workload, outlines: currentZones.map(\.outline.ring)),
                          ids: currentZones.map(\.id))
        }
        return ZoneStudy(proposal: cut(design, ids: nil), current: current, calls: used)
    }
}
