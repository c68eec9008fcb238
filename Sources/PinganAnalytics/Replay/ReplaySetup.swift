import Foundation
import PinganCore
import PinganGeo

/// Everything the scenarios of one replay share, computed once: calls placed on the network
/// with their zone, arrival time and on-scene time; units with their home point, zone and shift;
/// and the per-node demand weights for coverage. Sharing the drawn service times and placements
/// (common random numbers) makes the policies' differences the policies' own.
///
/// Time inside the simulation is in the graph's weight unit (deciseconds for OSM networks),
/// counted from local midnight of the first call's day.
public struct ReplaySetup: Sendable {
    public let network: RoadNetwork
    public let plan: ReplayPlan
    /// Local seconds since 1970 of simulation time 0.
    public let origin: Int64
    // Calls, flat, in arrival order.
    public let callTarget: [RoutePoint]
    public let callArrival: [Int64]
    public let callPriority: [UInt8]
    public let callCategory: [Int8]
    public let callZone: [Int32]
    public let callService: [Int32]
    // Dispatchable units, flat.
    public let unitIDs: [String]
    public let unitKind: [UnitKind]
    public let unitHome: [RoutePoint]
    public let unitZone: [Int32]
    public let unitShift: [ReplayPlan.Shift]
    /// Zone index of each node (-1 when the plan has no zones).
    public let zoneOfNode: [Int32]
    public let zoneCount: Int
    /// Road length around each node (coverage demand) and a ~1 km grid cell per node.
    public let nodeWeight: [Double]
    public let nodeCell: [Int32]
    public let cellCount: Int
    public let placement: CallPlacement
    /// Calls dropped because no road was within the snapping distance.
    public let droppedOffNetwork: Int
    /// Seconds spent building this setup (placement and snapping dominate).
    public let prepareSeconds: Double

    /// Ticks per second of the graph's weights (10 for OSM deciseconds).
    public var ticksPerSecond: Double { network.graph.weightUnit == .deciseconds ? 10 : 1 }

    /// - Parameters:
    ///   - calls: calls in any order; date-only calls get a seeded time of day.
    ///   - placementMode: see `CallPlacement`.
    public init(network: RoadNetwork, plan: ReplayPlan, calls input: [CallRecord], seed: UInt64,
                placementMode: CallPlacement.Mode = .auto, maxSnapMeters: Double = 1000) throws(AnalyticsError) {
        let t0 = Date()
        try plan.validate()
        guard network.graph.hasCoordinates else { throw AnalyticsError(.unsupported, "replay needs a road network with coordinates") }
        guard !input.isEmpty else { throw AnalyticsError(.noCalls, "no calls to replay") }
        self.network = network
        self.plan = plan
        let g = network.graph
        let tps: Int64 = g.weightUnit == .deciseconds ? 10 : 1
        let root = SeededRandom(seed: seed)

        // Zones: additively weighted network Voronoi from the plan's zone seeds.
        var zoneIndex: [String: Int32] = [:]
        if !plan.zones.isEmpty {
            var seeds: [Int] = []
            for (i, z) in plan.zones.enumerated() {
                zoneIndex[z.id] = Int32(i)
                guard let p = try? network.snap(z.seed, maxDistance: 2000) else {
                    throw AnalyticsError(.badPlan, "zone \(z.id): seed \(z.seed.lat),\(z.seed.lon) is not near any road of the map")
                }
                seeds.append(Int(p.nearerNode))
            }
            zoneOfNode = RoadPartition.assign(network: network, seeds: seeds, offsets: plan.zones.map(\.offset)).owner
        } else {
            zoneOfNode = [Int32](repeating: -1, count: g.nodeCount)
        }
        zoneCount = plan.zones.count

        // Calls: jitter date-only times, place, snap, sort.
        var jitter = root.derived(1)
        var calls = input.map { c -> CallRecord in
            var c = c
            if !c.timeOfDayKnown { c.time = floorDiv(c.time, 86_400) * 86_400 + Int64(jitter.uniform() * 86_400) }
            return c
        }
        calls.sort { $0.time < $1.time }
        placement = CallPlacement(calls: calls, network: network, mode: placementMode)
        let points = placement.place(calls, on: network, maxSnapMeters: maxSnapMeters)
        origin = floorDiv(calls[0].time, 86_400) * 86_400
        var service = root.derived(2)
        let medians = ServiceTimes.defaults.merging(plan.serviceMinutes ?? [:]) { $1 }
        var tgt: [RoutePoint] = [], arr: [Int64] = [], pri: [UInt8] = [], cat: [Int8] = [], zon: [Int32] = [], svc: [Int32] = []
        var dropped = 0
        for (c, p) in zip(calls, points) {
            let s = service.logNormal(median: (medians[c.category] ?? 20) * 60, sigma: ServiceTimes.sigma)
            guard let p else { dropped += 1; continue }
            tgt.append(p)
            arr.append((c.time - origin) * tps)
            pri.append(UInt8(c.priority.rawValue))
            cat.append(c.categoryIndex)
            zon.append(zoneOfNode[Int(p.fromNode)])
            svc.append(Int32(min(6 * 3600, max(60, s)) * Double(tps)))
        }
        guard !tgt.isEmpty else { throw AnalyticsError(.noCalls, "none of the \(calls.count) calls lies within \(Int(maxSnapMeters)) m of a road of the map") }
        callTarget = tgt; callArrival = arr; callPriority = pri; callCategory = cat; callZone = zon; callService = svc
        droppedOffNetwork = dropped

        // Units that answer calls.
        let stationLoc = Dictionary(uniqueKeysWithValues: plan.stations.map { ($0.id, $0.location) })
        let postLoc = Dictionary(uniqueKeysWithValues: plan.posts.map { ($0.id, $0.location) })
        var ids: [String] = [], kinds: [UnitKind] = [], homes: [RoutePoint] = [], uz: [Int32] = [], shifts: [ReplayPlan.Shift] = []
        for u in plan.units where u.answersCalls {
            let loc = u.post.flatMap { postLoc[$0] } ?? stationLoc[u.station]!
            guard let p = try? network.snap(loc, maxDistance: 2000) else {
                throw AnalyticsError(.badPlan, "unit \(u.id): its post/station at \(loc.lat),\(loc.lon) is not near any road of the map")
            }
            ids.append(u.id); kinds.append(u.kind); homes.append(p); shifts.append(u.shift)
            uz.append(u.zone.flatMap { zoneIndex[$0] } ?? -1)
        }
        unitIDs = ids; unitKind = kinds; unitHome = homes; unitZone = uz; unitShift = shifts

        // Coverage demand: road length per node, on a ~1 km grid.
        nodeWeight = WeightedKMeans.nodeRoadLength(network)
        let box = GeoBox(points: g.coordinates)!
        let cellDegLat = 1000 / (Geodesy.earthRadius * .pi / 180)
        let cellDegLon = cellDegLat / cos((box.minLat + box.maxLat) / 2 * .pi / 180)
        let cols = Int((box.maxLon - box.minLon) / cellDegLon) + 1, rows = Int((box.maxLat - box.minLat) / cellDegLat) + 1
        nodeCell = g.coordinates.map { c in
            Int32(min(rows - 1, Int((c.lat - box.minLat) / cellDegLat)) * cols + min(cols - 1, Int((c.lon - box.minLon) / cellDegLon)))
        }
        cellCount = cols * rows
        prepareSeconds = Date().timeIntervalSince(t0)
    }
}
