/// Draws events from a known grid self-exciting process, to check that `SEPPModel.fit` gets the
/// parameters back (tests, `pingan bench forecast`).
///
/// The branching (cluster) construction: background events arrive in each cell as a Poisson
/// process of rate μₙ over `[0, days)`; every event, background or triggered, has Poisson(θ)
/// children in its own cell and Poisson(η) in each neighbouring cell of the grid, each after an
/// exponential delay of mean 1/ω; children after the window are dropped. Seeded, so a test
/// draws the same events on every machine.
public enum SEPPSimulation {
    public struct Output: Sendable {
        /// Sorted by time.
        public var cells: [Int32]
        public var days: [Double]
        /// How many were background events.
        public var backgroundCount: Int
    }

    /// - Parameters:
    ///   - background: μₙ per cell, events per day; `columns × rows` values.
    ///   - parameters: θ, ω and η (`muTotal` is ignored: the background says it).
    ///   - days: the window length.
    public static func simulate(background: [Double], columns: Int, rows: Int, parameters: SEPPParameters, days: Double,
                                seed: UInt64) -> Output {
        precondition(background.count == columns * rows && days > 0)
        var rng = SeededRandom(seed: seed)
        var cells: [Int32] = [], times: [Double] = []
        for (c, mu) in background.enumerated() where mu > 0 {
            let k = rng.poisson(mean: mu * days)
            for _ in 0..<k {
                cells.append(Int32(c))
                times.append(rng.uniform() * days)
            }
        }
        let backgroundCount = cells.count
        var next = 0
        while next < cells.count {
            let c = Int(cells[next]), t = times[next]
            next += 1
            func spawn(into target: Int, mean: Double) {
                let k = rng.poisson(mean: mean)
                for _ in 0..<k {
                    let child = t + rng.exponential(mean: 1 / parameters.omega)
                    if child < days {
                        cells.append(Int32(target))
                        times.append(child)
                    }
                }
            }
            spawn(into: c, mean: parameters.theta)
            if parameters.eta > 0 {
                let col = c % columns, row = c / columns
                for dr in -1...1 {
                    for dc in -1...1 where dr != 0 || dc != 0 {
                        let cc = col + dc, rr = row + dr
                        if cc >= 0, cc < columns, rr >= 0, rr < rows { spawn(into: rr * columns + cc, mean: parameters.eta) }
                    }
                }
            }
        }
        let order = times.indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        return Output(cells: order.map { cells[$0] }, days: order.map { times[$0] }, backgroundCount: backgroundCount)
    }
}
