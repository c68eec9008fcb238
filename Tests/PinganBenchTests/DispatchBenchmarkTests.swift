import Foundation
import PinganCore
import PinganGeo
import Testing
@testable import PinganBench

/// The shipped Shanghai extract, as the core's dispatch tests load it.
enum BenchTestData {
    static let shanghaiPath = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/osm/shanghai_center.osm.xz").path
    static let shanghai: RoadNetwork = {
        do { return RoadNetwork(graph: try RoadNetwork.loadGraph(path: shanghaiPath)) } catch { fatalError("\(error)") }
    }()
}

@Suite("Dispatch: benchmark smoke test")
struct DispatchBenchmarkTests {
    @Test func aSmallRunReportsEveryFigure() throws {
        var b = DispatchBenchmark(graphPath: BenchTestData.shanghaiPath)
        b.units = 60
        b.zones = 9
        b.steps = 20
        b.immediateFixes = 300
        let fields = try b.measure(BenchTestData.shanghai, progress: nil)
        let json = "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["fixes"] as? Int) == 1200)
        #expect((object["inprocess_fixes_per_s"] as? Double ?? 0) > 0)
        #expect((object["recommend_p99_ms"] as? Double ?? 0) > 0)
        #expect(object["http_fixes_per_s"] is NSNull)
        #expect((object["accepted"] as? Int ?? 0) > 1000)
        #expect((object["zone_events"] as? Int ?? 0) > 0)
    }
}
