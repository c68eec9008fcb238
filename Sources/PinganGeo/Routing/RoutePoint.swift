/// A place on the road network: a position along one road segment, as produced by snapping.
/// Queries start and end at such points rather than at nodes, so a unit parked mid-block is
/// charged only the part of the block it still has to drive.
public struct RoutePoint: Sendable, Equatable {
    /// The snapped position on the road.
    public var coordinate: Coordinate
    /// How far the original coordinate was from the road, in metres (0 for node points).
    public var snapDistance: Double
    /// Segment endpoints (graph node ids).
    public var fromNode: Int32
    public var toNode: Int32
    /// Position along `fromNode -> toNode`, 0...1.
    public var fraction: Double
    /// Edge index `fromNode -> toNode`, or -1 when the road is one-way the other way.
    public var forwardEdge: Int32
    /// Edge index `toNode -> fromNode`, or -1.
    public var backwardEdge: Int32
    public var forwardWeight: Int32
    public var backwardWeight: Int32

    public init(coordinate: Coordinate, snapDistance: Double, fromNode: Int32, toNode: Int32, fraction: Double,
                forwardEdge: Int32, backwardEdge: Int32, forwardWeight: Int32, backwardWeight: Int32) {
        self.coordinate = coordinate
        self.snapDistance = snapDistance
        self.fromNode = fromNode
        self.toNode = toNode
        self.fraction = fraction
        self.forwardEdge = forwardEdge
        self.backwardEdge = backwardEdge
        self.forwardWeight = forwardWeight
        self.backwardWeight = backwardWeight
    }

    /// The segment's end nearer the point: where node-based models (coverage, zones, demand
    /// on nodes) put it.
    public var nearerNode: Int32 { fraction < 0.5 ? fromNode : toNode }

    /// A point exactly at a graph node.
    public static func node(_ v: Int, in graph: RoadGraph) -> RoutePoint {
        RoutePoint(coordinate: graph.hasCoordinates ? graph.coordinates[v] : Coordinate(lat: 0, lon: 0), snapDistance: 0,
                   fromNode: Int32(v), toNode: Int32(v), fraction: 0, forwardEdge: -1, backwardEdge: -1,
                   forwardWeight: 0, backwardWeight: 0)
    }

    public var isNode: Bool { fromNode == toNode }

    /// Nodes a search leaving this point starts from, with the time already spent to get there.
    public var sourceSeeds: [(node: Int32, offset: Int32)] {
        if isNode { return [(fromNode, 0)] }
        var s: [(node: Int32, offset: Int32)] = []
        if forwardEdge >= 0 { s.append((toNode, Int32(((1 - fraction) * Double(forwardWeight)).rounded()))) }
        if backwardEdge >= 0 { s.append((fromNode, Int32((fraction * Double(backwardWeight)).rounded()))) }
        return s
    }

    /// Nodes a search arriving at this point must reach, with the time still needed from there.
    public var targetSeeds: [(node: Int32, offset: Int32)] {
        if isNode { return [(fromNode, 0)] }
        var s: [(node: Int32, offset: Int32)] = []
        if forwardEdge >= 0 { s.append((fromNode, Int32((fraction * Double(forwardWeight)).rounded()))) }
        if backwardEdge >= 0 { s.append((toNode, Int32(((1 - fraction) * Double(backwardWeight)).rounded()))) }
        return s
    }

    /// Time for driving straight along a shared segment from `a` to `b`, when that is possible.
    public static func directTime(from a: RoutePoint, to b: RoutePoint) -> Int32? {
        if a.isNode || b.isNode { return a.isNode && b.isNode && a.fromNode == b.fromNode ? 0 : nil }
        guard a.fromNode == b.fromNode, a.toNode == b.toNode else { return nil }
        if b.fraction >= a.fraction, a.forwardEdge >= 0 {
            return Int32(((b.fraction - a.fraction) * Double(a.forwardWeight)).rounded())
        }
        if b.fraction <= a.fraction, a.backwardEdge >= 0 {
            return Int32(((a.fraction - b.fraction) * Double(a.backwardWeight)).rounded())
        }
        return nil
    }
}
