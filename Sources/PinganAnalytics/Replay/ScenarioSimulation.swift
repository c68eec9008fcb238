import Foundation
import PinganCore
import PinganGeo

/// One dispatch trace line: which unit drove to which call, from where, and for how long
/// (graph weight units). Tests compare `travel` with the road engine's own answer.
public struct DispatchTrace: Sendable, Equatable {
    public var call: Int
    public var unit: Int
    public var from: RoutePoint
    public var to: RoutePoint
    public var travel: Int32
    public var dispatchedAt: Int64
}

/// The discrete-event simulation of one scenario (policy × repositioning) over a `ReplaySetup`.
///
/// Units cycle off duty → available at post → driving to a call → on scene → available while
/// driving back → at post. Drive times are exact road travel times from the contraction
/// hierarchy, on-scene times come from the setup, shifts switch units on and off. Available
/// units live in a `UnitPositions` bucket index so the road-time policy's nearest-unit query is
/// one backward CH search. Calls nobody can take wait in a priority queue.
///
/// The "nearest by road time" policy decides exactly as the server does: the incident's
/// `DispatchRules` plan (which kinds, how many units) filled by `Recommender.select` from the
/// units ranked by road time, so a plan that needs a PTU team and a patrol car sends both, and a
/// non-police call is referred to another agency and sends none (under every policy). The other
/// policies are baselines that follow the same plan and differ only in how they rank the free
/// units: by straight-line distance, or the call's zone's own units only.
///
/// Simplification, stated in the report: a unit driving back (or repositioning) is dispatched
/// as if it were still where it started the drive; its position is updated when the drive ends.
struct ScenarioSimulation {
    enum State: UInt8 { case off, idle, toScene, onScene, returning, repositioning }

    let setup: ReplaySetup
    let scenario: ReplayScenario
    let dispatchDelay: Int64
    let coverageInterval: Int64
    let coverageThreshold: Int32
    let recordTrace: Bool

    // Unit state (structure of arrays).
    var state: [State]
    var point: [RoutePoint]
    var epoch: [Int32]
    var offPending: [Bool]
    var assigned: [Int32]
    var busySince: [Int64]
    var busyTotal: [Int64]
    var dutySince: [Int64]
    var dutyTotal: [Int64]
    var reposTarget: [RoutePoint]
    var zoneUnits: [[Int32]]

    var positions: UnitPositions
    /// The demand map and candidate posts of `maximalCover` repositioning (nil in other modes).
    var cover: MaximalCoverModel?
    /// The server's dispatch decision (its `DispatchRules` and selection), shared with `PositionTracking`.
    let recommender = Recommender()
    /// The plan for each call category × priority, looked up per call.
    let plans: [[DispatchPlan]]
    /// Calls that need no police unit (non-police matters, referred elsewhere).
    var referred: [Bool]
    /// Only the road-time policy queries the bucket index; the others scan the unit arrays, so
    /// they skip its upkeep (a few microseconds per availability change).
    let usesBuckets: Bool
    var ws: CHWorkspace
    var events = SimulationEventQueue()
    /// Waiting calls: bucket 0 for city-wide policies, one bucket per zone for `zoneOwn`.
    var queues: [[Int32]]
    var queued = 0

    // Per-call results (-1 = not served).
    var response: [Int32]
    var wait: [Int32]
    var travel: [Int32]
    var trace: [DispatchTrace] = []
    var arrived = 0
    var busyUnits = 0
    var maxQueue = 0
    var maxQueueAt: Int64 = 0
    var repositions = 0
    /// Bumped whenever a unit joins or leaves the available set; a coverage check with the
    /// same version as the last one would find the same gaps, so it is skipped.
    var availabilityVersion = 0
    var checkedVersion = -1
    var coverageChecks = 0
    var unreachable = 0
    // Timing (seconds).
    var selectTime = 0.0, positionsTime = 0.0, coverageTime = 0.0

    init(setup: ReplaySetup, scenario: ReplayScenario, dispatchDelaySeconds: Double, coverageIntervalMinutes: Double,
         coverageThresholdSeconds: Double, recordTrace: Bool) {
        self.setup = setup
        self.scenario = scenario
        let tps = setup.ticksPerSecond
        dispatchDelay = Int64(dispatchDelaySeconds * tps)
        coverageInterval = max(1, Int64(coverageIntervalMinutes * 60 * tps))
        coverageThreshold = Int32(coverageThresholdSeconds * tps)
        self.recordTrace = recordTrace
        let u = setup.unitIDs.count
        state = Array(repeating: .off, count: u)
        point = setup.unitHome
        epoch = Array(repeating: 0, count: u)
        offPending = Array(repeating: false, count: u)
        assigned = Array(repeating: -1, count: u)
        busySince = Array(repeating: 0, count: u)
        busyTotal = Array(repeating: 0, count: u)
        dutySince = Array(repeating: 0, count: u)
        dutyTotal = Array(repeating: 0, count: u)
        reposTarget = setup.unitHome
        zoneUnits = Array(repeating: [], count: max(1, setup.zoneCount))
        for i in 0..<u where setup.unitZone[i] >= 0 { zoneUnits[Int(setup.unitZone[i])].append(Int32(i)) }
        positions = setup.network.makeUnitPositions()
        usesBuckets = scenario.policy == .roadTime
        if u > 0 && usesBuckets { positions.set(u - 1, at: nil) }
        ws = setup.network.makeWorkspace()
        if scenario.reposition == .maximalCover { cover = MaximalCoverModel(setup: setup, limit: coverageThreshold) }
        queues = Array(repeating: [], count: scenario.policy == .zoneOwn ? max(1, setup.zoneCount) : 1)
        let n = setup.callTarget.count
        response = Array(repeating: -1, count: n)
        wait = Array(repeating: -1, count: n)
        travel = Array(repeating: -1, count: n)
        referred = Array(repeating: false, count: n)
        let catalogue = CategoryCatalogue.standard
        let rules = Recommender().rules
        plans = CallCategories.codes.map { code in
            Priority.allCases.map { p in rules.plan(category: code, priority: p, nonPolice: catalogue.category(code)?.nonPolice ?? false) }
        }
    }

    /// The server's plan for call `c`.
    func plan(for c: Int) -> DispatchPlan {
        plans[Int(setup.callCategory[c])][max(0, min(3, Int(setup.callPriority[c]) - 1))]
    }

    var day: Int64 { 86_400 * Int64(setup.ticksPerSecond) }

    func nextTime(hour: Double, after t: Int64) -> Int64 {
        let dayStart = floorDiv(t, day) * day
        var c = dayStart + Int64(hour * 3600 * setup.ticksPerSecond)
        if c <= t { c += day }
        return c
    }

    // MARK: availability

    mutating func makeAvailable(_ u: Int, at p: RoutePoint) {
        availabilityVersion &+= 1
        guard usesBuckets else { return }
        let t0 = DispatchTime.now().uptimeNanoseconds
        positions.set(u, at: p)
        positionsTime += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
    }

    mutating func makeUnavailable(_ u: Int) {
        availabilityVersion &+= 1
        guard usesBuckets else { return }
        let t0 = DispatchTime.now().uptimeNanoseconds
        positions.set(u, at: nil)
        positionsTime += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
    }

    @inline(__always) func isAvailable(_ u: Int) -> Bool {
        state[u] == .idle || state[u] == .returning || state[u] == .repositioning
    }

    mutating func roadTime(from a: RoutePoint, to b: RoutePoint) -> Int32? {
        setup.network.hierarchy.route(from: a, to: b, workspace: &ws, withPath: false)?.time
    }

    // MARK: dispatch

    /// Chooses the units for call `c` under the scenario's policy, each with its travel time;
    /// empty when none can go now.
    mutating func choose(for c: Int) -> [(Int, Int32)] {
        let target = setup.callTarget[c]
        switch scenario.policy {
        case .roadTime:
            // Copies for the closures, so the search's scratch and the unit states are not both
            // borrowed from `self` at once.
            var workspace = ws
            let index = positions, states = state, kinds = setup.unitKind
            defer { ws = workspace }
            let selection = recommender.select(
                plan: plan(for: c), incidentPath: "/", capacity: index.capacity,
                ranked: { k in index.fastest(k, to: target, workspace: &workspace) },
                unit: { u in states[u] == .idle || states[u] == .returning || states[u] == .repositioning ? (kinds[u], "/") : nil })
            return selection.units.compactMap { $0.time < Int32.max ? ($0.slot, $0.time) : nil }
        case .straightLine:
            // The same plan, filled from the free units ranked by distance as the crow flies
            // (turned into time at `straightLineSpeed`), then driven by road.
            var ranked: [(unit: Int, time: Int32)] = []
            for u in 0..<state.count where isAvailable(u) {
                let metres = Geodesy.haversine(point[u].coordinate, target.coordinate)
                ranked.append((u, Int32(clamping: Int((metres / Self.straightLineSpeed * 10).rounded()))))
            }
            return fill(plan(for: c), from: ranked).compactMap { u, _ in roadTime(from: point[u], to: target).map { (u, $0) } }
        case .zoneOwn:
            // The same plan, filled only from the free units of the call's zone, by road time.
            let z = Int(setup.callZone[c])
            guard z >= 0 else { return [] }
            var ranked: [(unit: Int, time: Int32)] = []
            for u32 in zoneUnits[z] {
                let u = Int(u32)
                guard isAvailable(u), let t = roadTime(from: point[u], to: target) else { continue }
                ranked.append((u, t))
            }
            return fill(plan(for: c), from: ranked)
        }
    }

    /// Speed that turns a straight-line distance into the straight-line policy's estimate of
    /// travel time (m/s; 30 km/h, a city patrol car's average). Only its ranking and the 1-3-5
    /// tiers of the estimate matter: the unit then drives the real road time.
    static let straightLineSpeed = 30 / 3.6

    /// The units the server's `Recommender` picks for `plan` from candidates already ranked by a
    /// baseline's own measure (in tenths of a second), so every policy sends the same kinds and
    /// numbers of units and differs only in how it ranks them. Returns each chosen unit with the
    /// time it was ranked by.
    func fill(_ plan: DispatchPlan, from candidates: [(unit: Int, time: Int32)]) -> [(Int, Int32)] {
        let ranked = candidates.sorted { ($0.time, $0.unit) < ($1.time, $1.unit) }
        let kinds = setup.unitKind
        let selection = recommender.select(plan: plan, incidentPath: "/", capacity: ranked.count,
                                           ranked: { k in Array(ranked.prefix(k)) }, unit: { u in (kinds[u], "/") })
        return selection.units.map { ($0.slot, $0.time) }
    }

    mutating func assign(unit u: Int, call c: Int, travelTime tt: Int32, now: Int64) {
        if isAvailable(u) { makeUnavailable(u) }
        if recordTrace {
            trace.append(DispatchTrace(call: c, unit: u, from: point[u], to: setup.callTarget[c], travel: tt, dispatchedAt: now))
        }
        state[u] = .toScene
        epoch[u] += 1
        assigned[u] = Int32(c)
        busySince[u] = now
        busyUnits += 1
        // The first unit to arrive answers the call.
        let w = now - setup.callArrival[c]
        let r = Int32(clamping: w + dispatchDelay + Int64(tt))
        if response[c] < 0 || r < response[c] {
            wait[c] = Int32(w)
            travel[c] = tt
            response[c] = r
        }
        events.push(now + dispatchDelay + Int64(tt), .arriveScene, unit: Int32(u), epoch: epoch[u])
    }

    /// Tries to dispatch call `c` now; false when no eligible unit is free. A non-police call
    /// is referred (no unit) under every policy.
    mutating func dispatch(_ c: Int, now: Int64) -> Bool {
        guard plan(for: c).needsUnits else {
            referred[c] = true
            return true
        }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let choice = choose(for: c)
        selectTime += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        guard !choice.isEmpty else { return false }
        for (u, tt) in choice { assign(unit: u, call: c, travelTime: tt, now: now) }
        return true
    }

    func bucket(forCall c: Int) -> Int {
        scenario.policy == .zoneOwn ? max(0, Int(setup.callZone[c])) : 0
    }

    mutating func enqueue(_ c: Int, now: Int64) {
        queues[bucket(forCall: c)].append(Int32(c))
        queued += 1
        if queued > maxQueue { maxQueue = queued; maxQueueAt = now }
    }

    /// The most urgent, then oldest, waiting call unit `u` may take, removed from its queue.
    mutating func takeQueued(for u: Int) -> Int? {
        let b: Int
        if scenario.policy == .zoneOwn {
            guard setup.unitZone[u] >= 0 else { return nil }
            b = Int(setup.unitZone[u])
        } else {
            b = 0
        }
        guard !queues[b].isEmpty else { return nil }
        // Under the server's rules, which every policy follows, a unit takes only a call its kind may answer.
        let kind = setup.unitKind[u]
        var bi = -1
        for i in 0..<queues[b].count {
            let a = Int(queues[b][i])
            guard plan(for: a).suitableKinds.contains(kind) else { continue }
            if bi < 0 { bi = i; continue }
            let o = Int(queues[b][bi])
            if setup.callPriority[a] < setup.callPriority[o] || (setup.callPriority[a] == setup.callPriority[o] && a < o) { bi = i }
        }
        guard bi >= 0 else { return nil }
        let c = Int(queues[b][bi])
        queues[b].swapAt(bi, queues[b].count - 1)
        queues[b].removeLast()
        queued -= 1
        return c
    }

    /// Unit `u` at `from` is free: take a waiting call if there is one.
    mutating func serveQueue(unit u: Int, from: RoutePoint, now: Int64) -> Bool {
        guard queued > 0, let c = takeQueued(for: u) else { return false }
        let tt = roadTime(from: from, to: setup.callTarget[c]) ?? Int32.max / 4
        point[u] = from
        assign(unit: u, call: c, travelTime: tt, now: now)
        return true
    }

    // MARK: shifts

    mutating func goOff(_ u: Int, now: Int64) {
        if isAvailable(u) { makeUnavailable(u) }
        dutyTotal[u] += now - dutySince[u]
        state[u] = .off
        offPending[u] = false
        epoch[u] += 1
        point[u] = setup.unitHome[u]
    }

    mutating func shiftOn(_ u: Int, now: Int64) {
        let shift = setup.unitShift[u]
        if state[u] != .off {
            // Still finishing the previous shift's call: simply stays on.
            offPending[u] = false
        } else {
            state[u] = .idle
            point[u] = setup.unitHome[u]
            dutySince[u] = now
            if !serveQueue(unit: u, from: point[u], now: now) { makeAvailable(u, at: point[u]) }
        }
        if shift.startHour != shift.endHour { events.push(nextTime(hour: shift.endHour, after: now), .shiftOff, unit: Int32(u)) }
    }

    mutating func shiftOff(_ u: Int, now: Int64) {
        if state[u] == .toScene || state[u] == .onScene { offPending[u] = true } else if state[u] != .off { goOff(u, now: now) }
        events.push(nextTime(hour: setup.unitShift[u].startHour, after: now), .shiftOn, unit: Int32(u))
    }

    // MARK: coverage repositioning

    mutating func coverageCheck(now: Int64) {
        guard availabilityVersion != checkedVersion else { return }
        checkedVersion = availabilityVersion
        coverageChecks += 1
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { coverageTime += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 }
        var sources: [RoutePoint] = []
        var idlePerZone = [Int](repeating: 0, count: zoneUnits.count)
        for u in 0..<state.count where isAvailable(u) {
            sources.append(point[u])
            if state[u] == .idle, setup.unitZone[u] >= 0 { idlePerZone[Int(setup.unitZone[u])] += 1 }
        }
        guard !sources.isEmpty else { return }
        let times = setup.network.coverageTimes(from: sources, workspace: &ws)
        var gap = [Double](repeating: 0, count: setup.cellCount)
        var total = 0.0
        for v in 0..<times.count {
            total += setup.nodeWeight[v]
            if times[v] > coverageThreshold { gap[Int(setup.nodeCell[v])] += setup.nodeWeight[v] }
        }
        var worst = 0
        for c in 1..<gap.count where gap[c] > gap[worst] { worst = c }
        guard total > 0, gap[worst] > 0.002 * total else { return }
        var targetNode = -1, tw = -1.0
        for v in 0..<times.count where Int(setup.nodeCell[v]) == worst && times[v] > coverageThreshold && setup.nodeWeight[v] > tw {
            tw = setup.nodeWeight[v]; targetNode = v
        }
        guard targetNode >= 0 else { return }
        let target = RoutePoint.node(targetNode, in: setup.network.graph)
        var mover = -1, moverIdle = 1, moverDist = Double.infinity
        for u in 0..<state.count where state[u] == .idle && setup.unitZone[u] >= 0 {
            let idle = idlePerZone[Int(setup.unitZone[u])]
            guard idle >= 2 else { continue }
            let d = Geodesy.haversine(point[u].coordinate, target.coordinate)
            if idle > moverIdle || (idle == moverIdle && d < moverDist) { mover = u; moverIdle = idle; moverDist = d }
        }
        guard mover >= 0, let tt = roadTime(from: point[mover], to: target) else { return }
        state[mover] = .repositioning
        epoch[mover] += 1
        reposTarget[mover] = target
        events.push(now + Int64(tt), .repositioned, unit: Int32(mover), epoch: epoch[mover])
    }

    // MARK: main loop

    /// Runs to the end of the calls (or until `stop`), then drains the calls in progress.
    mutating func run(stop: ReplayStopFlag?, progress: ((Int) -> Void)?) -> Bool {
        let n = setup.callTarget.count
        for u in 0..<state.count {
            let sh = setup.unitShift[u]
            if sh.covers(secondOfDay: 0) {
                shiftOn(u, now: 0)
            } else {
                events.push(nextTime(hour: sh.startHour, after: 0), .shiftOn, unit: Int32(u))
            }
        }
        if scenario.reposition != .fixedPosts { events.push(coverageInterval, .coverageCheck) }
        var next = 0
        var stopped = false
        while true {
            if next < n && (next & 255) == 0 {
                if let stop, stop.isStopped { stopped = true; break }
                if (next & 2047) == 0 { progress?(next) }
            }
            let callTime = next < n ? setup.callArrival[next] : Int64.max
            if let et = events.peekTime, et <= callTime {
                // After the last call: stop when nothing is waiting or in progress, or two days
                // on (calls that no unit may ever take, e.g. a zone without units).
                if next >= n && ((queued == 0 && busyUnits == 0) || et > setup.callArrival[n - 1] + 2 * day) { break }
                let e = events.pop()
                handle(e)
            } else if next < n {
                arrived += 1
                if !dispatch(next, now: callTime) { enqueue(next, now: callTime) }
                next += 1
            } else {
                break
            }
        }
        // Close the books at the last event time.
        let end = max(setup.callArrival[max(0, min(n, next) - 1)], lastTime)
        for u in 0..<state.count where state[u] != .off { dutyTotal[u] += end - dutySince[u] }
        for u in 0..<state.count where state[u] == .toScene || state[u] == .onScene { busyTotal[u] += end - busySince[u] }
        progress?(next)
        return !stopped
    }

    var lastTime: Int64 = 0

    mutating func handle(_ e: SimulationEventQueue.Event) {
        let now = e.time
        lastTime = now
        let u = Int(e.unit)
        switch e.kind {
        case .arriveScene:
            guard e.epoch == epoch[u], state[u] == .toScene else { return }
            state[u] = .onScene
            events.push(now + Int64(setup.callService[Int(assigned[u])]), .clearScene, unit: e.unit, epoch: epoch[u])
        case .clearScene:
            guard e.epoch == epoch[u], state[u] == .onScene else { return }
            busyTotal[u] += now - busySince[u]
            busyUnits -= 1
            let scene = setup.callTarget[Int(assigned[u])]
            assigned[u] = -1
            if offPending[u] { goOff(u, now: now); return }
            if serveQueue(unit: u, from: scene, now: now) { return }
            state[u] = .returning
            epoch[u] += 1
            point[u] = scene
            makeAvailable(u, at: scene)
            let back = roadTime(from: scene, to: setup.unitHome[u]) ?? 0
            events.push(now + Int64(back), .backHome, unit: e.unit, epoch: epoch[u])
        case .backHome:
            guard e.epoch == epoch[u], state[u] == .returning else { return }
            state[u] = .idle
            point[u] = setup.unitHome[u]
            makeAvailable(u, at: point[u])
        case .repositioned:
            guard e.epoch == epoch[u], state[u] == .repositioning else { return }
            state[u] = .idle
            point[u] = reposTarget[u]
            repositions += 1
            makeAvailable(u, at: point[u])
        case .shiftOn:
            shiftOn(u, now: now)
        case .shiftOff:
            shiftOff(u, now: now)
        case .coverageCheck:
            if scenario.reposition == .maximalCover { maximalCoverCheck(now: now) } else { coverageCheck(now: now) }
            events.push(now + coverageInterval, .coverageCheck)
        }
    }
}
