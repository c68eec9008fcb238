import Foundation
import PinganGeo

/// The routing benchmark behind `pingan bench routing`: random units, incidents and pairs from a
/// fixed seed, timed many-to-one top-K, one-to-one and coverage queries, and optionally a dump
/// of inputs and answers so `bench/routing.py` can check other tools agree to the decisecond.
public struct RoutingBenchmark: Sendable {
    public var graphPath: String
    public var units = 2000
    public var incidents = 1000
    public var pairs = 1000
    public var k = 10
    public var seed: UInt64 = 42
    public var coverageRuns = 20
    public var dumpPath: String? = nil
    public var useCache = true
    /// Threads contracting a DIMACS graph; with more than one it is also contracted on one
    /// thread, timed, and the two hierarchies compared.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Copies of a DIMACS graph joined into one (`TiledGraph`), for a province-sized graph.
    public var tiles = 1

    public init(graphPath: String) { self.graphPath = graphPath }

    /// Runs everything and returns the JSON object (one line) with the figures.
    public func run(progress: ((String) -> Void)? = nil) throws -> String {
        try measure(Self.loadNetwork(graphPath, useCache: useCache, threads: threads, tiles: tiles, progress: progress), progress: progress)
    }

    /// Contraction on one thread beside the run's own, for a DIMACS graph contracted here.
    struct ThreadComparison { var threads: Int; var oneThreadSeconds: Double; var identical: Bool }

    /// A DIMACS graph (with its sibling .co when present) contracted here, or an OSM file through
    /// its cache; the benchmarks that time road queries share it.
    public static func loadNetwork(_ graphPath: String, useCache: Bool, threads: Int = ContractionHierarchy.defaultThreads,
                                   tiles: Int = 1, progress: ((String) -> Void)?) throws -> RoadNetwork {
        let lower = graphPath.lowercased()
        guard lower.hasSuffix(".gr") || lower.hasSuffix(".gr.gz") else { return try RoadNetwork.load(path: graphPath, useCache: useCache) }
        let t0 = Date()
        var g = try DIMACSReader.load(gr: graphPath, co: DIMACSReader.coordinateFile(for: graphPath))
        let tp = Date().timeIntervalSince(t0)
        if tiles > 1 {
            progress?("tiling \(tiles) copies of \(g.nodeCount) nodes")
            g = TiledGraph.make(g, copies: tiles)
        }
        progress?("parsed \(g.nodeCount) nodes in \(String(format: "%.2f", tp)) s; contracting on \(threads) threads")
        let t1 = Date()
        let hierarchy = ContractionHierarchy.build(g, threads: threads)
        let tc = Date().timeIntervalSince(t1)
        var net = RoadNetwork(graph: g, hierarchy: hierarchy)
        net.loadInfo.parseSeconds = tp
        net.loadInfo.contractSeconds = tc
        return net
    }

    func measure(_ net: RoadNetwork, progress: ((String) -> Void)?) throws -> String {
        let g = net.graph
        let n = g.nodeCount
        var rng = SplitMix64(seed: seed)
        let unitNodes = (0..<units).map { _ in Int(rng.next() % UInt64(n)) }
        let incidentNodes = (0..<incidents).map { _ in Int(rng.next() % UInt64(n)) }
        let pairNodes = (0..<pairs).map { _ in (Int(rng.next() % UInt64(n)), Int(rng.next() % UInt64(n))) }

        // The same graph contracted on one thread: the speed-up, and the proof that the thread
        // count changes nothing in the hierarchy.
        var comparison: ThreadComparison?
        if threads > 1, !net.loadInfo.fromCache, net.loadInfo.contractSeconds > 0 {
            progress?("contracting again on 1 thread")
            let t = Date()
            let one = ContractionHierarchy.build(g, threads: 1)
            comparison = ThreadComparison(threads: threads, oneThreadSeconds: Date().timeIntervalSince(t), identical: one == net.hierarchy)
        }
        progress?("placing \(units) units")
        var positions = net.makeUnitPositions()
        let tu = Date()
        for (i, v) in unitNodes.enumerated() { positions.set(i, at: .node(v, in: g)) }
        let unitSetupMs = Date().timeIntervalSince(tu) * 1000
        // Time one unit move (re-place every unit once more and average).
        let tm = Date()
        for (i, v) in unitNodes.enumerated().prefix(200) { positions.set(i, at: .node(v, in: g)) }
        let moveUs = Date().timeIntervalSince(tm) * 1e6 / Double(min(200, units))

        progress?("many-to-one x\(incidents)")
        var ws = net.makeWorkspace()
        var m2o: [Double] = []
        var answers: [[(unit: Int, time: Int32)]] = []
        for inc in incidentNodes {
            let p = RoutePoint.node(inc, in: g)
            let t = DispatchTime.now().uptimeNanoseconds
            let top = positions.fastest(k, to: p, workspace: &ws)
            m2o.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            answers.append(top)
        }
        var m2oAll: [Double] = []
        for inc in incidentNodes.prefix(200) {
            let t = DispatchTime.now().uptimeNanoseconds
            _ = positions.travelTimes(to: .node(inc, in: g), workspace: &ws)
            m2oAll.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        progress?("one-to-one x\(pairs)")
        var o2o: [Double] = [], o2oPath: [Double] = []
        var pairTimes: [Int32] = []
        for (a, b) in pairNodes {
            let pa = RoutePoint.node(a, in: g), pb = RoutePoint.node(b, in: g)
            let t = DispatchTime.now().uptimeNanoseconds
            let r = net.hierarchy.route(from: pa, to: pb, workspace: &ws, withPath: false)
            o2o.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e3)
            pairTimes.append(r?.time ?? Int32.max)
            let t2 = DispatchTime.now().uptimeNanoseconds
            _ = net.hierarchy.route(from: pa, to: pb, workspace: &ws, withPath: true)
            o2oPath.append(Double(DispatchTime.now().uptimeNanoseconds - t2) / 1e3)
        }
        let space = net.hierarchy.upwardSpaceMean(from: pairNodes.map { $0.0 })
        progress?("coverage x\(coverageRuns)")
        let sources = unitNodes.map { RoutePoint.node($0, in: g) }
        var cov: [Double] = [], covShares: [Double] = []
        var covTimes: [Int32] = []
        for _ in 0..<max(1, coverageRuns) {
            let t = DispatchTime.now().uptimeNanoseconds
            covTimes = net.coverageTimes(from: sources, workspace: &ws)
            cov.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        let tcs = DispatchTime.now().uptimeNanoseconds
        let full = net.coverage(from: sources, workspace: &ws)
        let covFullMs = Double(DispatchTime.now().uptimeNanoseconds - tcs) / 1e6
        covShares = full.shares

        func pct(_ a: [Double], _ q: Double) -> Double {
            let s = a.sorted()
            return s.isEmpty ? 0 : s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
        }
        func f(_ x: Double) -> String { String(format: "%.6g", x) }
        var fields: [(String, String)] = [
            ("graph", "\"\(graphPath)\""), ("tiles", "\(tiles)"), ("nodes", "\(n)"), ("arcs", "\(g.edgeCount)"),
            ("ch_edges", "\(net.hierarchy.edgeCount)"), ("from_cache", "\(net.loadInfo.fromCache)"),
            ("parse_s", f(net.loadInfo.parseSeconds)), ("preprocess_s", f(net.loadInfo.contractSeconds)),
            ("preprocess_threads", "\(comparison?.threads ?? 1)"),
            ("preprocess_1thread_s", f(comparison?.oneThreadSeconds ?? net.loadInfo.contractSeconds)),
            ("preprocess_speedup", f(comparison.map { $0.oneThreadSeconds / max(1e-9, net.loadInfo.contractSeconds) } ?? 1)),
            ("hierarchy_same_across_threads", comparison.map { "\($0.identical)" } ?? "null"),
            ("bytes_per_node", f(net.bytesPerNode)), ("units", "\(units)"), ("incidents", "\(incidents)"), ("k", "\(k)"),
            ("seed", "\(seed)"), ("unit_setup_ms", f(unitSetupMs)), ("unit_move_us", f(moveUs)),
            ("bucket_entries", "\(positions.bucketEntryCount)"),
            ("many_to_one_median_ms", f(pct(m2o, 0.5))), ("many_to_one_p99_ms", f(pct(m2o, 0.99))),
            ("many_to_one_all_units_median_ms", f(pct(m2oAll, 0.5))), ("many_to_one_all_units_p99_ms", f(pct(m2oAll, 0.99))),
            ("one_to_one_median_us", f(pct(o2o, 0.5))), ("one_to_one_p99_us", f(pct(o2o, 0.99))),
            ("one_to_one_path_median_us", f(pct(o2oPath, 0.5))), ("upward_space_mean", f(space)),
            ("coverage_ms", f(pct(cov, 0.5))), ("coverage_with_shares_ms", f(covFullMs)),
            ("coverage_share_1min", f(covShares[0])), ("coverage_share_3min", f(covShares[1])),
            ("coverage_share_5min", f(covShares[2])),
        ]
        if let dumpPath {
            var s = "{\"weight_unit\":\"\(g.weightUnit.rawValue)\",\"k\":\(k),"
            s += "\"units\":[" + unitNodes.map { "\(g.sourceId($0))" }.joined(separator: ",") + "],"
            s += "\"incidents\":[" + incidentNodes.map { "\(g.sourceId($0))" }.joined(separator: ",") + "],"
            s += "\"top_k\":[" + answers.map { "[" + $0.map { "[\(g.sourceId(unitNodes[$0.unit])),\($0.unit),\($0.time)]" }.joined(separator: ",") + "]" }.joined(separator: ",") + "],"
            s += "\"pairs\":[" + zip(pairNodes, pairTimes).map { "[\(g.sourceId($0.0.0)),\(g.sourceId($0.0.1)),\($0.1)]" }.joined(separator: ",") + "],"
            s += "\"node_ids\":[" + (0..<n).map { String(g.sourceId($0)) }.joined(separator: ",") + "],"
            s += "\"coverage\":[" + covTimes.map(String.init).joined(separator: ",") + "],"
            var ef = [String](), et = [String](), ew = [String]()
            ef.reserveCapacity(g.edgeCount); et.reserveCapacity(g.edgeCount); ew.reserveCapacity(g.edgeCount)
            for u in 0..<n { for e in g.edges(from: u) { ef.append(String(u)); et.append(String(g.targets[e])); ew.append(String(g.weights[e])) } }
            s += "\"edge_from\":[" + ef.joined(separator: ",") + "],\"edge_to\":[" + et.joined(separator: ",") + "],"
            s += "\"edge_w\":[" + ew.joined(separator: ",") + "]"
            if g.hasCoordinates {
                s += ",\"lat\":[" + g.coordinates.map { String($0.lat) }.joined(separator: ",") + "]"
                s += ",\"lon\":[" + g.coordinates.map { String($0.lon) }.joined(separator: ",") + "]"
            }
            s += "}"
            try s.write(toFile: dumpPath, atomically: true, encoding: .utf8)
            fields.append(("dump", "\"\(dumpPath)\""))
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
