import Foundation
import PinganAnalytics
import Testing

@Suite("Forecast: the self-exciting point process and its EM fit")
struct ForecastSEPPTests {
    /// Log-normal background weights over `cells` cells, scaled to `muTotal` events a day.
    static func background(cells: Int, muTotal: Double, seed: UInt64) -> [Double] {
        var rng = SeededRandom(seed: seed)
        let w = (0..<cells).map { _ in rng.logNormal(median: 1, sigma: 1) }
        let s = w.reduce(0, +)
        return w.map { $0 / s * muTotal }
    }

    /// Tolerances: at ~12 000 events over 1 500 days, twelve seeds of this set-up gave errors
    /// within 4% (θ), 8% (ω) and 5% (μ total); the bounds leave room for the seed used here.
    @Test func emRecoversKnownParametersFromSimulatedData() throws {
        let truth = SEPPParameters(theta: 0.5, omega: 0.2, muTotal: 4)
        let bg = Self.background(cells: 400, muTotal: truth.muTotal, seed: 11)
        let sim = SEPPSimulation.simulate(background: bg, columns: 20, rows: 20, parameters: truth, days: 1500, seed: 3)
        #expect(sim.cells.count > 10_000 && sim.backgroundCount < sim.cells.count)
        #expect(zip(sim.days, sim.days.dropFirst()).allSatisfy { $0 <= $1 }, "sorted by time")
        let model = try SEPPModel.fit(cells: sim.cells, days: sim.days, columns: 20, rows: 20, window: 0..<1500)
        let p = model.parameters
        #expect(model.converged)
        #expect(abs(p.theta / truth.theta - 1) < 0.08, "θ \(p.theta)")
        #expect(abs(p.omega / truth.omega - 1) < 0.15, "ω \(p.omega)")
        #expect(abs(p.muTotal / truth.muTotal - 1) < 0.08, "μ total \(p.muTotal)")
        #expect(p.eta == 0)
        // The hottest background cell is found hottest.
        let hottest = bg.indices.max { bg[$0] < bg[$1] }!
        let fittedHottest = model.background.indices.max { model.background[$0] < model.background[$1] }!
        #expect(hottest == fittedHottest)
    }

    @Test func emRecoversNeighbourTriggering() throws {
        let truth = SEPPParameters(theta: 0.3, omega: 0.2, eta: 0.03, muTotal: 4)
        let bg = Self.background(cells: 400, muTotal: truth.muTotal, seed: 12)
        let sim = SEPPSimulation.simulate(background: bg, columns: 20, rows: 20, parameters: truth, days: 1500, seed: 4)
        let model = try SEPPModel.fit(cells: sim.cells, days: sim.days, columns: 20, rows: 20, window: 0..<1500,
                                      options: .init(neighbours: true))
        let p = model.parameters
        #expect(abs(p.theta / truth.theta - 1) < 0.10, "θ \(p.theta)")
        #expect(abs(p.eta / truth.eta - 1) < 0.15, "η \(p.eta)")
        #expect(abs(p.omega / truth.omega - 1) < 0.15, "ω \(p.omega)")
        #expect(abs(p.muTotal / truth.muTotal - 1) < 0.10, "μ total \(p.muTotal)")
    }

    /// One EM iteration from the documented starting values, computed the slow way: every pair
    /// (i, j) of earlier and later events in the same or a neighbouring cell. The recursive
    /// O(n) sums must give the same log-likelihood and the same updates, ties included.
    @Test func oneIterationMatchesTheBruteForceEMStep() throws {
        let columns = 4, rows = 3, span = 60.0
        var rng = SeededRandom(seed: 21)
        var cells: [Int32] = [], days: [Double] = []
        for _ in 0..<220 {
            cells.append(Int32(rng.index(columns * rows)))
            // Half the events are date-only (noon): many share an instant.
            days.append(rng.uniform() < 0.5 ? Double(rng.index(60)) + 0.5 : rng.uniform() * span)
        }
        for neighbours in [false, true] {
            let model = try SEPPModel.fit(cells: cells, days: days, columns: columns, rows: rows, window: 0..<span,
                                          options: .init(neighbours: neighbours, maxIterations: 1))
            #expect(model.iterations == 1)
            let theta = 0.3, omega = 0.5, eta = neighbours ? 0.3 / 8 : 0
            var count = [Double](repeating: 0, count: columns * rows)
            for c in cells { count[Int(c)] += 1 }
            let mu = count.map { $0 * 0.5 / span }
            func adjacent(_ a: Int, _ b: Int) -> Bool {
                a != b && abs(a % columns - b % columns) <= 1 && abs(a / columns - b / columns) <= 1
            }
            var ll = 0.0, bgShare = [Double](repeating: 0, count: columns * rows)
            var sSelf = 0.0, sSelfLag = 0.0, sNear = 0.0, sNearLag = 0.0
            for j in cells.indices {
                let n = Int(cells[j])
                var selfRate = 0.0, selfLag = 0.0, nearRate = 0.0, nearLag = 0.0
                for i in cells.indices where days[i] < days[j] {
                    let lag = days[j] - days[i], k = omega * exp(-omega * lag)
                    if Int(cells[i]) == n { selfRate += theta * k; selfLag += theta * k * lag }
                    if adjacent(Int(cells[i]), n) { nearRate += eta * k; nearLag += eta * k * lag }
                }
                let lambda = mu[n] + selfRate + nearRate
                ll += log(lambda)
                bgShare[n] += mu[n] / lambda
                sSelf += selfRate / lambda; sSelfLag += selfLag / lambda
                sNear += nearRate / lambda; sNearLag += nearLag / lambda
            }
            var g = 0.0, gNear = 0.0
            for i in cells.indices {
                let gi = 1 - exp(-omega * (span - days[i]))
                let c = Int(cells[i])
                let m = Double((0..<columns * rows).filter { adjacent(c, $0) }.count)
                g += gi
                gNear += m * gi
            }
            ll -= span * mu.reduce(0, +) + theta * g + eta * gNear
            func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
            #expect(close(model.logLikelihood, ll), "log-likelihood \(model.logLikelihood) vs \(ll)")
            #expect(close(model.parameters.theta, sSelf / g))
            #expect(close(model.parameters.omega, (sSelf + sNear) / (sSelfLag + sNearLag)))
            #expect(close(model.parameters.eta, neighbours ? sNear / gNear : 0))
            for c in 0..<(columns * rows) { #expect(close(model.background[c], bgShare[c] / span)) }
        }
    }

    @Test func fittingIsDeterministic() throws {
        let bg = Self.background(cells: 25, muTotal: 2, seed: 1)
        let sim = SEPPSimulation.simulate(background: bg, columns: 5, rows: 5, parameters: .init(theta: 0.4, omega: 1, muTotal: 2), days: 200, seed: 9)
        let again = SEPPSimulation.simulate(background: bg, columns: 5, rows: 5, parameters: .init(theta: 0.4, omega: 1, muTotal: 2), days: 200, seed: 9)
        #expect(sim.days == again.days && sim.cells == again.cells)
        let a = try SEPPModel.fit(cells: sim.cells, days: sim.days, columns: 5, rows: 5, window: 0..<200)
        let b = try SEPPModel.fit(cells: sim.cells.reversed(), days: sim.days.reversed(), columns: 5, rows: 5, window: 0..<200)
        #expect(a.parameters == b.parameters && a.background == b.background, "the input order does not matter")
    }

    @Test func badInputIsRefused() {
        #expect(throws: ForecastError.self) { try SEPPModel.fit(cells: [], days: [], columns: 2, rows: 2, window: 0..<10) }
        #expect(throws: ForecastError.self) { try SEPPModel.fit(cells: [0], days: [11], columns: 2, rows: 2, window: 0..<10) }
        #expect(throws: ForecastError.self) { try SEPPModel.fit(cells: [4], days: [1], columns: 2, rows: 2, window: 0..<10) }
        #expect(throws: ForecastError.self) { try SEPPModel.fit(cells: [0, 1], days: [1], columns: 2, rows: 2, window: 0..<10) }
        #expect(throws: ForecastError.self) {
            try SEPPModel.fit(cells: [0], days: [1], columns: 2, rows: 2, window: 0..<10, options: .init(maxIterations: 0))
        }
    }
}
