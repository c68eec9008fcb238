extension RoadNetwork {
    /// Routes from one point (a unit) to several (candidate incidents, hospitals...), each with
    /// geometry for display; nil where a target is unreachable. Each is an exact bidirectional
    /// CH query (tens of microseconds), so a few hundred targets cost a few milliseconds.
    public func routes(from source: RoutePoint, to targets: [RoutePoint], workspace ws: inout CHWorkspace) -> [Route?] {
        targets.map { t in try? route(from: source, to: t, workspace: &ws) }
    }

    /// Travel times only from one point to many; for many targets a single PHAST sweep answers
    /// all of them at once, for few the point-to-point query is cheaper.
    public func times(from source: RoutePoint, to targets: [RoutePoint], workspace ws: inout CHWorkspace) -> [Int32] {
        if targets.count < 200 {
            return targets.map { hierarchy.route(from: source, to: $0, workspace: &ws, withPath: false)?.time ?? Int32.max }
        }
        hierarchy.phast(sources: [source], workspace: &ws)
        let inf = ContractionHierarchy.phastInf
        return targets.map { t in
            var best = Int64(Int32.max)
            for s in t.targetSeeds {
                let d = ws.sweep[Int(hierarchy.toCH[Int(s.node)])]
                if d < inf { best = min(best, Int64(d) + Int64(s.offset)) }
            }
            if let d = RoutePoint.directTime(from: source, to: t) { best = min(best, Int64(d)) }
            return Int32(best)
        }
    }
}
