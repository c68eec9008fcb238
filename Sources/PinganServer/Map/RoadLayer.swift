import Foundation
import PinganApp
import PinganGeo
import PinganStore

/// The road graph inside a bounding box as GeoJSON, for the console's base layer, simplified
/// for the zoom it is drawn at so a city overview does not ship every alley:
///
/// - minor roads are left out below zoom 15 (tertiary and faster at 13-14, secondary and faster
///   below 13), judged by the edge's travel speed since the graph keeps no road class;
/// - below zoom 17 the ends of each segment are snapped to a grid of about two screen pixels and
///   segments that collapse or repeat are dropped (grid simplification keeps the network
///   connected, unlike simplifying each line on its own);
/// - at most `limit` segments are sent; `truncated` says when more would have been.
///
/// Each segment carries a `class` the console styles by, or, for the coverage layer, the `tier`
/// (`1`, `3`, `5` or `over` minutes) in which the nearest free unit reaches it. The graph keeps travel times, not OSM
/// highway tags, so the class is read from the edge's speed: `trunk` (≥ 55 km/h), `primary`
/// (≥ 45), `secondary` (≥ 35) and `local`.
///
/// A two-way road is one segment, not two. Scans every node, which for a city extract is a few
/// milliseconds; a national graph would want the segment index instead.
struct RoadLayer {
    let network: RoadNetwork
    var limit = 20_000

    struct Result {
        var json: String
        var segments: Int
        var truncated: Bool
    }

    func render(_ box: BoundingBox, zoom: Int, coverage: FreeUnitCoverage? = nil) -> Result {
        let g = network.graph
        guard g.hasCoordinates else { return Result(json: #"{"type":"FeatureCollection","features":[]}"#, segments: 0, truncated: false) }
        let minKmh: Double = zoom < 13 ? 45 : zoom < 15 ? 35 : 0
        // Degrees per cell: 2 px of a 256-px tile pyramid at this zoom.
        let cell = zoom >= 17 ? 0 : 360.0 / Double(1 << (zoom + 8)) * 2
        func inside(_ c: Coordinate) -> Bool { c.lat >= box.south && c.lat <= box.north && c.lon >= box.west && c.lon <= box.east }
        func snap(_ c: Coordinate) -> (Int64, Int64, Coordinate) {
            guard cell > 0 else { return (0, 0, c) }
            let x = Int64((c.lon / cell).rounded(.down)), y = Int64((c.lat / cell).rounded(.down))
            return (x, y, Coordinate(lat: (Double(y) + 0.5) * cell, lon: (Double(x) + 0.5) * cell))
        }
        struct Key: Hashable { var ax, ay, bx, by: Int64 }
        var seen = Set<Key>()
        var out = #"{"type":"FeatureCollection","features":["#
        var count = 0
        var truncated = false
        outer: for u in 0..<g.nodeCount {
            let cu = g.coordinates[u]
            for e in g.edges(from: u) {
                let v = Int(g.targets[e])
                let cv = g.coordinates[v]
                guard inside(cu) || inside(cv) else { continue }
                if v < u && g.edge(from: v, to: u) != nil { continue }   // the other direction is drawn
                let kmh = network.speedKmh(edge: e)
                if minKmh > 0 { guard kmh >= minKmh else { continue } }
                let (ax, ay, a) = snap(cu), (bx, by, b) = snap(cv)
                if cell > 0 {
                    if ax == bx && ay == by { continue }
                    let key = (ax, ay) < (bx, by) ? Key(ax: ax, ay: ay, bx: bx, by: by) : Key(ax: bx, ay: by, bx: ax, by: ay)
                    guard seen.insert(key).inserted else { continue }
                }
                if count == limit { truncated = true; break outer }
                if count > 0 { out += "," }
                let property = coverage.map { #""tier":""# + $0.tier(u, v) } ?? #""class":""# + Self.speedClass(kmh)
                out += #"{"type":"Feature","properties":{"# + property + #""},"geometry":{"type":"LineString","coordinates":[["#
                out += "\(Self.round(a.lon)),\(Self.round(a.lat))],[\(Self.round(b.lon)),\(Self.round(b.lat))]]}}"
                count += 1
            }
        }
        out += "],\"truncated\":\(truncated),\"zoom\":\(zoom)"
        if let coverage {
            let shares = zip(["1", "3", "5"], coverage.shares).map { "\"\($0)\":\(Self.round($1))" }.joined(separator: ",")
            out += ",\"units\":\(coverage.units),\"shares\":{\(shares)}"
        }
        out += "}"
        return Result(json: out, segments: count, truncated: truncated)
    }

    static func speedClass(_ kmh: Double) -> String {
        kmh >= 55 ? "trunk" : kmh >= 45 ? "primary" : kmh >= 35 ? "secondary" : "local"
    }

    /// Six decimals: 0.1 m, finer than any screen.
    static func round(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
}
