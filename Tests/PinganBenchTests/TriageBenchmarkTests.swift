import Foundation
import PinganBench
import Testing

@Suite("Triage: duplicate-check benchmark smoke test")
struct TriageBenchmarkTests {
    /// Without the file the run is synthetic and says so; every figure is there and sane.
    @Test func aSmallSyntheticRunReportsEveryFigure() throws {
        var bench = TriageBenchmark(callsPath: "/nonexistent/montgomery.csv.gz")
        bench.historyCalls = 30_000
        bench.checks = 300
        var notes: [String] = []
        let r = try bench.run { notes.append($0) }
        #expect(r.dataSource == "synthetic")
        #expect(notes.first?.contains("SYNTHETIC") == true)
        #expect(r.historyCalls == 30_000 && r.checks == 300 && r.historyDays == 30)
        #expect(r.checkMedianMs > 0 && r.checkMedianMs <= r.checkP99Ms && r.checkP99Ms <= r.checkMaxMs)
        // Up to a tenth of the checked calls are planted near-copies of a call of the last hour,
        // and nearly all of those get their original proposed.
        #expect(r.plantedCopies >= 10 && r.plantedCopies <= 60, "\(r.plantedCopies)")
        #expect(r.plantedFoundShare > 0.8, "\(r.plantedFoundShare)")
        #expect(r.proposedShare >= 0.8 * Double(r.plantedCopies) / 300, "\(r.proposedShare)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
        #expect(object["duplicate_check_p99_ms"] as? Double == r.checkP99Ms)
        #expect(object["duplicate_check_median_ms"] as? Double == r.checkMedianMs)
        #expect(object["history_calls"] as? Int == 30_000)
        #expect(!r.json.contains("\n"))
    }
}
