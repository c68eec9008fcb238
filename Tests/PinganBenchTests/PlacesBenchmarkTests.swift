import Foundation
import PinganGeo
import Testing
@testable import PinganBench

@Suite("Places: benchmark smoke test")
struct PlacesBenchmarkTests {
    static let helsinkiPath = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PinganGeoTests/Fixtures/helsinki.osm.pbf").path

    @Test("a small run (Helsinki copies plus Shanghai) reports every figure and finds what it asks for")
    func aSmallRunReportsEveryFigure() throws {
        var b = PlacesBenchmark(liechtensteinPath: Self.helsinkiPath, shanghaiPath: BenchTestData.shanghaiPath)
        b.minimumNodes = 60_000
        b.queries = 300
        b.reversePoints = 2_000
        let r = try b.run()
        #expect(r.nodes >= 60_000 && r.copies >= 2)
        #expect(r.landmarks > 0 && r.streets > 0 && r.crossings > 0)
        #expect(r.queries == 300 && r.searchHitRate > 0.95, "\(r.json)")
        #expect(r.searchP99Ms > 0 && r.reverseMicrosPerPoint > 0 && r.reverseHitRate > 0.5, "\(r.json)")
        #expect(r.json.contains("\"searchP99Ms\"") && r.json.contains("\"place_search_p99_ms\"") && r.json.contains("\"reverse_geocode_us\""))
    }

    @Test("copies keep their ids apart and are shifted east")
    func appendShiftsCopies() throws {
        let d = try RoadNetwork.readOSM(path: Self.helsinkiPath)
        var m = OSMData()
        PlacesBenchmark.append(d, to: &m, idOffset: 0, lonShift: 0)
        PlacesBenchmark.append(d, to: &m, idOffset: 100_000_000_000, lonShift: 5_000_000)
        #expect(m.nodeIds.count == 2 * d.nodeIds.count && Set(m.nodeIds).count == m.nodeIds.count)
        #expect(m.nodeLon[d.nodeIds.count] == d.nodeLon[0] + 5_000_000)
        #expect(MapFeatures(m).landmarkCount == 2 * MapFeatures(d).landmarkCount)
    }
}
