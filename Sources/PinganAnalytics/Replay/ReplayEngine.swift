import Foundation
import PinganCore
import PinganGeo

/// Replays a call stream against a deployment on a real road network and compares dispatch
/// policies: every scenario sees the same calls, placements and on-scene times, and scenarios
/// run in parallel (each is a single-threaded discrete-event simulation with its own CH
/// workspace).
public struct ReplayEngine: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        /// nil: the plan's scenarios (each policy with fixed posts, plus cover-gaps).
        public var scenarios: [ReplayScenario]? = nil
        /// Call-taking time before a unit is dispatched, added to every response.
        public var dispatchDelaySeconds = 0.0
        /// How often idle units are reconsidered in `coverGaps` mode.
        public var coverageIntervalMinutes = 10.0
        /// The coverage gap threshold (3 minutes: the middle tier of 1-3-5).
        public var coverageThresholdSeconds = 180.0
        public var placement: CallPlacement.Mode = .auto
        public var maxSnapMeters = 1000.0
        public var parallel = true
        /// Keep every dispatch (tests).
        public var recordTrace = false
        public init(seed: UInt64 = 1) { self.seed = seed }
    }

    /// A finished replay: the report plus, when asked for, each scenario's dispatch trace.
    public struct Outcome: Sendable {
        public var report: ReplayReport
        public var traces: [String: [DispatchTrace]]
        public var setup: ReplaySetup
    }

    public let network: RoadNetwork
    public let plan: ReplayPlan
    public let options: Options

    public init(network: RoadNetwork, plan: ReplayPlan, options: Options = Options()) {
        self.network = network
        self.plan = plan
        self.options = options
    }

    /// Runs the replay.
    /// - Parameters:
    ///   - calls: calls from a `CallFileReader` or a `CallGenerator`.
    ///   - callSource: file name or "generated", for the report.
    ///   - mapName: road network file, for the report.
    ///   - skipped: rows the reader skipped, for the report.
    ///   - stop: polled every 256 calls; when set, the report is partial.
    ///   - progress: fraction 0...1 over all scenarios, from any thread.
    public func run(calls: [CallRecord], callSource: String = "calls", mapName: String = "map", skipped: Int = 0,
                    stop: ReplayStopFlag? = nil, progress: (@Sendable (Double) -> Void)? = nil) throws(AnalyticsError) -> Outcome {
        let t0 = Date()
        let setup = try ReplaySetup(network: network, plan: plan, calls: calls, seed: options.seed,
                                    placementMode: options.placement, maxSnapMeters: options.maxSnapMeters)
        var wanted = options.scenarios ?? plan.scenarios
        if setup.zoneCount == 0 { wanted.removeAll { $0.policy == .zoneOwn } }
        let scenarios = wanted
        guard !scenarios.isEmpty else { throw AnalyticsError(.badPlan, "no scenario to run (zoneOwn needs zones)") }
        let t1 = Date()
        let box = ResultBox(count: scenarios.count)
        let total = Double(setup.callTarget.count * scenarios.count)
        let opts = options
        let work: @Sendable (Int) -> Void = { i in
            let ts = Date()
            var sim = ScenarioSimulation(setup: setup, scenario: scenarios[i], dispatchDelaySeconds: opts.dispatchDelaySeconds,
                                         coverageIntervalMinutes: opts.coverageIntervalMinutes,
                                         coverageThresholdSeconds: opts.coverageThresholdSeconds, recordTrace: opts.recordTrace)
            let complete = sim.run(stop: stop, progress: progress.map { p in { done in p(box.progress(i, done) / total) } })
            let result = ScenarioResult(simulation: sim, wall: Date().timeIntervalSince(ts))
            box.store(i, result, sim.trace, complete: complete)
        }
        if options.parallel && scenarios.count > 1 {
            DispatchQueue.concurrentPerform(iterations: scenarios.count, execute: work)
        } else {
            for i in 0..<scenarios.count { work(i) }
        }
        let simulate = Date().timeIntervalSince(t1)
        let results = box.results.map { $0! }
        let first = setup.callArrival.first ?? 0, last = setup.callArrival.last ?? 0
        let tps = setup.ticksPerSecond
        var policies: [String: ScenarioResult] = [:]
        for r in results { policies[r.key] = r }
        let report = ReplayReport(
            calls: setup.callTarget.count, wallS: Date().timeIntervalSince(t0), partial: !box.allComplete, simulated: plan.simulated,
            notice: plan.notice, plan: plan.name, map: mapName, callSource: callSource, callsSkipped: skipped,
            callsOffNetwork: setup.droppedOffNetwork, mappedOntoNetwork: setup.placement.mapped,
            span: LocalClock.format(setup.origin + Int64(Double(first) / tps)) + " .. " + LocalClock.format(setup.origin + Int64(Double(last) / tps)),
            days: Double(last - first) / tps / 86_400, units: plan.units.count, dispatchableUnits: setup.unitIDs.count,
            zones: setup.zoneCount, seed: options.seed,
            assumptions: Self.assumptions(options, setup: setup),
            timings: ["prepare_s": setup.prepareSeconds, "simulate_s": simulate],
            order: results.map(\.key), policies: policies)
        return Outcome(report: report, traces: box.traces, setup: setup)
    }

    static func assumptions(_ o: Options, setup: ReplaySetup) -> [String] {
        var a = [
            "nearest by road time sends what the server would: the category's and priority's dispatch plan (kinds, and two units for some P1 calls) filled by the server's recommender; the baselines send one unit of any kind",
            "non-police calls (咨询/非警务) are referred to another agency under every policy: no unit, and left out of the shares",
            "on-scene time log-normal around a per-category median (sigma \(ServiceTimes.sigma)), the same draw in every scenario and for every unit of a call",
            "response = waiting for a free unit + \(Int(o.dispatchDelaySeconds)) s call handling + road travel time of the first unit to arrive, at the map's road speeds",
            "foot patrols and drones do not answer calls; a unit driving back to its post is dispatched from where the drive began",
            "units on duty only during their shifts; a unit busy at shift end finishes its call first",
        ]
        if setup.placement.mapped {
            a.append("call coordinates mapped linearly from their own bounding box onto the road network's, then snapped to the nearest road (≤ \(Int(o.maxSnapMeters)) m)")
        }
        return a
    }
}

/// Collects scenario results from the worker threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [ScenarioResult?]
    private(set) var traces: [String: [DispatchTrace]] = [:]
    private var done: [Int]
    private(set) var allComplete = true

    init(count: Int) {
        results = Array(repeating: nil, count: count)
        done = Array(repeating: 0, count: count)
    }

    func store(_ i: Int, _ r: ScenarioResult, _ t: [DispatchTrace], complete: Bool) {
        lock.lock(); defer { lock.unlock() }
        results[i] = r
        if !t.isEmpty { traces[r.key] = t }
        if !complete { allComplete = false }
    }

    /// Records scenario `i` at `count` calls and returns the total over all scenarios.
    func progress(_ i: Int, _ count: Int) -> Double {
        lock.lock(); defer { lock.unlock() }
        done[i] = count
        return Double(done.reduce(0, +))
    }
}
