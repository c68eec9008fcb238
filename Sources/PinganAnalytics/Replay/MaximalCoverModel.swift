import Foundation
import PinganGeo

/// What the maximal-covering repositioning of a replay plans over, built once per scenario:
/// the demand map (calls per road node, from the replayed calls themselves: the spatial pattern a
/// forecast trained on the same history would give), the candidate posts (the plan's posts and
/// stations, and the busiest node of each ~1 km cell) and which demand each post reaches within
/// the coverage threshold.
struct MaximalCoverModel {
    let candidates: [RoutePoint]
    let demandNodes: [Int32]
    let weights: [Double]
    let planner: MovePlanner
    let limit: Int32

    init(setup: ReplaySetup, limit: Int32, maxCandidates: Int = 1500) {
        let g = setup.network.graph
        var calls = [Double](repeating: 0, count: g.nodeCount)
        for p in setup.callTarget { calls[Int(p.nearerNode)] += 1 }
        var nodes: [Int32] = [], w: [Double] = []
        for v in 0..<g.nodeCount where calls[v] > 0 { nodes.append(Int32(v)); w.append(calls[v]) }
        var sites = Array(Set(setup.unitHome.map(\.nearerNode))).sorted().map { RoutePoint.node(Int($0), in: g) }
        var busiest = [Int32](repeating: -1, count: setup.cellCount)
        for v in 0..<g.nodeCount where calls[v] > 0 {
            let c = Int(setup.nodeCell[v])
            if busiest[c] < 0 || calls[v] > calls[Int(busiest[c])] { busiest[c] = Int32(v) }
        }
        let cells = busiest.filter { $0 >= 0 }.sorted { calls[Int($0)] > calls[Int($1)] }
        sites += cells.prefix(max(0, maxCandidates - sites.count)).map { RoutePoint.node(Int($0), in: g) }
        candidates = sites
        demandNodes = nodes
        weights = w
        self.limit = limit
        planner = MovePlanner(posts: setup.network.coverSets(from: sites, demandNodes: nodes, within: limit), weights: w)
    }
}

extension ScenarioSimulation {
    /// Moves idle units to the posts a maximal-covering solution picks (see `MovePlanner`): the
    /// idle units are the movable ones, units driving back or repositioning cover from where
    /// they are. Pairing units with posts uses straight-line time at `straightLineSpeed` (as the
    /// straight-line policy does); the move itself is driven by road.
    mutating func maximalCoverCheck(now: Int64) {
        guard let model = cover, availabilityVersion != checkedVersion else { return }
        checkedVersion = availabilityVersion
        coverageChecks += 1
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { coverageTime += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 }
        var idle: [Int] = [], staying: [RoutePoint] = []
        for u in 0..<state.count {
            if state[u] == .idle { idle.append(u) } else if isAvailable(u) { staying.append(point[u]) }
        }
        guard !idle.isEmpty else { return }
        let net = setup.network
        let idleSets = net.coverSets(from: idle.map { point[$0] }, demandNodes: model.demandNodes, within: model.limit)
        let stayingSets = net.coverSets(from: staying, demandNodes: model.demandNodes, within: model.limit)
        let points = point, sites = model.candidates
        let plan = model.planner.plan(idle: idleSets, staying: stayingSets.members) { p in
            idle.map { u in
                let metres = Geodesy.haversine(points[u].coordinate, sites[p].coordinate)
                return Int32(clamping: Int((metres / Self.straightLineSpeed * 10).rounded()))
            }
        }
        for m in plan.moves {
            let u = idle[m.unit], target = model.candidates[m.post]
            guard let tt = roadTime(from: point[u], to: target) else { continue }
            state[u] = .repositioning
            epoch[u] += 1
            reposTarget[u] = target
            events.push(now + Int64(tt), .repositioned, unit: Int32(u), epoch: epoch[u])
        }
    }
}
