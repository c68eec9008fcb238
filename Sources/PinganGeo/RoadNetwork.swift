import Foundation

/// Everything needed to answer routing questions on one road network: the graph, its contraction
/// hierarchy, per-edge road lengths and the snapping index. Immutable and Sendable, so the
/// server can share one instance across all request handlers; per-query scratch lives in
/// `CHWorkspace` values owned by the callers.
public struct RoadNetwork: Sendable {
    public let graph: RoadGraph
    public let hierarchy: ContractionHierarchy
    /// Road length of each edge in metres (weight units when the graph has no coordinates).
    public let edgeLengths: [Float]
    public let index: SegmentIndex?
    /// The rectangle the road nodes span (nil without coordinates), for showing the whole city.
    public let extent: GeoBounds?
    /// Street names for finding typed addresses (empty for DIMACS graphs, which have none).
    public var streets: StreetIndex = .empty
    /// Landmarks, addresses, street lines and background areas, searchable and reverse-geocodable
    /// (empty for DIMACS graphs).
    public var places: PlaceIndex = .empty
    /// How long building or loading took, and whether a cache was used.
    public var loadInfo = LoadInfo()

    public struct LoadInfo: Sendable {
        public var fromCache = false
        public var parseSeconds = 0.0
        public var contractSeconds = 0.0
        public var totalSeconds = 0.0
        public var cachePath: String? = nil
        public var cacheError: String? = nil
    }

    /// Builds the hierarchy (unless given) and the snapping index for `graph`.
    public init(graph: RoadGraph, hierarchy: ContractionHierarchy? = nil, edgeLengths: [Float]? = nil,
                progress: ((Double) -> Void)? = nil) {
        self.graph = graph
        self.hierarchy = hierarchy ?? ContractionHierarchy.build(graph, progress: progress)
        self.edgeLengths = edgeLengths ?? Self.computeLengths(graph)
        self.index = graph.hasCoordinates ? SegmentIndex(graph: graph) : nil
        self.extent = graph.hasCoordinates ? GeoBounds(graph.coordinates) : nil
    }

    static func computeLengths(_ g: RoadGraph) -> [Float] {
        var out = [Float](repeating: 0, count: g.edgeCount)
        for u in 0..<g.nodeCount {
            for e in g.edges(from: u) {
                out[e] = g.hasCoordinates ? Float(Geodesy.haversine(g.coordinates[u], g.coordinates[Int(g.targets[e])]))
                                          : Float(g.weights[e])
            }
        }
        return out
    }

    /// Approximate bytes per node of the routing structures (graph, hierarchy, lengths, index).
    public var bytesPerNode: Double {
        let gBytes = 4 * (graph.offsets.count + 2 * graph.edgeCount) + 16 * graph.coordinates.count + 8 * graph.sourceIds.count
        let idx = index.map { 16 * $0.segmentCount + 16 * graph.nodeCount + 4 * ($0.cellStart.count + $0.cellItems.count) } ?? 0
        return Double(gBytes + hierarchy.memoryBytes + 4 * edgeLengths.count + idx) / Double(max(1, graph.nodeCount))
    }

    /// Travel speed along edge `e` in km/h (its length over its time, weights read as
    /// deciseconds; 0 for a zero-time edge). The graph keeps no road class, so speed is what
    /// tells an arterial from a lane.
    public func speedKmh(edge e: Int) -> Double {
        let seconds = Double(graph.weights[e]) / 10
        return seconds > 0 ? Double(edgeLengths[e]) / seconds * 3.6 : 0
    }

    public func makeWorkspace() -> CHWorkspace { CHWorkspace(nodeCount: graph.nodeCount) }
    public func makeUnitPositions() -> UnitPositions { UnitPositions(hierarchy: hierarchy) }

    /// Snaps `c` to the nearest road within `maxDistance` metres; farther is a `.snapTooFar`
    /// error, because silently routing a unit from a road 3 km away would mislead a dispatcher.
    public func snap(_ c: Coordinate, maxDistance: Double = 500) throws(GeoError) -> RoutePoint {
        guard c.isValid else { throw GeoError(.outOfRange, "invalid coordinate \(c.lat),\(c.lon)") }
        guard let index else { throw GeoError(.unsupported, "graph has no coordinates to snap to") }
        guard let hit = index.nearest(c, maxDistance: maxDistance) else {
            throw GeoError(.snapTooFar, "no road within \(Int(maxDistance)) m of \(c.lat),\(c.lon)")
        }
        let s = hit.segment
        let a = graph.coordinates[Int(index.segFrom[s])], b = graph.coordinates[Int(index.segTo[s])]
        let p = Coordinate(lat: a.lat + (b.lat - a.lat) * hit.fraction, lon: a.lon + (b.lon - a.lon) * hit.fraction)
        let fe = index.segForward[s], be = index.segBackward[s]
        return RoutePoint(coordinate: p, snapDistance: Geodesy.haversine(c, p), fromNode: index.segFrom[s], toNode: index.segTo[s],
                          fraction: hit.fraction, forwardEdge: fe, backwardEdge: be,
                          forwardWeight: fe >= 0 ? graph.weights[Int(fe)] : 0, backwardWeight: be >= 0 ? graph.weights[Int(be)] : 0)
    }

    /// A route for display: time, length and the polyline from the snapped start to the snapped end.
    public struct Route: Sendable {
        public var time: Int32
        public var distanceMeters: Double
        public var geometry: [Coordinate]
        public var nodes: [Int32]
        /// Travel time in seconds (OSM graphs use deciseconds internally).
        public var seconds: Double { Double(time) / 10 }
        /// GeoJSON LineString ([lon, lat] order).
        public var geoJSON: String {
            "{\"type\":\"LineString\",\"coordinates\":[" + geometry.map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]}"
        }
    }

    /// Exact fastest route between two points on the network.
    public func route(from a: RoutePoint, to b: RoutePoint, workspace ws: inout CHWorkspace) throws(GeoError) -> Route {
        guard let r = hierarchy.route(from: a, to: b, workspace: &ws, withPath: true) else {
            throw GeoError(.noRoute, "no route between the points")
        }
        var geom: [Coordinate] = []
        if graph.hasCoordinates {
            geom.append(a.coordinate)
            for v in r.nodes { geom.append(graph.coordinates[Int(v)]) }
            geom.append(b.coordinate)
        }
        var dist = 0.0
        for i in 1..<max(1, geom.count) { dist += Geodesy.haversine(geom[i - 1], geom[i]) }
        return Route(time: r.time, distanceMeters: dist, geometry: geom, nodes: r.nodes)
    }

    /// Snaps both coordinates and routes between them.
    public func route(from a: Coordinate, to b: Coordinate, maxSnapDistance: Double = 500,
                      workspace ws: inout CHWorkspace) throws(GeoError) -> Route {
        try route(from: snap(a, maxDistance: maxSnapDistance), to: snap(b, maxDistance: maxSnapDistance), workspace: &ws)
    }

    /// Exact travel time only (no path), for matrix-style callers.
    public func time(from a: RoutePoint, to b: RoutePoint, workspace ws: inout CHWorkspace) -> Int32? {
        hierarchy.route(from: a, to: b, workspace: &ws, withPath: false)?.time
    }
}
