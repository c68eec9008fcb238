import Foundation
import Testing
@testable import PinganGeo

@Suite("Routing equals Dijkstra", .serialized)
struct RoutingTests {
    @Test func oneToOneMatchesOracle() throws {
        for (name, net) in networksNoIssue() {
            let g = net.graph
            var rng = SplitMix64(seed: 7)
            var ws = net.makeWorkspace()
            for _ in 0..<40 {
                let a = Int(rng.next() % UInt64(g.nodeCount)), b = Int(rng.next() % UInt64(g.nodeCount))
                let pa = RoutePoint.node(a, in: g), pb = RoutePoint.node(b, in: g)
                let r = try #require(net.hierarchy.route(from: pa, to: pb, workspace: &ws))
                #expect(r.time == Dijkstra.time(in: g, from: a, to: b), "\(name) \(a)->\(b)")
                // Path is a real path whose weights add up to the time.
                #expect(r.nodes.first.map(Int.init) == a && r.nodes.last.map(Int.init) == b)
                var sum: Int32 = 0
                for i in 1..<max(1, r.nodes.count) {
                    let e = try #require(g.edge(from: Int(r.nodes[i - 1]), to: Int(r.nodes[i])))
                    sum += g.weights[e]
                }
                #expect(sum == r.time)
            }
        }
    }

    @Test func snappedRoutesMatchOracle() throws {
        for (name, net) in networksNoIssue() {
            let g = net.graph
            var rng = SplitMix64(seed: 11)
            var ws = net.makeWorkspace()
            var checked = 0
            for _ in 0..<30 {
                let a = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))], b = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
                let pa = try net.snap(Coordinate(lat: a.lat + 0.0002, lon: a.lon - 0.0001))
                let pb = try net.snap(Coordinate(lat: b.lat - 0.0001, lon: b.lon + 0.0002))
                let route = try net.route(from: pa, to: pb, workspace: &ws)
                #expect(route.time == TestData.oracleTime(g, from: pa, to: pb), "\(name)")
                #expect(route.geometry.count >= 2 && route.distanceMeters >= 0)
                checked += 1
            }
            #expect(checked == 30)
        }
    }

    @Test func manyToOneTopKMatchesOracle() throws {
        for (name, net) in networksNoIssue() {
            let g = net.graph
            let rev = g.reversed()
            var rng = SplitMix64(seed: 3)
            var units = net.makeUnitPositions()
            var unitNodes: [Int] = []
            for i in 0..<60 {
                let v = Int(rng.next() % UInt64(g.nodeCount))
                unitNodes.append(v)
                units.set(i, at: .node(v, in: g))
            }
            // Move some units: buckets must follow.
            for i in stride(from: 0, to: 60, by: 7) {
                let v = Int(rng.next() % UInt64(g.nodeCount))
                unitNodes[i] = v
                units.set(i, at: .node(v, in: g))
            }
            var ws = net.makeWorkspace()
            for _ in 0..<15 {
                let inc = Int(rng.next() % UInt64(g.nodeCount))
                let dist = Dijkstra.distances(in: rev, seeds: [(inc, 0)])
                let expected = unitNodes.map { dist[$0] }
                let all = units.travelTimes(to: .node(inc, in: g), workspace: &ws)
                #expect(all == expected, "\(name) incident \(inc)")
                let top = units.fastest(10, to: .node(inc, in: g), workspace: &ws)
                let want = expected.enumerated().sorted { $0.element != $1.element ? $0.element < $1.element : $0.offset < $1.offset }.prefix(10)
                #expect(top.map(\.time) == want.map(\.element), "\(name) top-10 times")
            }
        }
    }

    @Test func manyToOneWithSnappedUnits() throws {
        let net = TestData.shanghai
        let g = net.graph
        var rng = SplitMix64(seed: 5)
        var units = net.makeUnitPositions()
        var points: [RoutePoint] = []
        for i in 0..<25 {
            let c = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
            let p = try net.snap(Coordinate(lat: c.lat + 0.0001, lon: c.lon + 0.0001))
            points.append(p)
            units.set(i, at: p)
        }
        var ws = net.makeWorkspace()
        for _ in 0..<5 {
            let c = g.coordinates[Int(rng.next() % UInt64(g.nodeCount))]
            let inc = try net.snap(Coordinate(lat: c.lat - 0.0001, lon: c.lon))
            let all = units.travelTimes(to: inc, workspace: &ws)
            for (i, p) in points.enumerated() { #expect(all[i] == TestData.oracleTime(g, from: p, to: inc)) }
        }
        units.set(3, at: nil)
        let after = units.travelTimes(to: .node(0, in: g), workspace: &ws)
        #expect(after[3] == Int32.max)
    }

    @Test func coverageMatchesMultiSourceDijkstra() throws {
        for (name, net) in networksNoIssue() {
            let g = net.graph
            var rng = SplitMix64(seed: 9)
            var ws = net.makeWorkspace()
            // 100 sources takes the linear upward sweep, 5 the heap-driven upward search.
            for count in [100, 5] {
                let nodes = (0..<count).map { _ in Int(rng.next() % UInt64(g.nodeCount)) }
                let cov = net.coverage(from: nodes.map { .node($0, in: g) }, workspace: &ws)
                #expect(cov.times == Dijkstra.distances(in: g, seeds: nodes.map { ($0, 0) }), "\(name) \(count) sources")
            }
            let srcNodes = (0..<20).map { _ in Int(rng.next() % UInt64(g.nodeCount)) }
            let cov = net.coverage(from: srcNodes.map { .node($0, in: g) }, workspace: &ws)
            let oracle = Dijkstra.distances(in: g, seeds: srcNodes.map { ($0, 0) })
            #expect(cov.times == oracle, "\(name)")
            #expect(cov.shares.count == 3)
            #expect(cov.shares[0] <= cov.shares[1] && cov.shares[1] <= cov.shares[2] && cov.shares[2] <= 1.0001)
            #expect(cov.shares[2] > 0)
            // Isochrone: every node reached within the limit lies inside (or on) the outline.
            let src = srcNodes[0]
            let limit: Int32 = 1800
            let iso = try #require(net.isochrone(from: .node(src, in: g), limit: limit, workspace: &ws))
            let single = Dijkstra.distances(in: g, seeds: [(src, 0)])
            var inside = 0, reached = 0
            for v in 0..<g.nodeCount where single[v] <= limit {
                reached += 1
                if iso.contains(g.coordinates[v]) { inside += 1 }
            }
            // The outline is built to contain every reached point.
            #expect(inside == reached, "\(name): \(inside) of \(reached) reached nodes inside")
        }
    }

    @Test func oneToManyMatchesOracle() throws {
        let net = TestData.shanghai
        let g = net.graph
        var rng = SplitMix64(seed: 13)
        var ws = net.makeWorkspace()
        let src = try net.snap(g.coordinates[Int(rng.next() % UInt64(g.nodeCount))])
        let few = (0..<10).map { _ in RoutePoint.node(Int(rng.next() % UInt64(g.nodeCount)), in: g) }
        let many = (0..<250).map { _ in RoutePoint.node(Int(rng.next() % UInt64(g.nodeCount)), in: g) }
        let routes = net.routes(from: src, to: few, workspace: &ws)
        for (t, r) in zip(few, routes) {
            let want = TestData.oracleTime(g, from: src, to: t)
            #expect(r?.time == want)
            #expect((r?.geometry.count ?? 0) >= 2)
        }
        #expect(net.times(from: src, to: few, workspace: &ws) == few.map { TestData.oracleTime(g, from: src, to: $0) })
        let dist = Dijkstra.distances(in: g, seeds: src.sourceSeeds.map { (Int($0.node), $0.offset) })
        #expect(net.times(from: src, to: many, workspace: &ws) == many.map { dist[Int($0.fromNode)] })
    }

    @Test func onewayStreetRespected() throws {
        // A real one-way in the Shanghai extract: an edge u->v without v->u.
        let net = TestData.shanghai
        let g = net.graph
        var ws = net.makeWorkspace()
        var found = 0
        for u in 0..<g.nodeCount where found < 5 {
            for e in g.edges(from: u) {
                let v = Int(g.targets[e])
                if g.edge(from: v, to: u) == nil {
                    let fwd = try #require(net.hierarchy.route(from: .node(u, in: g), to: .node(v, in: g), workspace: &ws))
                    let back = try #require(net.hierarchy.route(from: .node(v, in: g), to: .node(u, in: g), workspace: &ws))
                    #expect(fwd.time <= g.weights[e])
                    #expect(back.time > g.weights[e], "reverse of a one-way must detour")
                    #expect(back.time == Dijkstra.time(in: g, from: v, to: u))
                    found += 1
                    break
                }
            }
        }
        #expect(found == 5)
    }

    /// A grid of equal blocks has many shortest paths of the same length for each pair: the
    /// case where stalling a node that a higher one reaches *as* cheaply (not only more cheaply)
    /// must still leave an equally short up-down path to find, and where shortcut halves are
    /// looked up by their stored entries when the path is unpacked.
    @Test func equalLengthPathsOnAGridStayExact() throws {
        let n = 24
        var from: [Int32] = [], to: [Int32] = [], w: [Int32] = [], coordinates: [Coordinate] = []
        for y in 0..<n {
            for x in 0..<n {
                coordinates.append(Coordinate(lat: 31.2 + Double(y) * 0.001, lon: 121.4 + Double(x) * 0.001))
                let v = Int32(y * n + x)
                if x + 1 < n { from += [v, v + 1]; to += [v + 1, v]; w += [100, 100] }
                if y + 1 < n { from += [v, v + Int32(n)]; to += [v + Int32(n), v]; w += [100, 100] }
            }
        }
        let g = RoadGraph.build(nodeCount: n * n, from: from, to: to, weights: w, coordinates: coordinates,
                                sourceIds: (0..<n * n).map { Int64($0 + 1) }, weightUnit: .deciseconds)
        let net = RoadNetwork(graph: g)
        var ws = net.makeWorkspace()
        var rng = SplitMix64(seed: 3)
        for _ in 0..<300 {
            let a = Int(rng.next() % UInt64(g.nodeCount)), b = Int(rng.next() % UInt64(g.nodeCount))
            let r = try #require(net.hierarchy.route(from: .node(a, in: g), to: .node(b, in: g), workspace: &ws))
            // Manhattan distance in blocks of 100.
            let blocks = abs(a % n - b % n) + abs(a / n - b / n)
            #expect(r.time == Int32(blocks * 100), "\(a)->\(b)")
            #expect(r.time == Dijkstra.time(in: g, from: a, to: b))
            #expect(r.nodes.count == blocks + 1 || (a == b && r.nodes.count <= 1), "\(a)->\(b): \(r.nodes.count) nodes")
            for i in 1..<max(1, r.nodes.count) { #expect(g.edge(from: Int(r.nodes[i - 1]), to: Int(r.nodes[i])) != nil) }
        }
        // Every shortcut's stored halves are edges of its middle node, and the middle nodes
        // derived back from them (what the graph cache stores) are the builder's.
        let h = net.hierarchy
        let ups = h.upTargets.count
        let rebuilt = ContractionHierarchy(nodeCount: h.nodeCount, toCH: h.toCH, fromCH: h.fromCH, upOffsets: h.upOffsets, upTargets: h.upTargets,
                                           upWeights: h.upWeights, upMids: h.upMids, downOffsets: h.downOffsets, downSources: h.downSources,
                                           downWeights: h.downWeights, downMids: h.downMids)
        #expect(rebuilt == h)
        var shortcuts = 0
        for v in 0..<h.nodeCount {
            for e in Int(h.upOffsets[v])..<Int(h.upOffsets[v + 1]) where h.unpacking[2 * e] >= 0 {
                shortcuts += 1
                let m = Int(h.upMids[e]), first = Int(h.unpacking[2 * e]) - ups, second = Int(h.unpacking[2 * e + 1])
                #expect((Int(h.downOffsets[m])..<Int(h.downOffsets[m + 1])).contains(first) && h.downSources[first] == Int32(v))
                #expect((Int(h.upOffsets[m])..<Int(h.upOffsets[m + 1])).contains(second) && h.upTargets[second] == h.upTargets[e])
                #expect(h.upWeights[e] == h.downWeights[first] + h.upWeights[second])
            }
        }
        #expect(shortcuts > 0)
    }

    /// A road of 5,000 junctions in a row: its end-to-end path is longer than the scratch a
    /// workspace starts with, which then grows, and the path comes out whole and in order, also
    /// for the query after it.
    @Test func aPathLongerThanTheScratchComesOutWhole() throws {
        let n = 5000
        var from: [Int32] = [], to: [Int32] = [], w: [Int32] = []
        for v in 0..<Int32(n - 1) { from += [v, v + 1]; to += [v + 1, v]; w += [3, 3] }
        let coordinates = (0..<n).map { Coordinate(lat: 31.2, lon: 121.0 + Double($0) * 0.0001) }
        let g = RoadGraph.build(nodeCount: n, from: from, to: to, weights: w, coordinates: coordinates,
                                sourceIds: (0..<n).map { Int64($0 + 1) }, weightUnit: .deciseconds)
        let net = RoadNetwork(graph: g)
        var ws = net.makeWorkspace()
        for (a, b) in [(0, n - 1), (n - 1, 0), (17, 4321)] {
            let r = try #require(net.hierarchy.route(from: .node(a, in: g), to: .node(b, in: g), workspace: &ws))
            #expect(r.time == Int32(3 * abs(b - a)))
            #expect(r.nodes == Array(stride(from: Int32(a), through: Int32(b), by: a < b ? 1 : -1)))
        }
    }

    func networksNoIssue() -> [(String, RoadNetwork)] {
        var out = [("shanghai", TestData.shanghai), ("helsinki", TestData.helsinki)]
        if let l = TestData.liechtenstein { out.append(("liechtenstein", l)) }
        return out
    }

    @Test func sharedDataPresenceNotice() {
        if TestData.liechtensteinPath == nil {
            print("notice: ../shared/data not found; Liechtenstein and NY checks skipped")
        }
        #expect(Bool(true))
    }
}
