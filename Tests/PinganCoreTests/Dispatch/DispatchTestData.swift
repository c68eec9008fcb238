import Foundation
import PinganGeo
@testable import PinganCore

/// The shipped Shanghai extract, loaded once for all dispatch tests, and small builders.
enum DispatchTestData {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var shanghaiPath: String { repoRoot.appendingPathComponent("data/osm/shanghai_center.osm.xz").path }

    /// Built in memory (no cache file written next to the extract).
    static let shanghai: RoadNetwork = {
        do { return RoadNetwork(graph: try RoadNetwork.loadGraph(path: shanghaiPath)) } catch { fatalError("\(error)") }
    }()

    /// A fixed instant so every test decides with chosen times.
    static let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    static let city = "/sh/"
    static let huangpu = "/sh/hp/"
    static let stationA = "/sh/hp/a/"
    static let stationB = "/sh/hp/b/"
    static let otherDistrict = "/sh/ja/c/"

    static func unit(_ id: String, kind: UnitKind = .patrolCar, station: String = stationA, status: UnitStatus = .available,
                     incident: String? = nil) -> PoliceUnit {
        let stationID = station.split(separator: "/").last.map(String.init) ?? "a"
        return PoliceUnit(id: UnitID(id), callsign: id.uppercased(), kind: kind, stationID: JurisdictionID(stationID), status: status,
                          statusSince: t0, crew: 2, incidentID: incident.map { IncidentID($0) }, path: station)
    }

    static func fix(_ id: String, _ c: Coordinate, at seconds: Double) -> PositionFix {
        PositionFix(unit: UnitID(id), time: t0 + seconds, lat: c.lat, lon: c.lon)
    }

    /// A coordinate `metres` east (positive) of `c`.
    static func east(_ c: Coordinate, _ metres: Double) -> Coordinate {
        Coordinate(lat: c.lat, lon: c.lon + metres / (LocalDistance.metresPerDegree * cos(c.lat * .pi / 180)))
    }

    /// A coordinate `metres` north of `c`.
    static func north(_ c: Coordinate, _ metres: Double) -> Coordinate {
        Coordinate(lat: c.lat + metres / LocalDistance.metresPerDegree, lon: c.lon)
    }

    /// The graph's bounding box.
    static var bbox: (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        let cs = shanghai.graph.coordinates
        return (cs.map(\.lat).min()!, cs.map(\.lat).max()!, cs.map(\.lon).min()!, cs.map(\.lon).max()!)
    }

    /// A node near the middle of the extract (well inside the network).
    static var centreNode: Int {
        let b = bbox
        let mid = Coordinate(lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2)
        let cs = shanghai.graph.coordinates
        return cs.indices.min { Geodesy.haversine(cs[$0], mid) < Geodesy.haversine(cs[$1], mid) }!
    }
}
