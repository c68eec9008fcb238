import ArgumentParser
import Foundation
import PinganGeo

/// `pingan route --from LAT,LON --to LAT,LON`: fastest route on the road graph, printed as travel
/// time, distance and a GeoJSON LineString (paste into geojson.io to see it).
struct Route: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Fastest route between two WGS-84 points; prints time, distance and GeoJSON."
    )

    @Option(name: .long, help: "Road graph source file (OSM or DIMACS); its .pgcache is used/written.")
    var graph: String = "data/osm/shanghai_center.osm.xz"

    @Option(name: .long, help: "Start as LAT,LON (WGS-84).")
    var from: String

    @Option(name: .long, help: "Destination as LAT,LON (WGS-84).")
    var to: String

    @Option(name: .long, help: "Maximum snapping distance in metres.")
    var maxSnap: Double = 500

    static func parse(_ s: String) throws -> Coordinate {
        let parts = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1] else {
            throw ValidationError("expected LAT,LON, got \(s)")
        }
        let c = Coordinate(lat: lat, lon: lon)
        guard c.isValid else { throw ValidationError("coordinate out of range: \(s)") }
        return c
    }

    mutating func run() async throws {
        let a = try Self.parse(from), b = try Self.parse(to)
        let net = try RoadNetwork.load(path: graph)
        var ws = net.makeWorkspace()
        let route = try net.route(from: a, to: b, maxSnapDistance: maxSnap, workspace: &ws)
        let unit = net.graph.weightUnit == .deciseconds ? String(format: "%.1f s", route.seconds) : "\(route.time) (DIMACS units)"
        print("time:     \(unit)")
        print(String(format: "distance: %.0f m", route.distanceMeters))
        print("geojson:  {\"type\":\"Feature\",\"properties\":{\"time\":\(route.time),\"distance_m\":\(Int(route.distanceMeters.rounded()))},\"geometry\":\(route.geoJSON)}")
    }
}
