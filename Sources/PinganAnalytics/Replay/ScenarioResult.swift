import Foundation
import PinganCore

/// What one scenario achieved: response-time distribution, the 1-3-5(-10) minute shares
/// overall and by priority, unit utilisation, and queueing at peaks. Encoded with the
/// snake_case keys the report consumers (CI, the web console) read.
public struct ScenarioResult: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    /// Calls that arrived in the simulated span, and those a unit reached.
    public var calls: Int
    public var served: Int
    /// Non-police calls referred to another agency: no unit, and left out of every share below.
    public var referred: Int
    /// Shares of arrived calls reached within 1, 3, 5, 10 minutes (unserved calls count as not reached).
    public var reached1min: Double
    public var reached3min: Double
    public var reached5min: Double
    public var reached10min: Double
    public var medianResponseS: Double
    public var meanResponseS: Double
    public var p90ResponseS: Double
    public var meanTravelS: Double
    public var byPriority: [String: PriorityResult]
    /// Served calls per 30-second response bin (0-30 s, 30-60 s, ...), last bin 20 min and more.
    public var histogram: [Int]
    public var utilisation: Double
    public var utilisationByKind: [String: Double]
    public var queue: QueueResult
    public var repositions: Int
    public var timing: Timing

    public struct PriorityResult: Codable, Sendable, Equatable {
        public var calls: Int
        public var reached1min: Double
        public var reached3min: Double
        public var reached5min: Double
        public var reached10min: Double
        public var medianResponseS: Double
        enum CodingKeys: String, CodingKey {
            case calls, reached1min = "reached_1min", reached3min = "reached_3min", reached5min = "reached_5min"
            case reached10min = "reached_10min", medianResponseS = "median_response_s"
        }
    }

    public struct QueueResult: Codable, Sendable, Equatable {
        /// Calls that found no eligible unit free and waited.
        public var queuedCalls: Int
        public var queuedShare: Double
        public var meanWaitQueuedS: Double
        /// 95th percentile of the wait of served calls.
        public var p95WaitS: Double
        public var maxQueue: Int
        public var maxQueueAt: String
        /// Share of calls that waited in the busiest 5% of hours (by arrivals).
        public var peakHoursQueuedShare: Double
        public var peakHoursMedianResponseS: Double
        /// Calls never served (still waiting when the run ended).
        public var unserved: Int
        /// Arrivals per local hour of day (0-23) over the whole run, and the share of them that waited.
        public var arrivalsByHour: [Int]
        public var queuedShareByHour: [Double]
        enum CodingKeys: String, CodingKey {
            case arrivalsByHour = "arrivals_by_hour", queuedShareByHour = "queued_share_by_hour"
            case queuedCalls = "queued_calls", queuedShare = "queued_share", meanWaitQueuedS = "mean_wait_queued_s"
            case p95WaitS = "p95_wait_s", maxQueue = "max_queue", maxQueueAt = "max_queue_at"
            case peakHoursQueuedShare = "peak_hours_queued_share", peakHoursMedianResponseS = "peak_hours_median_response_s", unserved
        }
    }

    public struct Timing: Codable, Sendable, Equatable {
        public var wallS: Double
        public var selectS: Double
        public var positionsS: Double
        public var coverageS: Double
        public init(wallS: Double, selectS: Double, positionsS: Double, coverageS: Double) {
            self.wallS = wallS; self.selectS = selectS; self.positionsS = positionsS; self.coverageS = coverageS
        }
        enum CodingKeys: String, CodingKey { case wallS = "wall_s", selectS = "select_s", positionsS = "positions_s", coverageS = "coverage_s" }
    }

    enum CodingKeys: String, CodingKey {
        case key, label, calls, served, referred
        case reached1min = "reached_1min", reached3min = "reached_3min", reached5min = "reached_5min", reached10min = "reached_10min"
        case medianResponseS = "median_response_s", meanResponseS = "mean_response_s", p90ResponseS = "p90_response_s"
        case meanTravelS = "mean_travel_s", byPriority = "by_priority", histogram, utilisation
        case utilisationByKind = "utilisation_by_kind", queue, repositions, timing
    }
}

extension ScenarioResult {
    /// The 1-3-5 tiers' limits, and ten minutes as a fourth reporting band.
    static let reportedLimits = ResponseTier.boundaries + [600]

    static func percentile(_ sorted: [Int32], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q + 0.5))])
    }

    /// Summarises a finished simulation.
    init(simulation s: ScenarioSimulation, wall: Double) {
        let setup = s.setup
        let tps = setup.ticksPerSecond
        let n = s.arrived
        key = s.scenario.key
        label = s.scenario.label
        calls = n
        func shares(_ idx: [Int]) -> (Int, [Double], Double) {
            var r = idx.compactMap { s.response[$0] >= 0 ? s.response[$0] : nil }
            r.sort()
            let total = Double(max(1, idx.count))
            let th = Self.reportedLimits.map { Int32($0 * tps) }
            let out = th.map { Double(countAtMost(r, $0)) / total }
            return (r.count, out, Self.percentile(r, 0.5) / tps)
        }
        let all = (0..<n).filter { !s.referred[$0] }
        referred = n - all.count
        var sorted = all.compactMap { s.response[$0] >= 0 ? s.response[$0] : nil }
        sorted.sort()
        served = sorted.count
        let (_, sh, med) = shares(all)
        reached1min = sh[0]; reached3min = sh[1]; reached5min = sh[2]; reached10min = sh[3]
        medianResponseS = med
        meanResponseS = sorted.isEmpty ? 0 : sorted.reduce(0.0) { $0 + Double($1) } / Double(sorted.count) / tps
        p90ResponseS = Self.percentile(sorted, 0.9) / tps
        let travels = all.compactMap { s.travel[$0] >= 0 ? Double(s.travel[$0]) : nil }
        meanTravelS = travels.isEmpty ? 0 : travels.reduce(0, +) / Double(travels.count) / tps
        var bp: [String: PriorityResult] = [:]
        for p in 1...4 {
            let idx = all.filter { Int(setup.callPriority[$0]) == p }
            if idx.isEmpty { continue }
            let (_, ps, pm) = shares(idx)
            bp["p\(p)"] = PriorityResult(calls: idx.count, reached1min: ps[0], reached3min: ps[1], reached5min: ps[2], reached10min: ps[3], medianResponseS: pm)
        }
        byPriority = bp
        var hist = [Int](repeating: 0, count: 41)
        for r in sorted { hist[min(40, Int(Double(r) / tps / 30))] += 1 }
        histogram = hist
        // Utilisation.
        var busy = 0.0, duty = 0.0
        var kb: [String: (Double, Double)] = [:]
        for u in 0..<setup.unitIDs.count {
            busy += Double(s.busyTotal[u]); duty += Double(s.dutyTotal[u])
            let k = setup.unitKind[u].rawValue
            kb[k, default: (0, 0)].0 += Double(s.busyTotal[u]); kb[k, default: (0, 0)].1 += Double(s.dutyTotal[u])
        }
        utilisation = duty > 0 ? busy / duty : 0
        utilisationByKind = kb.mapValues { $0.1 > 0 ? $0.0 / $0.1 : 0 }
        // Queueing.
        let queuedIdx = all.filter { s.wait[$0] > 0 || s.response[$0] < 0 }
        let waits = queuedIdx.compactMap { s.wait[$0] > 0 ? Double(s.wait[$0]) / tps : nil }
        var allWaits = all.compactMap { s.wait[$0] >= 0 ? s.wait[$0] : nil }
        allWaits.sort()
        // Peak hours: busiest 5% of hours by arrivals.
        var perHour: [Int64: [Int]] = [:]
        for c in all { perHour[setup.callArrival[c] / Int64(3600 * tps), default: []].append(c) }
        let hours = perHour.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        let peak = hours.prefix(max(1, hours.count / 20)).flatMap(\.value)
        let peakQueued = peak.filter { s.wait[$0] > 0 || s.response[$0] < 0 }.count
        var byHour = [Int](repeating: 0, count: 24), queuedByHour = [Int](repeating: 0, count: 24)
        for c in all {
            let h = LocalClock.hour(setup.origin + setup.callArrival[c] / Int64(tps))
            byHour[h] += 1
            if s.wait[c] > 0 || s.response[c] < 0 { queuedByHour[h] += 1 }
        }
        var peakResp = peak.compactMap { s.response[$0] >= 0 ? s.response[$0] : nil }
        peakResp.sort()
        queue = QueueResult(queuedCalls: queuedIdx.count, queuedShare: Double(queuedIdx.count) / Double(max(1, all.count)),
                            meanWaitQueuedS: waits.isEmpty ? 0 : waits.reduce(0, +) / Double(waits.count),
                            p95WaitS: Self.percentile(allWaits, 0.95) / tps,
                            maxQueue: s.maxQueue, maxQueueAt: LocalClock.format(setup.origin + Int64(Double(s.maxQueueAt) / tps)),
                            peakHoursQueuedShare: Double(peakQueued) / Double(max(1, peak.count)),
                            peakHoursMedianResponseS: Self.percentile(peakResp, 0.5) / tps,
                            unserved: all.count - served, arrivalsByHour: byHour,
                            queuedShareByHour: (0..<24).map { byHour[$0] > 0 ? Double(queuedByHour[$0]) / Double(byHour[$0]) : 0 })
        repositions = s.repositions
        timing = Timing(wallS: wall, selectS: s.selectTime, positionsS: s.positionsTime, coverageS: s.coverageTime)
    }
}

/// Number of elements of sorted `a` that are <= `t`.
func countAtMost(_ a: [Int32], _ t: Int32) -> Int {
    var lo = 0, hi = a.count
    while lo < hi { let m = (lo + hi) / 2; if a[m] <= t { lo = m + 1 } else { hi = m } }
    return lo
}
