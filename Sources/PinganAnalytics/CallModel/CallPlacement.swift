import PinganGeo

/// Puts calls onto a road network. When the calls come from another city (Montgomery County
/// calls replayed on Shanghai roads), their bounding box is mapped linearly onto the
/// network's bounding box first, which keeps the calls' relative spatial pattern (hotspots,
/// empty farmland, corridors) while making every call land in the simulated city. Each point is
/// then snapped to the nearest road; calls with no road within `maxSnapMeters` are dropped and
/// counted.
public struct CallPlacement: Sendable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// Map when fewer than half of the calls lie inside the network's box, else keep them.
        case auto
        /// Keep coordinates (calls from the network's own city).
        case asIs
        /// Always map the calls' box onto the network's box.
        case linear
    }

    public var source: GeoBox?
    public var target: GeoBox
    public var mapped: Bool

    /// Decides the transform for `calls` on `network`.
    public init(calls: [CallRecord], network: RoadNetwork, mode: Mode = .auto) {
        let target = GeoBox(points: network.graph.coordinates) ?? GeoBox(minLat: 0, maxLat: 0, minLon: 0, maxLon: 0)
        let source = GeoBox(points: calls.map(\.coordinate))
        self.target = target
        self.source = source
        switch mode {
        case .asIs: mapped = false
        case .linear: mapped = source != nil
        case .auto:
            let inside = calls.reduce(0) { $0 + (target.contains($1.coordinate) ? 1 : 0) }
            mapped = source != nil && 2 * inside < calls.count
        }
    }

    /// Where `c` lands on the network's map (before snapping).
    public func transform(_ c: Coordinate) -> Coordinate {
        guard mapped, let s = source else { return c }
        let fy = s.maxLat > s.minLat ? (c.lat - s.minLat) / (s.maxLat - s.minLat) : 0.5
        let fx = s.maxLon > s.minLon ? (c.lon - s.minLon) / (s.maxLon - s.minLon) : 0.5
        return Coordinate(lat: target.minLat + fy * (target.maxLat - target.minLat),
                          lon: target.minLon + fx * (target.maxLon - target.minLon))
    }

    /// Snapped positions (nil where no road is near enough).
    public func place(_ calls: [CallRecord], on network: RoadNetwork, maxSnapMeters: Double = 1000) -> [RoutePoint?] {
        calls.map { try? network.snap(transform($0.coordinate), maxDistance: maxSnapMeters) }
    }
}
