import Foundation
import Testing
@testable import PinganGeo

/// Locations of the real extracts used by the tests, and networks loaded once per test run.
enum TestData {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var shanghaiPath: String { repoRoot.appendingPathComponent("data/osm/shanghai_center.osm.xz").path }
    static var helsinkiPath: String {
        Bundle.module.url(forResource: "Fixtures/helsinki", withExtension: "osm.pbf")?.path
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/helsinki.osm.pbf").path
    }
    static var sharedData: URL { repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }
    static var liechtensteinPath: String? {
        let p = sharedData.appendingPathComponent("osm/liechtenstein_valhalla_test.osm.pbf").path
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }
    static var nyGraphPath: String? {
        let p = sharedData.appendingPathComponent("roads/USA-road-t.NY.gr.gz").path
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }

    static let shanghai: RoadNetwork = {
        do { return RoadNetwork(graph: try RoadNetwork.loadGraph(path: shanghaiPath)) } catch { fatalError("\(error)") }
    }()
    static let helsinki: RoadNetwork = {
        do { return RoadNetwork(graph: try RoadNetwork.loadGraph(path: helsinkiPath)) } catch { fatalError("\(error)") }
    }()
    static let liechtenstein: RoadNetwork? = {
        guard let p = liechtensteinPath else { return nil }
        do { return RoadNetwork(graph: try RoadNetwork.loadGraph(path: p)) } catch { fatalError("\(error)") }
    }()

    /// One directory per test process for the files tests write; directories left by earlier
    /// runs (older than an hour) are removed when it is first used.
    static let tempRoot: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix("pingan-geo-tests-") {
            let u = tmp.appendingPathComponent(name)
            if let d = (try? fm.attributesOfItem(atPath: u.path))?[.modificationDate] as? Date, d < Date().addingTimeInterval(-3600) {
                try? fm.removeItem(at: u)
            }
        }
        let root = tmp.appendingPathComponent("pingan-geo-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }()

    /// A fresh temporary directory for files a test writes.
    static func tempDir() -> URL {
        let u = tempRoot.appendingPathComponent(UUID().uuidString)
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func write(_ s: String, name: String) -> String {
        let p = tempDir().appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: p, contents: Data(s.utf8))
        return p
    }

    static func write(_ b: [UInt8], name: String) -> String {
        let p = tempDir().appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: p, contents: Data(b))
        return p
    }

    static func gzip(_ s: String) throws -> [UInt8] {
        let p = write(s, name: "plain.txt")
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: "/bin/gzip")
        proc.arguments = ["-kf", p]
        try proc.run(); proc.waitUntilExit()
        return Array(FileManager.default.contents(atPath: p + ".gz") ?? Data())
    }

    /// Oracle: exact time between route points with plain Dijkstra on the graph.
    static func oracleTime(_ g: RoadGraph, from a: RoutePoint, to b: RoutePoint) -> Int32 {
        let dist = Dijkstra.distances(in: g, seeds: a.sourceSeeds.map { (Int($0.node), $0.offset) })
        var best = Int64(Int32.max)
        for s in b.targetSeeds where dist[Int(s.node)] != Int32.max { best = min(best, Int64(dist[Int(s.node)]) + Int64(s.offset)) }
        if let d = RoutePoint.directTime(from: a, to: b) { best = min(best, Int64(d)) }
        return Int32(best)
    }
}
