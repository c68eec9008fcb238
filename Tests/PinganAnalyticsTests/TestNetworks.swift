import Foundation
import PinganAnalytics
import PinganGeo

/// Small road networks built in code, so engine tests need no map file.
enum TestNetworks {
    static let lat0 = 31.2, lon0 = 121.45
    static let mPerDegLat = Geodesy.earthRadius * .pi / 180

    static func coordinate(x: Double, y: Double) -> Coordinate {
        Coordinate(lat: lat0 + y / mPerDegLat, lon: lon0 + x / (mPerDegLat * cos(lat0 * .pi / 180)))
    }

    /// Builds a network from two-way roads between grid points (x, y in metres), driven at
    /// 10 m/s, so one metre costs one decisecond.
    static func network(points: [(Double, Double)], roads: [(Int, Int)]) -> RoadNetwork {
        var from: [Int32] = [], to: [Int32] = [], w: [Int32] = []
        for (a, b) in roads {
            let d = Int32(hypot(points[a].0 - points[b].0, points[a].1 - points[b].1).rounded())
            from += [Int32(a), Int32(b)]; to += [Int32(b), Int32(a)]; w += [d, d]
        }
        let g = RoadGraph.build(nodeCount: points.count, from: from, to: to, weights: w,
                                coordinates: points.map { coordinate(x: $0.0, y: $0.1) },
                                sourceIds: (0..<points.count).map { Int64($0 + 1) }, weightUnit: .deciseconds)
        return RoadNetwork(graph: g)
    }

    /// An n × n grid with `spacing` metres between junctions.
    static func grid(_ n: Int, spacing: Double = 150) -> RoadNetwork {
        var pts: [(Double, Double)] = [], roads: [(Int, Int)] = []
        for y in 0..<n { for x in 0..<n { pts.append((Double(x) * spacing, Double(y) * spacing)) } }
        for y in 0..<n {
            for x in 0..<n {
                let v = y * n + x
                if x + 1 < n { roads.append((v, v + 1)) }
                if y + 1 < n { roads.append((v, v + n)) }
            }
        }
        return network(points: pts, roads: roads)
    }

    /// Two banks of a river, columns 0-4 west and 6-10 east, rows 0-10, 100 m apart; the only
    /// bridge joins (4, 10) and (6, 10). Node id = row * 11 + column (column 5 unused except
    /// as a gap).
    static func river() -> RoadNetwork {
        var pts: [(Double, Double)] = [], roads: [(Int, Int)] = []
        for y in 0...10 { for x in 0...10 { pts.append((Double(x) * 100, Double(y) * 100)) } }
        func id(_ x: Int, _ y: Int) -> Int { y * 11 + x }
        for y in 0...10 {
            for x in 0...10 where x != 5 {
                if x + 1 <= 10 && x != 4 && x + 1 != 5 { roads.append((id(x, y), id(x + 1, y))) }
                if y + 1 <= 10 { roads.append((id(x, y), id(x, y + 1))) }
            }
        }
        roads.append((id(4, 10), id(6, 10)))
        return network(points: pts, roads: roads)
    }

    static func call(_ c: Coordinate, at seconds: Int64, priority: Int = 2) -> CallRecord {
        CallRecord(time: 1_451_865_600 + seconds, coordinate: c, categoryIndex: CallCategories.index(of: "criminal")!,
                   priority: .init(rawValue: priority)!)
    }
}

/// The real public data, when the checkout sits beside `shared/data`.
enum SharedData {
    static let root: String? = {
        let here = URL(fileURLWithPath: #filePath)
        var dir = here.deletingLastPathComponent()
        for _ in 0..<6 {
            let cand = dir.appendingPathComponent("shared/data").path
            if FileManager.default.fileExists(atPath: cand + "/README.md") { return cand }
            dir = dir.deletingLastPathComponent()
        }
        for cand in ["/work/shared/data"] where FileManager.default.fileExists(atPath: cand + "/README.md") { return cand }
        return nil
    }()

    static func path(_ rel: String) -> String? {
        guard let root else { return nil }
        let p = root + "/" + rel
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }

    static let montgomery = "calls/montgomery_pa_911_calls_2015_2016.csv.gz"
    static let seattle = "calls/seattle_spd_911_incident_response_sample_2016.csv.gz"
    static let chicago = "crime/chicago_crimes_10k_2015.csv.gz"
    static let sf = "crime/sf_police_incident_points_2026.csv.gz"
}

/// This test process's folder for the files `temporaryFile` writes, removed when the process
/// exits (a file each, left behind, had piled up by the hundred in the machine's temporary folder).
let scratchFolder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-analytics-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: scratchFolder) }
    return url
}()

/// Writes `bytes` to a fresh file in `scratchFolder` and returns its path.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") -> String {
    let p = scratchFolder.appendingPathComponent("\(UUID().uuidString)\(suffix)").path
    _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
    return p
}

func temporaryFile(_ text: String, suffix: String = ".csv") -> String { temporaryFile(Array(text.utf8), suffix: suffix) }
