import Foundation

/// The fitted parameters of a grid self-exciting point process, in events and days.
public struct SEPPParameters: Sendable, Equatable, Codable {
    /// Expected number of events each event triggers in its own cell (the branching ratio when
    /// neighbours are off).
    public var theta: Double
    /// Decay rate of the triggering, per day (the mean delay of a triggered event is 1/ω days).
    public var omega: Double
    /// Expected number of events each event triggers in each of its eight neighbouring cells
    /// (0 when neighbour triggering is off).
    public var eta: Double
    /// Background events per day over all cells, Σ μₙ.
    public var muTotal: Double

    public init(theta: Double, omega: Double, eta: Double = 0, muTotal: Double) {
        self.theta = theta
        self.omega = omega
        self.eta = eta
        self.muTotal = muTotal
    }
}

/// Method (d): a self-exciting point process on the grid, fitted by expectation-maximisation.
///
/// The model is the grid form of Mohler et al. (2015, "Randomized controlled field trials of
/// predictive policing", JASA 110(512), 1399–1411), itself the discrete version of the
/// space-time ETAS model of Mohler et al. (2011, "Self-exciting point process modeling of crime",
/// JASA 106(493), 100–108). Cell n has the conditional intensity (events per day)
///
///     λₙ(t) = μₙ + Σ_{i in n, tᵢ < t} θ ω e^{−ω(t − tᵢ)} + Σ_{i in a neighbour of n, tᵢ < t} η ω e^{−ω(t − tᵢ)}
///
/// — a steady background μₙ per cell plus near-repeat triggering that decays exponentially,
/// from earlier events in the same cell and, optionally (`Options.neighbours`), in the eight
/// cells around it. The forecast score of a cell for a day is λₙ integrated over that day: the
/// expected number of events.
///
/// Fitting is EM with the closed-form updates of Mohler et al. (2015): in the E-step each event j
/// is split into the probability it was background (μₙ / λₙ(tⱼ)) or triggered by each earlier i;
/// the M-step sets μₙ = Σ background shares in n / T, θ = Σ same-cell shares / Σᵢ Gᵢ,
/// η = Σ neighbour shares / Σᵢ mᵢ Gᵢ and ω = Σ triggered shares / Σ shares × (tⱼ − tᵢ), where
/// Gᵢ = 1 − e^{−ω(T_end − tᵢ)} is the part of i's triggering inside the window (the edge
/// correction; it makes θ exact for the window, ω keeps the paper's form) and mᵢ the number of
/// modelled neighbour cells of i's cell.
///
/// Speed: the exponential kernel lets every E-step sum be carried forward along a cell's
/// events in time order — Aⱼ = Σᵢ e^{−ω(tⱼ − tᵢ)} and Bⱼ = Σᵢ (tⱼ − tᵢ) e^{−ω(tⱼ − tᵢ)} move from
/// one event to the next by one multiplication — so an iteration is O(n) for same-cell
/// triggering and O(9n) with neighbours, exactly, with no cut-off on the triggering sum. Events
/// sharing an instant (date-only files) do not trigger one another: only strictly earlier events
/// do.
public struct SEPPModel: Sendable {
    public struct Options: Sendable, Equatable {
        /// Let events trigger in the eight neighbouring cells too (a second rate η).
        public var neighbours = false
        public var maxIterations = 500
        /// Stop when the log-likelihood changes by less than this, relative.
        public var tolerance = 1e-9
        /// Starting values (EM is deterministic from them).
        public var initialTheta = 0.3
        public var initialOmega = 0.5

        public init(neighbours: Bool = false, maxIterations: Int = 500, tolerance: Double = 1e-9) {
            self.neighbours = neighbours
            self.maxIterations = maxIterations
            self.tolerance = tolerance
        }

        public func validate() throws(ForecastError) {
            guard (1...100_000).contains(maxIterations) else { throw ForecastError(.badParameter, "SEPP iterations must be 1 to 100000") }
            guard tolerance.isFinite, tolerance > 0 else { throw ForecastError(.badParameter, "SEPP tolerance must be positive") }
            guard initialTheta.isFinite, initialTheta > 0, initialOmega.isFinite, initialOmega > 0 else {
                throw ForecastError(.badParameter, "SEPP starting values must be positive")
            }
        }
    }

    public let columns: Int, rows: Int
    public let parameters: SEPPParameters
    /// μₙ, background events per day, for every grid cell.
    public let background: [Double]
    public let iterations: Int
    public let converged: Bool
    /// At the returned parameters' predecessor (the last E-step).
    public let logLikelihood: Double
    /// The training window, days since 1970 (or any origin the caller used).
    public let windowStart: Double, windowEnd: Double
    /// The training events, kept to extrapolate the triggering.
    let cells: [Int32], days: [Double]
    /// Modelled cells (neighbour targets); nil means the whole grid.
    let modelled: [Bool]?

    /// Fits the model by EM.
    /// - Parameters:
    ///   - cells: each event's grid cell.
    ///   - days: each event's time in days; any order.
    ///   - columns: the grid's columns, `rows` its rows (neighbours are found from them).
    ///   - window: the observation window; every event must lie in it.
    ///   - modelled: cells that can receive neighbour triggering (the study area); nil for all.
    public static func fit(cells: [Int32], days: [Double], columns: Int, rows: Int, window: Range<Double>,
                           modelled: [Bool]? = nil, options: Options = Options()) throws(ForecastError) -> SEPPModel {
        try options.validate()
        let n = cells.count
        guard n == days.count else { throw ForecastError(.badParameter, "cells and times differ in length") }
        guard n > 0 else { throw ForecastError(.emptyTrainingWindow, "no events to fit the self-exciting model to") }
        guard columns > 0, rows > 0 else { throw ForecastError(.badParameter, "the grid is empty") }
        let cellCount = columns * rows
        if let m = modelled, m.count != cellCount { throw ForecastError(.badParameter, "the modelled mask is not one flag per cell") }
        let t0 = window.lowerBound, span = window.upperBound - window.lowerBound
        guard span > 0, span.isFinite else { throw ForecastError(.badParameter, "the training window is empty") }
        for i in 0..<n {
            guard cells[i] >= 0, Int(cells[i]) < cellCount else { throw ForecastError(.badParameter, "event \(i) is in no cell of the grid") }
            guard days[i] >= window.lowerBound, days[i] < window.upperBound else {
                throw ForecastError(.badParameter, "event \(i) at day \(days[i]) is outside the training window")
            }
        }

        // Events sorted by cell, then time; times relative to the window start.
        let order = (0..<n).sorted { (i: Int, j: Int) -> Bool in
            if cells[i] != cells[j] { return cells[i] < cells[j] }
            if days[i] != days[j] { return days[i] < days[j] }
            return i < j
        }
        var t = [Double](repeating: 0, count: n)
        var activeCell: [Int] = []
        var start: [Int] = []
        for (k, i) in order.enumerated() {
            t[k] = days[i] - t0
            if activeCell.last != Int(cells[i]) { activeCell.append(Int(cells[i])); start.append(k) }
        }
        start.append(n)
        let active = activeCell.count

        func neighbourCells(_ c: Int) -> [Int] {
            let col = c % columns, row = c / columns
            var out: [Int] = []
            for dr in -1...1 {
                for dc in -1...1 where dr != 0 || dc != 0 {
                    let cc = col + dc, rr = row + dr
                    if cc >= 0, cc < columns, rr >= 0, rr < rows { out.append(rr * columns + cc) }
                }
            }
            return out
        }

        // Neighbour triggering: per active cell, the times of the events in its neighbours, sorted;
        // per event, how many modelled neighbours its cell has (for the compensator).
        var nbStart: [Int] = [0], nbTimes: [Double] = []
        var neighbourWeight = [Double](repeating: 0, count: n)
        if options.neighbours {
            var slot = [Int](repeating: -1, count: cellCount)
            for k in 0..<active { slot[activeCell[k]] = k }
            for k in 0..<active {
                let nb = neighbourCells(activeCell[k])
                // Triggering reaches the modelled neighbours; it comes from any neighbour with events.
                let m = Double(nb.filter { modelled?[$0] ?? true }.count)
                for j in start[k]..<start[k + 1] { neighbourWeight[j] = m }
                let before = nbTimes.count
                for c in nb where slot[c] >= 0 {
                    let kk = slot[c]
                    nbTimes.append(contentsOf: t[start[kk]..<start[kk + 1]])
                }
                nbTimes[before...].sort()
                nbStart.append(nbTimes.count)
            }
        }

        var mu = (0..<active).map { Double(start[$0 + 1] - start[$0]) * 0.5 / span }
        var theta = options.initialTheta, omega = options.initialOmega
        var eta = options.neighbours ? options.initialTheta / 8 : 0
        var previous = -Double.infinity, logLikelihood = -Double.infinity
        var iterations = 0, converged = false
        var backgroundShare = [Double](repeating: 0, count: active)

        while iterations < options.maxIterations {
            iterations += 1
            var ll = 0.0, sSelf = 0.0, sSelfLag = 0.0, sNear = 0.0, sNearLag = 0.0
            let thetaOmega = theta * omega, etaOmega = eta * omega
            for k in 0..<active {
                let m = mu[k]
                var a = 0.0, b = 0.0, ref = -Double.infinity
                var na = 0.0, nb = 0.0, nref = -Double.infinity
                var p = nbStart.count > k + 1 ? nbStart[k] : 0
                let pEnd = nbStart.count > k + 1 ? nbStart[k + 1] : 0
                var share = 0.0
                var j = start[k]
                let end = start[k + 1]
                while j < end {
                    let tj = t[j]
                    if ref > -Double.infinity {
                        let d = tj - ref, e = exp(-omega * d)
                        b = e * (b + d * a); a *= e
                    }
                    ref = tj
                    if options.neighbours {
                        while p < pEnd, nbTimes[p] < tj {
                            let u = nbTimes[p]
                            if nref > -Double.infinity { let d = u - nref, e = exp(-omega * d); nb = e * (nb + d * na); na *= e }
                            nref = u
                            na += 1
                            p += 1
                        }
                        if nref > -Double.infinity { let d = tj - nref, e = exp(-omega * d); nb = e * (nb + d * na); na *= e; nref = tj }
                    }
                    // Every event at this instant sees the same earlier events.
                    var g = j
                    while g < end, t[g] == tj { g += 1 }
                    let selfRate = thetaOmega * a, nearRate = etaOmega * na
                    let lambda = m + selfRate + nearRate
                    let count = Double(g - j)
                    ll += count * log(lambda)
                    share += count * m / lambda
                    sSelf += count * selfRate / lambda
                    sSelfLag += count * thetaOmega * b / lambda
                    sNear += count * nearRate / lambda
                    sNearLag += count * etaOmega * nb / lambda
                    a += count
                    j = g
                }
                backgroundShare[k] = share
            }
            var gSum = 0.0, gNear = 0.0
            for i in 0..<n {
                let gi = 1 - exp(-omega * (span - t[i]))
                gSum += gi
                gNear += neighbourWeight[i] * gi
            }
            ll -= span * mu.reduce(0, +) + theta * gSum + eta * gNear
            logLikelihood = ll

            for k in 0..<active { mu[k] = backgroundShare[k] / span }
            theta = gSum > 0 ? sSelf / gSum : 0
            if options.neighbours { eta = gNear > 0 ? sNear / gNear : 0 }
            if sSelfLag + sNearLag > 0, sSelf + sNear > 0 { omega = max(1e-9, (sSelf + sNear) / (sSelfLag + sNearLag)) }

            if abs(ll - previous) <= options.tolerance * max(1, abs(ll)) { converged = true; break }
            previous = ll
        }

        var background = [Double](repeating: 0, count: cellCount)
        for k in 0..<active { background[activeCell[k]] = mu[k] }
        return SEPPModel(columns: columns, rows: rows,
                         parameters: SEPPParameters(theta: theta, omega: omega, eta: eta, muTotal: mu.reduce(0, +)),
                         background: background, iterations: iterations, converged: converged, logLikelihood: logLikelihood,
                         windowStart: window.lowerBound, windowEnd: window.upperBound,
                         cells: order.map { cells[$0] }, days: order.map { days[$0] }, modelled: modelled)
    }

    /// Expected events per cell in `[from, from + length)` (days): the intensity integrated over
    /// the interval, given the training events only. For a day after the window this is the
    /// forecast: μₙ·length plus what each past event still triggers then.
    public func expectedCounts(from: Double, length: Double = 1) -> [Double] {
        var s = background.map { $0 * length }
        let p = parameters, to = from + length
        for i in cells.indices {
            let ti = days[i]
            guard to > ti else { continue }
            let lo = max(from, ti)
            let v = exp(-p.omega * (lo - ti)) - exp(-p.omega * (to - ti))
            let c = Int(cells[i])
            s[c] += p.theta * v
            if p.eta > 0 {
                let col = c % columns, row = c / columns
                for dr in -1...1 {
                    for dc in -1...1 where dr != 0 || dc != 0 {
                        let cc = col + dc, rr = row + dr
                        guard cc >= 0, cc < columns, rr >= 0, rr < rows else { continue }
                        let target = rr * columns + cc
                        if modelled?[target] ?? true { s[target] += p.eta * v }
                    }
                }
            }
        }
        return s
    }
}
