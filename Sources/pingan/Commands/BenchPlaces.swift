import ArgumentParser
import Foundation
import PinganApp
import PinganBench
import PinganCore
import PinganGeo
import PinganStore

/// `pingan bench places`: the figures of a new city's setup (issue 16): a bulk import of 10,000
/// units under 1,000 station areas into a fresh store, then place search and reverse geocoding
/// over a map of a million nodes or more (`PlacesBenchmark`). Prints progress to stderr and, as
/// its last line, one JSON object with `import_s`, `reverse_geocode_us` and `place_search_p99_ms`.
struct BenchPlaces: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "places", abstract: "Import, place-search and reverse-geocoding benchmark (prints one JSON object).")

    @Option(help: "Folder of the real OSM extracts (liechtenstein_valhalla_test.osm.pbf, helsinki.osm.pbf, shanghai_center.osm.xz).")
    var osmDir = "../shared/data/osm"
    @Option(help: "Station areas to import.") var stations = 1_000
    @Option(help: "Units to import.") var units = 10_000
    @Option(help: "Points (vertices) of each station area.") var areaPoints = 64
    @Option(help: "PostgreSQL URL of an empty database for the import; default: a new SQLite file.") var database: String?
    @Option(help: "Timed place searches.") var queries = 5_000
    @Option(help: "Write the searched names, queries and reverse-geocoding points here (for bench/places.py's anchors).") var dump: String?

    mutating func run() async throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        let liechtenstein = (osmDir as NSString).appendingPathComponent("liechtenstein_valhalla_test.osm.pbf")
        guard FileManager.default.fileExists(atPath: liechtenstein) else {
            throw ValidationError("\(liechtenstein) is absent: the benchmark reads the real extracts of ../shared/data/osm (see its README)")
        }
        let importSeconds = try await importFigure(log)
        log(String(format: "import of %d units under %d station areas: %.2f s", units, stations, importSeconds))

        var bench = PlacesBenchmark(liechtensteinPath: liechtenstein,
                                    helsinkiPath: existing((osmDir as NSString).appendingPathComponent("helsinki.osm.pbf")),
                                    shanghaiPath: existing((osmDir as NSString).appendingPathComponent("shanghai_center.osm.xz")))
        bench.queries = queries
        bench.dumpDirectory = dump
        let r = try bench.run(progress: log)
        var object = try JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any] ?? [:]
        object["import_s"] = (importSeconds * 1000).rounded() / 1000
        object["import_units"] = units
        object["import_station_areas"] = stations
        object["import_store"] = database == nil ? "sqlite" : "postgres"
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    func existing(_ path: String) -> String? { FileManager.default.fileExists(atPath: path) ? path : nil }

    /// Files for a city of `stations` square-ish station areas (each a ring of `areaPoints`
    /// points) in 20 districts, and `units` units spread over them; imported as one command,
    /// timed from the files' text to the commit.
    func importFigure(_ log: (String) -> Void) async throws -> Double {
        let side = Int(Double(stations).squareRoot().rounded(.up))
        var features = [#"{"type":"Feature","properties":{"code":"B","level":"city","name":"基准市"},"geometry":null}"#]
        for d in 0..<20 { features.append(#"{"type":"Feature","properties":{"code":"B-D\#(d)","parent":"B","level":"district","name":"基准\#(d)区"},"geometry":null}"#) }
        let cell = 0.01
        for s in 0..<stations {
            let (row, col) = (s / side, s % side)
            let (south, west) = (30.0 + Double(row) * cell, 120.0 + Double(col) * cell)
            // A ring around the cell's edge with `areaPoints` points.
            var ring: [String] = []
            let perSide = max(1, areaPoints / 4)
            for i in 0..<perSide { ring.append("[\(west + cell * Double(i) / Double(perSide)),\(south)]") }
            for i in 0..<perSide { ring.append("[\(west + cell),\(south + cell * Double(i) / Double(perSide))]") }
            for i in 0..<perSide { ring.append("[\(west + cell - cell * Double(i) / Double(perSide)),\(south + cell)]") }
            for i in 0..<perSide { ring.append("[\(west),\(south + cell - cell * Double(i) / Double(perSide))]") }
            ring.append(ring[0])
            features.append(#"{"type":"Feature","properties":{"code":"B-S\#(s)","parent":"B-D\#(s % 20)","level":"station","name":"基准\#(s)所","lat":\#(south + cell / 2),"lon":\#(west + cell / 2)},"geometry":{"type":"Polygon","coordinates":[[\#(ring.joined(separator: ","))]]}}"#)
        }
        let areas = #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
        var csv = "callsign,kind,station,crew\n"
        for u in 0..<units { csv += "B-\(u),\(u % 5 == 0 ? "footPatrol" : "patrolCar"),B-S\(u % stations),2\n" }
        log(String(format: "files: areas %.1f MB, units %.1f MB", Double(areas.utf8.count) / 1e6, Double(csv.utf8.count) / 1e6))

        let bench = try await BenchStore(database: database, name: "places")
        let store = bench.store
        let imports = AppServices(store: store).imports
        let started = Date()
        let (rows, problems) = ImportFormats.read(.init(jurisdictions: try JSONValue.parse(Array(areas.utf8)).value, units: csv))
        let summary = try await imports.run(rows, problems: problems, dryRun: false, oneTime: [:], by: .shellOperator)
        let seconds = Date().timeIntervalSince(started)
        await bench.close()
        guard summary.created.units == units, summary.created.jurisdictions == stations + 21 else {
            throw ValidationError("the import created \(summary.created.units) units and \(summary.created.jurisdictions) jurisdictions")
        }
        return seconds
    }
}
