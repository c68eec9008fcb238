import PinganAnalytics
import Testing

@Suite("Seeded random numbers")
struct SeededRandomTests {
    /// `index(n)` covers the whole range evenly (it once multiplied by `n >> 32` and gave 0 always).
    @Test func indexCoversTheRange() {
        var r = SeededRandom(seed: 3)
        var seen = [Int](repeating: 0, count: 10)
        for _ in 0..<10_000 { seen[r.index(10)] += 1 }
        #expect(seen.allSatisfy { (800...1200).contains($0) }, "\(seen)")
    }
}
