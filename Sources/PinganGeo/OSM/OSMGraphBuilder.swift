/// Builds the drivable `RoadGraph` from collected OSM data: every node used by a drivable way
/// becomes a graph node, consecutive way nodes become edges in the permitted directions, with
/// travel time in deciseconds from length and speed; then the largest strongly connected
/// component is kept.
public enum OSMGraphBuilder {
    /// What to do when a way references a node that is not in the file.
    public enum MissingNodePolicy: Sendable {
        /// Throw `.missingReference` (the default: the file is inconsistent).
        case error
        /// Cut the way at the missing node (for clipped extracts whose ways cross the border).
        case skip
        /// Cut ways at missing nodes while they are at most this fraction of all way references
        /// (a clipped extract); more means a broken file and throws (the default, 10%).
        case skipIfFew(Double)
    }

    public static func build(_ d: OSMData, file: String, missingNodes: MissingNodePolicy = .skipIfFew(0.1)) throws -> RoadGraph {
        var missing = 0
        var firstMissing: GeoError? = nil
        let g = try buildInner(d, file: file, missingNodes: missingNodes, missing: &missing, firstMissing: &firstMissing)
        if case .skipIfFew(let f) = missingNodes, Double(missing) > f * Double(max(1, d.wayRefs.count)), let firstMissing {
            var e = firstMissing
            e.message += " (\(missing) of \(d.wayRefs.count) way node references missing)"
            throw e
        }
        return g
    }

    static func buildInner(_ d: OSMData, file: String, missingNodes: MissingNodePolicy, missing: inout Int, firstMissing: inout GeoError?) throws -> RoadGraph {
        if d.nodeIds.isEmpty && d.wayIds.isEmpty {
            throw GeoError(.empty, "no nodes or ways", file: file)
        }
        if d.wayIds.isEmpty { throw GeoError(.empty, "no drivable ways", file: file) }
        let lookup = NodeLookup(d)
        var graphId = [Int32](repeating: -1, count: d.nodeIds.count)
        var coords: [Coordinate] = [], ids: [Int64] = []
        var from: [Int32] = [], to: [Int32] = [], w: [Int32] = []
        for way in 0..<d.wayIds.count {
            let s = Int(d.wayStart[way]), e = Int(d.wayStart[way + 1])
            var prev = -1
            let speed = Double(d.waySpeedKmh[way]) / 3.6
            let oneway = d.wayOneway[way]
            for r in s..<e {
                let idx = lookup.find(d.wayRefs[r])
                if idx < 0 {
                    let err = GeoError(.missingReference, "way \(d.wayIds[way]) references missing node \(d.wayRefs[r])", file: file,
                                       byteOffset: d.originIsLine ? nil : d.wayOrigin[way], line: d.originIsLine ? d.wayOrigin[way] : nil)
                    if case .error = missingNodes { throw err }
                    missing += 1
                    if firstMissing == nil { firstMissing = err }
                    prev = -1
                    continue
                }
                if graphId[idx] < 0 {
                    graphId[idx] = Int32(coords.count)
                    coords.append(Coordinate(lat: Double(d.nodeLat[idx]) / 1e7, lon: Double(d.nodeLon[idx]) / 1e7))
                    ids.append(d.nodeIds[idx])
                }
                if prev >= 0 {
                    let a = Int(graphId[prev]), b = Int(graphId[idx])
                    let len = Geodesy.haversine(coords[a], coords[b])
                    let t = Int32(max(1, (len / speed * 10).rounded()))
                    if oneway >= 0 { from.append(Int32(a)); to.append(Int32(b)); w.append(t) }
                    if oneway <= 0 { from.append(Int32(b)); to.append(Int32(a)); w.append(t) }
                }
                prev = idx
            }
        }
        if coords.isEmpty {
            if let firstMissing { throw firstMissing }
            throw GeoError(.empty, "no drivable road nodes", file: file) }
        let g = RoadGraph.build(nodeCount: coords.count, from: from, to: to, weights: w, coordinates: coords,
                                sourceIds: ids, weightUnit: .deciseconds)
        if g.nodeCount < 2 { throw GeoError(.empty, "no connected drivable roads", file: file) }
        return g
    }
}
