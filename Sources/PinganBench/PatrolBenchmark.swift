import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo

/// The dynamic-patrol benchmark behind `pingan bench patrol`: on one road graph with seeded
/// random units, demand and posts, it times the live coverage recompute (road, demand and key
/// places within 1, 3 and 5 minutes), builds the posts' cover sets once, times move proposals
/// for the idle units, and writes smaller instances for an exact solver (PySAL spopt's MCLP with
/// CBC, run by `bench/patrol_spopt.py`) to measure how far the heuristic is from the optimum.
public struct PatrolBenchmark: Sendable {
    public var graphPath: String
    public var units = 2000
    public var idle = 50
    public var staying = 300
    public var posts = 2000
    public var demandPoints = 50_000
    public var keyPlaces = 500
    /// The covering limit of the proposals, seconds.
    public var limitSeconds = 180.0
    public var runs = 20
    public var seed: UInt64 = 42
    public var useCache = true
    /// Exact-comparison instances: posts, demand points, sites to choose.
    public var exactInstances: [(posts: Int, demand: Int, k: Int)] = [(200, 2000, 10), (300, 3000, 20), (500, 5000, 40)]
    /// Side of the square the exact instances are drawn in (metres).
    public var exactSideMetres = 12_000.0
    /// The command that solves an instance file exactly (nil: no anchor).
    public var exactCommand: [String]? = nil
    /// The compliance table: units with a 12-hour shift each, a fix every `fixSeconds`.
    public var complianceUnits = 200
    public var fixSeconds = 10.0

    public init(graphPath: String) { self.graphPath = graphPath }

    static func ms(_ t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 }
    static func median(_ a: [Double]) -> Double { let s = a.sorted(); return s.isEmpty ? .nan : s[s.count / 2] }

    /// Runs everything; returns the JSON object (one line) with the figures.
    public func run(progress: ((String) -> Void)? = nil) throws -> String {
        let net = try RoutingBenchmark.loadNetwork(graphPath, useCache: useCache, progress: progress)
        let g = net.graph
        let n = g.nodeCount
        var rng = SplitMix64(seed: seed)
        func node() -> Int { Int(rng.next() % UInt64(n)) }
        // Demand: log-normal weights on random nodes (a few hot spots and a long quiet tail, as a
        // forecast gives); key places: unweighted random nodes.
        let demandNodes = (0..<demandPoints).map { _ in Int32(node()) }
        var lr = SplitMix64(seed: seed ^ 0xD3)
        let demandWeights = (0..<demandPoints).map { _ -> Double in
            let u1 = max(1e-12, Double(lr.next() % 1_000_000) / 1e6), u2 = Double(lr.next() % 1_000_000) / 1e6
            return exp(1.2 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        let placeNodes = (0..<keyPlaces).map { _ in Int32(node()) }
        let unitNodes = (0..<units).map { _ in node() }
        let postPoints = (0..<posts).map { _ in RoutePoint.node(node(), in: g) }
        // Graph units to seconds: deciseconds for OSM graphs; a DIMACS travel-time graph states
        // no unit, so its median arc is taken to be driven at 30 km/h (a city street's patrol speed).
        let secondsPerUnit = Self.secondsPerUnit(net)
        let thresholds = [60.0, 180, 300].map { Int32(($0 / secondsPerUnit).rounded()) }
        let limit = Int32((limitSeconds / secondsPerUnit).rounded())

        func f(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }
        progress?("coverage of \(units) units x\(runs)")
        var ws = net.makeWorkspace()
        let sources = unitNodes.map { RoutePoint.node($0, in: g) }
        var coverageMs: [Double] = []
        var road: [Double] = [], demand: [Double] = [], places: [Double] = []
        for _ in 0..<max(1, runs) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let cov = net.coverage(from: sources, thresholds: thresholds, workspace: &ws)
            demand = RoadNetwork.demandShares(times: cov.times, demandNodes: demandNodes, weights: demandWeights, thresholds: thresholds)
            places = RoadNetwork.demandShares(times: cov.times, demandNodes: placeNodes, weights: Array(repeating: 1, count: keyPlaces), thresholds: thresholds)
            coverageMs.append(Self.ms(t0))
            road = cov.shares
        }

        progress?("cover sets of \(posts) posts within \(limit)")
        var t0 = DispatchTime.now().uptimeNanoseconds
        let postSets = net.coverSets(from: postPoints, demandNodes: demandNodes, within: limit)
        let coverSetsMs = Self.ms(t0)
        let planner = MovePlanner(posts: postSets, weights: demandWeights)

        // Proposals: `idle` movable units among the first units, `staying` others still free.
        progress?("move proposals for \(idle) idle units over \(posts) posts")
        let idlePoints = Array(sources.prefix(idle)), stayPoints = Array(sources.dropFirst(idle).prefix(staying))
        var positions = net.makeUnitPositions()
        for (i, p) in idlePoints.enumerated() { positions.set(i, at: p) }
        var proposalMs: [Double] = []
        var plan: MovePlanner.Plan?
        for _ in 0..<5 {
            t0 = DispatchTime.now().uptimeNanoseconds
            let stay = net.coverage(from: stayPoints, thresholds: [limit], workspace: &ws).times
            let stayingCovered = demandNodes.indices.filter { stay[Int(demandNodes[$0])] <= limit }.map(Int32.init)
            let idleSets = net.coverSets(from: idlePoints, demandNodes: demandNodes, within: limit)
            var pws = net.makeWorkspace()
            plan = planner.plan(idle: idleSets, staying: stayingCovered) { p in positions.travelTimes(to: postPoints[p], workspace: &pws) }
            proposalMs.append(Self.ms(t0))
        }
        let result = plan!
        progress?("coverage \(f(Self.median(coverageMs))) ms; proposals \(f(Self.median(proposalMs))) ms, \(result.moves.count) moves, 3-min demand \(f(result.coveredBefore / result.totalWeight)) → \(f(result.coveredAfter / result.totalWeight)); cover sets \(f(coverSetsMs)) ms")

        // Exact comparison on local instances: posts and weighted demand drawn within a square
        // around one place, dense enough that the sites overlap and greedy can go wrong.
        var exact: [String] = []
        var worstGap = 0.0, exactSolved = 0
        for (i, inst) in exactInstances.enumerated() {
            let (posts, demand) = Self.localInstance(net, count: (inst.posts, inst.demand), side: exactSideMetres, seed: seed &+ UInt64(i) &* 7919)
            let sets = net.coverSets(from: posts, demandNodes: demand.nodes, within: limit)
            let sub = MaximalCovering(sets: sets, weights: demand.weights)
            t0 = DispatchTime.now().uptimeNanoseconds
            let ours = sub.solve(k: inst.k)
            let oursMs = Self.ms(t0)
            let total = demand.weights.reduce(0, +)
            var line = "{\"posts\":\(posts.count),\"demand\":\(demand.nodes.count),\"k\":\(inst.k),\"total_weight\":\(f(total)),\"pingan_covered\":\(ours.covered),\"pingan_greedy_covered\":\(ours.greedyCovered),\"pingan_ms\":\(f(oursMs))"
            if let cmd = exactCommand, let answer = Self.solveExactly(cmd, sets: (0..<posts.count).map { Array(sets.covered(by: $0)) }, weights: demand.weights, k: inst.k, name: "instance\(i)") {
                line += ",\"spopt_covered\":\(answer.covered),\"spopt_ms\":\(f(answer.ms)),\"spopt_status\":\"\(answer.status)\""
                if answer.status == "Optimal", answer.covered > 0 {
                    exactSolved += 1
                    worstGap = max(worstGap, (answer.covered - ours.covered) / answer.covered * 100)
                }
            }
            exact.append(line + "}")
            progress?("exact instance \(i): \(line)}")
        }
        progress?("compliance of \(complianceUnits) units' 12-hour shifts")
        let compliance = Self.complianceTable(units: complianceUnits, fixSeconds: fixSeconds, seed: seed)
        let spoptMs = exact.compactMap { l -> Double? in
            guard let r = l.range(of: "\"spopt_ms\":") else { return nil }
            return Double(l[r.upperBound...].prefix { "0123456789.e-+".contains($0) })
        }
        var s = "{\"graph\":\"\((graphPath as NSString).lastPathComponent)\",\"nodes\":\(n),\"units\":\(units),\"demand_points\":\(demandPoints),\"key_places\":\(keyPlaces),"
        s += "\"coverage_ms\":\(f(Self.median(coverageMs))),\"coverage_ms_max\":\(f(coverageMs.max() ?? .nan)),"
        s += "\"road_share\":[\(road.map(f).joined(separator: ","))],\"demand_share\":[\(demand.map(f).joined(separator: ","))],\"key_place_share\":[\(places.map(f).joined(separator: ","))],"
        s += "\"posts\":\(posts),\"idle\":\(idle),\"staying\":\(staying),\"limit_seconds\":\(f(limitSeconds)),\"limit_units\":\(limit),\"seconds_per_unit\":\(f(secondsPerUnit)),\"cover_sets_ms\":\(f(coverSetsMs)),\"cover_set_entries\":\(postSets.members.count),"
        s += "\"mclp_ms\":\(f(Self.median(proposalMs))),\"moves\":\(result.moves.count),\"covered_before\":\(f(result.coveredBefore / result.totalWeight)),\"covered_after\":\(f(result.coveredAfter / result.totalWeight)),"
        s += "\"mclp_gap_pct\":\(exactSolved > 0 ? f(worstGap) : "null"),\"exact_instances_solved\":\(exactSolved),"
        s += "\"compliance_units\":\(complianceUnits),\"compliance_fixes\":\(compliance.fixes),\"compliance_ms\":\(f(compliance.ms)),"
        s += "\"spopt_ms\":\(spoptMs.isEmpty ? "null" : f(spoptMs.max()!)),\"exact\":[\(exact.joined(separator: ","))]}"
        return s
    }

    /// A station-day's compliance table (`PatrolDay`): `units` units, each with a 12-hour shift in
    /// one of ten 2 km zones (a 24-corner outline) with five points to visit, and a seeded random
    /// walk at patrol speed sampled every `fixSeconds`. Returns the fixes measured and the time.
    static func complianceTable(units: Int, fixSeconds: Double, seed: UInt64) -> (fixes: Int, ms: Double) {
        var rng = SplitMix64(seed: seed ^ 0xC0)
        func unit() -> Double { Double(rng.next() % 1_000_000) / 1e6 }
        let day = ReportDay(containing: Date(timeIntervalSince1970: 1_764_892_800))
        let metre = 1.0 / 111_000
        var zones: [PatrolZone] = [], fixes: [UnitID: [PatrolFix]] = [:], total = 0
        for z in 0..<10 {
            let c = Coordinate(lat: 31.2 + Double(z / 5) * 0.03, lon: 121.4 + Double(z % 5) * 0.03)
            let ring = (0..<24).map { k in
                let a = Double(k) / 24 * 2 * .pi
                return Coordinate(lat: c.lat + cos(a) * 1000 * metre, lon: c.lon + sin(a) * 1000 * metre)
            }
            let ids = (0..<units).filter { $0 % 10 == z }.map { UnitID("u\($0)") }
            let points = (0..<5).map { k in ZoneShift.Point(name: "P\(k)", location: Coordinate(lat: c.lat + (unit() - 0.5) * 1200 * metre,
                                                                                             lon: c.lon + (unit() - 0.5) * 1200 * metre), dwellMinutes: 5) }
            zones.append(PatrolZone(id: ZoneID("z\(z)"), stationID: JurisdictionID("s"), name: "Z\(z)", boundary: ring, unitIDs: ids, path: "/s/",
                                    shifts: [ZoneShift(name: "day", startMinute: 480, lengthMinutes: 720, requiredMinutes: 480, unitIDs: ids, points: points)]))
            for id in ids {
                var p = c, track: [PatrolFix] = []
                var t = day.start.addingTimeInterval(480 * 60)
                for _ in 0..<Int(720 * 60 / fixSeconds) {
                    p = Coordinate(lat: p.lat + (unit() - 0.5) * 80 * metre, lon: p.lon + (unit() - 0.5) * 80 * metre)
                    track.append(PatrolFix(at: t, coordinate: p))
                    t = t.addingTimeInterval(fixSeconds)
                }
                total += track.count
                fixes[id] = track
            }
        }
        let asOf = day.end
        let t0 = DispatchTime.now().uptimeNanoseconds
        let plans = PatrolDay.plans(zones: zones, day: day, asOf: asOf)
        let table = PatrolDay.assemble(date: day, asOf: asOf, plans: plans, fixes: fixes, assignments: [:], callsigns: [:], stationNames: [:])
        let ms = Self.ms(t0)
        precondition(table.rows.count == units)
        return (total, ms)
    }

    /// Seconds per graph weight unit (see `run`).
    static func secondsPerUnit(_ net: RoadNetwork) -> Double {
        let g = net.graph
        if g.weightUnit == .deciseconds { return 0.1 }
        var ratios: [Double] = []
        for e in stride(from: 0, to: g.weights.count, by: max(1, g.weights.count / 100_000)) where g.weights[e] > 0 {
            ratios.append(Double(net.edgeLengths[e]) / Double(g.weights[e]))
        }
        ratios.sort()
        let metresPerUnit = ratios.isEmpty ? 1 : ratios[ratios.count / 2]
        return metresPerUnit / (30 / 3.6)
    }

    /// `count.posts` post nodes and `count.demand` demand nodes (log-normal weights) drawn at
    /// random among the nodes within a square of `side` metres around a random node.
    static func localInstance(_ net: RoadNetwork, count: (posts: Int, demand: Int), side: Double, seed: UInt64) -> ([RoutePoint], (nodes: [Int32], weights: [Double])) {
        let g = net.graph
        var rng = SplitMix64(seed: seed)
        let centre = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
        let halfLat = side / 2 / 111_320, halfLon = halfLat / cos(centre.lat * .pi / 180)
        let inside = (0..<g.nodeCount).filter {
            let c = g.coordinates[$0]
            return abs(c.lat - centre.lat) <= halfLat && abs(c.lon - centre.lon) <= halfLon
        }
        func pick() -> Int { inside[Int(rng.next() % UInt64(inside.count))] }
        let posts = (0..<count.posts).map { _ in RoutePoint.node(pick(), in: g) }
        let nodes = (0..<count.demand).map { _ in Int32(pick()) }
        let weights = (0..<count.demand).map { _ -> Double in
            let u1 = max(1e-12, Double(rng.next() % 1_000_000) / 1e6), u2 = Double(rng.next() % 1_000_000) / 1e6
            return exp(1.2 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        return (posts, (nodes, weights))
    }

    /// Writes the instance as JSON, runs the exact solver on it and reads back its answer
    /// (`{"covered":…,"ms":…,"status":…}` on the last line); nil when it cannot run.
    static func solveExactly(_ command: [String], sets: [[Int32]], weights: [Double], k: Int, name: String) -> (covered: Double, ms: Double, status: String)? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-patrol-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name + ".json")
        let body = "{\"k\":\(k),\"weights\":[\(weights.map { String($0) }.joined(separator: ","))],\"sets\":[" +
            sets.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]}"
        guard (try? body.write(to: file, atomically: true, encoding: .utf8)) != nil else { return nil }
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proc.arguments = command + [file.path]
        let out = Pipe()
        proc.standardOutput = out
        do { try proc.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        proc.waitUntilExit()
        guard proc.terminationStatus == 0,
              let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let obj = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
              let covered = obj["covered"] as? Double, let ms = obj["ms"] as? Double else { return nil }
        return (covered, ms, obj["status"] as? String ?? "?")
    }
}
