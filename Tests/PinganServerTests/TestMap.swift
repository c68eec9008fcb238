import Foundation
import HummingbirdTesting
import Logging
import PinganCore
import PinganGeo
import PinganServer
import PinganStore

/// The Shanghai extract shipped in `data/osm`, loaded once for all server tests (from its cache
/// file when present), and a way to drive a unit along a real road route.
enum TestMap {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let shanghai: RoadNetwork = {
        do { return try RoadNetwork.load(path: repoRoot.appendingPathComponent("data/osm/shanghai_center.osm.xz").path) }
        catch { fatalError("cannot load the Shanghai extract: \(error)") }
    }()

    /// Near station A (East Nanjing Road) and near station B (the Bund).
    static let nearA = Coordinate(lat: 31.2352, lon: 121.4801)
    static let nearB = Coordinate(lat: 31.2304, lon: 121.4900)

    /// The road route between two points.
    static func route(_ a: Coordinate, _ b: Coordinate) throws -> RoadNetwork.Route {
        var ws = shanghai.makeWorkspace()
        return try shanghai.route(from: a, to: b, workspace: &ws)
    }

    /// Points along `geometry` every `step` metres (the fixes of a unit driving at `step` m/s at 1 Hz).
    static func drive(_ geometry: [Coordinate], step: Double = 10) -> [Coordinate] {
        guard var previous = geometry.first else { return [] }
        var out = [previous]
        var carried = 0.0
        for next in geometry.dropFirst() {
            let length = Geodesy.haversine(previous, next)
            var at = step - carried
            while at <= length {
                let f = at / length
                out.append(Coordinate(lat: previous.lat + (next.lat - previous.lat) * f, lon: previous.lon + (next.lon - previous.lon) * f))
                at += step
            }
            carried = length - (at - step)
            previous = next
        }
        if out.last != geometry.last, let last = geometry.last { out.append(last) }
        return out
    }

    /// A square of `half` degrees around `c`, as a zone boundary.
    static func square(around c: Coordinate, half: Double) -> [Coordinate] {
        [Coordinate(lat: c.lat - half, lon: c.lon - half), Coordinate(lat: c.lat - half, lon: c.lon + half),
         Coordinate(lat: c.lat + half, lon: c.lon + half), Coordinate(lat: c.lat + half, lon: c.lon - half)]
    }
}

extension TestWorld {
    /// Serves `world` with the Shanghai map (after the caller's setup, so the tracker starts from it).
    static func serve(_ world: TestWorld, _ mode: TestingSetup = .router, map: RoadNetwork? = TestMap.shanghai,
                      configuration: ServerConfiguration = TestWorld.configuration, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try await buildApplication(store: world.store, configuration: configuration, time: world.time, roadNetwork: map, logger: logger)
        try await TestWorld.drive(app, mode, body)
    }

    /// `{"fixes":[...]}` for one unit, one fix per second ending `endingSecondsAgo` before now.
    func fixesJSON(unit: UnitID, along points: [Coordinate], endingSecondsAgo: Double = 0) -> JSONValue {
        let end = time.now().addingTimeInterval(-endingSecondsAgo)
        let start = end.addingTimeInterval(-Double(points.count - 1))
        return .object(["fixes": .array(points.enumerated().map { i, c in
            .object(["unitID": .string(unit.rawValue), "time": .string(Timestamp.format(start.addingTimeInterval(Double(i)))),
                     "lat": .number(c.lat), "lon": .number(c.lon), "speed": .number(10)])
        })])
    }
}

extension JSONValue {
    var doubleValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    var intValue: Int? { doubleValue.map { Int($0) } }

    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
