import Foundation
import PinganCore
import PinganGeo

extension CallModel {
    /// Fits a model to `calls` (any order). See the property docs for each estimator; all are
    /// closed-form or single passes, so refitting 100 000 calls takes well under a second.
    public static func fit(_ input: [CallRecord], source: String) throws(AnalyticsError) -> CallModel {
        guard input.count >= 10 else { throw AnalyticsError(.noCalls, "need at least 10 calls to fit a model, got \(input.count)") }
        let calls = input.sorted { $0.time < $1.time }
        let firstHour = floorDiv(calls.first!.time, 3600), lastHour = floorDiv(calls.last!.time, 3600)
        let hours = Int(lastHour - firstHour + 1)
        var perHour = [Int](repeating: 0, count: hours)
        for c in calls { perHour[Int(floorDiv(c.time, 3600) - firstHour)] += 1 }
        var slotCount = [Int](repeating: 0, count: 168), slotHours = [Int](repeating: 0, count: 168)
        for h in 0..<hours {
            let slot = LocalClock.weekHour((firstHour + Int64(h)) * 3600)
            slotCount[slot] += perHour[h]; slotHours[slot] += 1
        }
        let rates = (0..<168).map { slotHours[$0] > 0 ? Double(slotCount[$0]) / Double(slotHours[$0]) : 0 }

        // Dispersion of hourly counts around the slot means.
        var chi = 0.0
        for h in 0..<hours {
            let lam = rates[LocalClock.weekHour((firstHour + Int64(h)) * 3600)]
            if lam > 0 { chi += (Double(perHour[h]) - lam) * (Double(perHour[h]) - lam) / lam }
        }
        let dispersion = chi / Double(max(1, hours - 168))
        let branching = min(0.9, max(0, 1 - 1 / sqrt(max(1, dispersion))))

        // Category and priority mix.
        let k = CallCategories.codes.count
        var catCount = [Double](repeating: 0, count: k), prioCount = [Double](repeating: 0, count: k * 4)
        for c in calls {
            catCount[Int(c.categoryIndex)] += 1
            prioCount[Int(c.categoryIndex) * 4 + c.priority.rawValue - 1] += 1
        }
        let mix = catCount.map { $0 / Double(calls.count) }
        var prio = [Double](repeating: 0, count: k * 4)
        for i in 0..<k {
            let row = catCount[i]
            for p in 0..<4 { prio[i * 4 + p] = row > 0 ? prioCount[i * 4 + p] / row : (p == 2 ? 1 : 0) }
        }

        // Temporal kernel: excess of pairs at each lag over what the rates alone explain.
        let binW: Int64 = 300, bins = 36
        var observed = [Double](repeating: 0, count: bins), expected = [Double](repeating: 0, count: bins)
        for i in 0..<calls.count {
            var m = i + 1
            while m < calls.count && calls[m].time - calls[i].time < binW * Int64(bins) {
                observed[Int((calls[m].time - calls[i].time) / binW)] += 1
                m += 1
            }
            let slot = LocalClock.weekHour(calls[i].time)
            let into = Int(calls[i].time - floorDiv(calls[i].time, 3600) * 3600)
            for b in 0..<bins {
                let ahead = into + Int(binW) * b + Int(binW) / 2
                expected[b] += rates[(slot + ahead / 3600) % 168]
            }
        }
        for b in 0..<bins { expected[b] *= Double(binW) / 3600 }
        var excessSum = 0.0, lagSum = 0.0
        for b in 0..<bins {
            let e = max(0, observed[b] - expected[b])
            excessSum += e
            lagSum += e * (Double(b) + 0.5) * Double(binW)
        }
        let meanDelay = excessSum > 0 ? max(60, lagSum / excessSum) : 1800

        // Spatial spread: close-in-time pairs (< 30 min) against the same pairs a day later.
        let window: Int64 = 1800
        let distBins = 40, distW = 250.0
        var near = [Double](repeating: 0, count: distBins), control = [Double](repeating: 0, count: distBins)
        var c0 = 0
        for i in 0..<calls.count {
            var m = i + 1
            while m < calls.count && calls[m].time - calls[i].time < window {
                let d = Geodesy.haversine(calls[i].coordinate, calls[m].coordinate)
                if d < distW * Double(distBins) { near[Int(d / distW)] += 1 }
                m += 1
            }
            let lo = calls[i].time + 86_400, hi = lo + window
            while c0 < calls.count && calls[c0].time < lo { c0 += 1 }
            var q = c0
            while q < calls.count && calls[q].time < hi {
                let d = Geodesy.haversine(calls[i].coordinate, calls[q].coordinate)
                if d < distW * Double(distBins) { control[Int(d / distW)] += 1 }
                q += 1
            }
        }
        var ex = 0.0, ex2 = 0.0
        for b in 0..<distBins {
            let e = max(0, near[b] - control[b])
            let r = (Double(b) + 0.5) * distW
            ex += e; ex2 += e * r * r
        }
        let sigma = ex > 0 ? min(5000, max(50, sqrt(ex2 / (2 * ex)))) : 500
        let box = GeoBox(points: calls.map(\.coordinate))!
        let diagonal = Geodesy.haversine(Coordinate(lat: box.minLat, lon: box.minLon), Coordinate(lat: box.maxLat, lon: box.maxLon))

        return CallModel(source: source, calls: calls.count, days: Double(hours) / 24, hourlyRates: rates,
                         categoryMix: mix, priorityMix: prio, dispersionIndex: dispersion, branchingRatio: branching,
                         offspringMeanDelaySeconds: meanDelay, offspringSigmaMeters: sigma,
                         offspringSigmaFraction: diagonal > 0 ? sigma / diagonal : 0.01)
    }

    /// Swift source for `CallModel.montgomery`, printed by `pingan replay --fit-model` after a refit.
    public var swiftLiteral: String {
        func list(_ a: [Double]) -> String { a.map { String(format: "%.4f", $0) }.joined(separator: ", ") }
        return """
        CallModel(
            source: \"\(source)\", calls: \(calls), days: \(String(format: "%.3f", days)),
            hourlyRates: [\(list(hourlyRates))],
            categoryMix: [\(list(categoryMix))],
            priorityMix: [\(list(priorityMix))],
            dispersionIndex: \(String(format: "%.4f", dispersionIndex)), branchingRatio: \(String(format: "%.4f", branchingRatio)),
            offspringMeanDelaySeconds: \(String(format: "%.1f", offspringMeanDelaySeconds)),
            offspringSigmaMeters: \(String(format: "%.1f", offspringSigmaMeters)),
            offspringSigmaFraction: \(String(format: "%.6f", offspringSigmaFraction)))
        """
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
