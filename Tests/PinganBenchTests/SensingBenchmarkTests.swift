import Foundation
import PinganBench
import PinganCore
import Testing

@Suite("Sensing: plate matching benchmark smoke test")
struct SensingBenchmarkTests {
    @Test func aSmallRunReportsEveryFigure() throws {
        let f = SensingBenchmark.runMatching(entries: 20_000, reads: 50_000, seed: 3)
        #expect(f.entries == 20_000)
        #expect(f.reads == 50_000)
        #expect(f.fuzzyReads == 5_000)
        #expect(f.buildSeconds > 0)
        #expect(f.indexMegabytes > 0)
        #expect(f.exactPerSecond > 0)
        #expect(f.fuzzyPerSecond > 0)
        #expect(f.normalisePerSecond > 0)
        // About 1% of the exact reads are copies of listed plates; random ones rarely collide.
        #expect((400...700).contains(f.exactHits))
        // At least the 5% of fuzzy reads made from listed plates match.
        #expect(f.fuzzyHits >= 200)
        #expect(f.fuzzyMatches >= f.fuzzyHits)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(f.json.utf8)) as? [String: Any])
        #expect(object["exactPerSecond"] is Double)
        #expect((object["entries"] as? Int) == 20_000)
    }

    @Test func platesAreSeededAndValid() throws {
        let a = SensingBenchmark.randomPlates(count: 1_000, seed: 9)
        #expect(a == SensingBenchmark.randomPlates(count: 1_000, seed: 9))
        #expect(a != SensingBenchmark.randomPlates(count: 1_000, seed: 10))
        for p in a { #expect(try PlateNumber.normalise(p.text) == p) }
        #expect(a.contains { $0.text.unicodeScalars.count == 8 })
    }

    @Test func theWatchlistIsWrittenOnePlatePerLine() throws {
        let plates = SensingBenchmark.randomPlates(count: 100, seed: 5)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plates-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SensingBenchmark.writeLines(plates, to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == plates.map(\.text))
    }
}
