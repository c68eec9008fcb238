import Foundation
import PinganAnalytics
import PinganGeo
import Testing

@Suite("Forecast: the Knox near-repeat test")
struct ForecastKnoxTests {
    /// The slow, obvious count: every pair, its distance band and its time band.
    static func bruteForce(x: [Double], y: [Double], t: [Double], space: [Double], time: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: (space.count - 1) * time.count)
        for i in x.indices {
            for j in x.indices where j > i {
                let d = ((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j])).squareRoot()
                guard let s = (0..<(space.count - 1)).first(where: { d >= space[$0] && d < space[$0 + 1] }) else { continue }
                let dt = abs(t[i] - t[j])
                guard let b = time.indices.last(where: { dt >= time[$0] }) else { continue }
                counts[s * time.count + b] += 1
            }
        }
        return counts
    }

    static func randomSet(_ n: Int, seed: UInt64) -> (x: [Double], y: [Double], t: [Double]) {
        var rng = SeededRandom(seed: seed)
        var x: [Double] = [], y: [Double] = [], t: [Double] = []
        for k in 0..<n {
            // Some repeated places and whole-day times, so pairs sit exactly on band edges.
            if k % 10 == 9 { x.append(x[k - 1]); y.append(y[k - 1] + 100) } else { x.append(rng.uniform() * 3000); y.append(rng.uniform() * 3000) }
            t.append(k % 2 == 0 ? Double(rng.index(60)) : rng.uniform() * 60)
        }
        return (x, y, t)
    }

    @Test func observedCountsMatchTheBruteForceCount() throws {
        let (x, y, t) = Self.randomSet(400, seed: 8)
        var cfg = KnoxTest.Configuration()
        cfg.simulations = 19
        let r = try KnoxTest.run(x: x, y: y, days: t, configuration: cfg)
        let brute = Self.bruteForce(x: x, y: y, t: t, space: cfg.spaceEdges, time: cfg.timeEdges)
        #expect(r.bands.map(\.observed) == brute)
        #expect(r.closePairs == brute.reduce(0, +))
        #expect(r.bands.count == 16 && r.events == 400)
        #expect(r.bands[0].spaceFrom == 0 && r.bands[0].spaceTo == 100 && r.bands[0].timeFrom == 0 && r.bands[0].timeTo == 7)
        #expect(r.bands[3].timeFrom == 30 && r.bands[3].timeTo == nil, "the last time band is open")

        var other = cfg
        other.spaceEdges = [50, 75, 500, 1234.5]
        other.timeEdges = [1, 2, 3]
        let r2 = try KnoxTest.run(x: x, y: y, days: t, configuration: other)
        #expect(r2.bands.map(\.observed) == Self.bruteForce(x: x, y: y, t: t, space: other.spaceEdges, time: other.timeEdges))
    }

    @Test func pValuesAreReproducibleWithTheSeed() throws {
        let (x, y, t) = Self.randomSet(300, seed: 2)
        var cfg = KnoxTest.Configuration()
        cfg.seed = 42
        let a = try KnoxTest.run(x: x, y: y, days: t, configuration: cfg)
        let b = try KnoxTest.run(x: x, y: y, days: t, configuration: cfg)
        #expect(a == b)
        cfg.seed = 43
        let c = try KnoxTest.run(x: x, y: y, days: t, configuration: cfg)
        #expect(c.bands.map(\.observed) == a.bands.map(\.observed))
        #expect(c.bands.map(\.expected) != a.bands.map(\.expected), "another seed, other permutations")
        for band in a.bands {
            #expect(band.pValue >= 1.0 / 100 && band.pValue <= 1)
            let steps = band.pValue * 100
            #expect(abs(steps - steps.rounded()) < 1e-9, "p = (1 + k) / (1 + 99)")
            if let ratio = band.ratio { #expect(abs(ratio - Double(band.observed) / band.expected) < 1e-12) }
        }
    }

    @Test func plantedNearRepeatsAreSignificant() throws {
        var rng = SeededRandom(seed: 77)
        var x: [Double] = [], y: [Double] = [], t: [Double] = []
        for _ in 0..<200 { x.append(rng.uniform() * 5000); y.append(rng.uniform() * 5000); t.append(rng.uniform() * 120) }
        for k in 0..<30 {
            // A burglary and a repeat 30 m away two days later.
            x.append(x[k] + 30); y.append(y[k]); t.append(t[k] + 2)
        }
        let r = try KnoxTest.run(x: x, y: y, days: t)
        let near = r.bands[0]
        #expect(near.observed >= 30)
        #expect((near.ratio ?? 0) > 2, "\(near)")
        #expect(near.pValue <= 0.05)
        // Far apart in time, the same places show nothing special.
        let late = r.bands[3]
        #expect((late.ratio ?? 1) < 1.5)
    }

    @Test func eventsAreProjectedToMetres() throws {
        // Two events 50 m apart, one day apart: one pair in [0, 100) m, [0, 7) days.
        let a = Coordinate(lat: 31.2, lon: 121.4)
        let b = Coordinate(lat: 31.2 + 50 / 111_195.0, lon: 121.4)
        let events = [ForecastEvent(time: 86_400 * 20_000, coordinate: a), ForecastEvent(time: 86_400 * 20_001, coordinate: b),
                      ForecastEvent(time: 86_400 * 20_000, coordinate: Coordinate(lat: 31.3, lon: 121.4))]
        let r = try KnoxTest.run(events: events)
        #expect(r.bands[0].observed == 1 && r.closePairs == 1)
    }

    @Test func badConfigurationsAreRefused() {
        let x = [0.0, 1], y = [0.0, 1], t = [0.0, 1]
        for (space, time, sims) in [([0.0], [0.0, 7], 99), ([0.0, 100, 50], [0.0, 7], 99), ([0, 100.0], [Double](), 99),
                                    ([0, 100.0], [7.0, 7], 99), ([0, 100.0], [0.0, 7], 0), ([-1, 100.0], [0.0], 9)] {
            var cfg = KnoxTest.Configuration()
            cfg.spaceEdges = space
            cfg.timeEdges = time
            cfg.simulations = sims
            let e = #expect(throws: ForecastError.self) { try KnoxTest.run(x: x, y: y, days: t, configuration: cfg) }
            #expect(e?.kind == .badParameter)
        }
        let one = #expect(throws: ForecastError.self) { try KnoxTest.run(x: [0], y: [0], days: [0]) }
        #expect(one?.kind == .noEvents)
    }
}
