import Foundation
import PinganGeo

/// Latest positions of all units, kept current from a stream of AVL fixes: the pure core of
/// "police resources on the map" and of nearest-unit dispatch.
///
/// A value type meant to be owned by one actor: `ingest` decides with an explicit `now` and
/// appends what happened to a `TrackerOutput` (zone events, track points to persist, warnings)
/// instead of doing I/O, so it is tested with chosen instants and replays deterministically.
///
/// Per-unit state is structure-of-arrays indexed by the roster's dense slot: one fix touches a
/// few cache lines and no dictionary. Each accepted fix is
/// 1. checked (time window, order, duplicate, implied speed),
/// 2. snapped to the road network — kept on the unit's current segment (or the road leaving its
///    end) when it projects within `stickySnapDistance`, else `RoadNetwork.snap`'s nearest-road
///    search — and fed to the routing index (`UnitPositions`, many-to-one CH buckets) so
///    recommendations rank by current road time (at once, or coalesced: `RoutingUpdate`),
/// 3. geofenced against the patrol zones (`ZoneIndex`, mostly without a polygon test),
/// 4. credited to the shift (distance, time in zone) and thinned into track points.
public struct PositionTracker: Sendable {
    public let network: RoadNetwork
    public var configuration: TrackerConfiguration
    public private(set) var roster = UnitRoster()
    public private(set) var zoneIndex: ZoneIndex
    /// The many-to-one routing index: exactly the free units with a snapped position, by slot.
    public private(set) var routing: UnitPositions
    // The graph arrays the sticky snap reads, held directly (shared storage, no copy): reaching
    // them through `network.graph` would retain and release the whole graph struct per fix.
    private let nodeCoordinates: [Coordinate]
    private let edgeOffsets: [Int32]
    private let edgeTargets: [Int32]
    private let edgeWeights: [Int32]

    // Latest accepted fix (time is seconds since the reference date; -inf: none yet).
    private var lastTime: [Double] = []
    private var lats: [Double] = []
    private var lons: [Double] = []
    private var speeds: [Double] = []       // NaN when not reported
    private var headings: [Double] = []
    private var accuracies: [Double] = []
    private var snapped: [RoutePoint?] = []
    // Endpoints of the snapped segment, copied per unit: the sticky snap then reads one cache
    // line of the unit instead of two random nodes of a graph of millions.
    private var segA: [Coordinate] = []
    private var segB: [Coordinate] = []
    private var onRoad: [Bool] = []
    // Jump handling: the last refused fix and how many consistent refusals in a row.
    private var rejectedTime: [Double] = []
    private var rejectedLat: [Double] = []
    private var rejectedLon: [Double] = []
    private var jumpStreak: [Int32] = []
    // Thinning: the last kept track point.
    private var keptTime: [Double] = []
    private var keptLat: [Double] = []
    private var keptLon: [Double] = []
    // Geofence.
    private var membership: [ZoneMembership] = []
    private var zoneWords = 1
    private var assignedBits: [UInt64] = []
    private var hasAssignedZone: [Bool] = []
    private var warned: [Bool] = []
    private var assignments: [UnitID: [Int32]] = [:]
    // Shift.
    private var shiftStart: [Double] = []
    private var shiftDistance: [Double] = []
    private var assignedSeconds: [Double] = []
    private var zoneSeconds: [Double] = []  // slot * zoneCount + zone, flushed on zone changes
    /// Seconds not yet flushed to `zoneSeconds`, per membership entry (slot * capacity + i): the
    /// per-fix credit then stays in the unit's own cache line instead of a units × zones table.
    private var pendingZoneSeconds: [Double] = []
    private var defaultShiftStart: Double
    // Deferred routing updates.
    private var routingDirty: [Bool] = []
    private var dirtyQueue: [Int32] = []
    private var dirtyHead = 0
    /// Fixes snapped by a full nearest-road search and by staying on the current segment.
    public private(set) var fullSnaps = 0
    public private(set) var stickySnaps = 0

    /// - Parameters:
    ///   - network: the road network fixes are snapped to and units are routed on.
    ///   - zones: the patrol zones to geofence (replace later with `setZones`).
    ///   - shiftStart: the start of the current shift, for the shift statistics.
    public init(network: RoadNetwork, zones: [PatrolZone] = [], configuration: TrackerConfiguration = .init(),
                shiftStart: Date) {
        self.network = network
        self.configuration = configuration
        self.routing = network.makeUnitPositions()
        self.nodeCoordinates = network.graph.coordinates
        self.edgeOffsets = network.graph.offsets
        self.edgeTargets = network.graph.targets
        self.edgeWeights = network.graph.weights
        self.zoneIndex = ZoneIndex(zones: [])
        self.defaultShiftStart = shiftStart.timeIntervalSinceReferenceDate
        setZones(zones)
    }

    // MARK: Units and zones

    /// Registers a unit or updates its state (status, incident, station). Call it on every unit
    /// event: a unit leaving `available` leaves the routing index at once, so it can never be
    /// recommended, and comes back with its last road position when it is free again.
    @discardableResult
    public mutating func upsert(_ unit: PoliceUnit) -> Int32 {
        let (slot, previous) = roster.upsert(unit)
        let s = Int(slot)
        if previous == nil { appendSlot(for: unit.id) }
        if !roster.isFree(s) { warned[s] = false }
        let shouldRoute = roster.isFree(s) && snapped[s] != nil
        let isRouted = s < routing.capacity && routing.positions[s] != nil
        if shouldRoute != isRouted || (shouldRoute && routing.positions[s] != snapped[s]) { routingChanged(s) }
        return slot
    }

    private mutating func appendSlot(for id: UnitID) {
        lastTime.append(-.infinity); lats.append(.nan); lons.append(.nan)
        speeds.append(.nan); headings.append(.nan); accuracies.append(.nan)
        snapped.append(nil); onRoad.append(false)
        segA.append(Coordinate(lat: 0, lon: 0)); segB.append(Coordinate(lat: 0, lon: 0))
        pendingZoneSeconds.append(contentsOf: repeatElement(0, count: ZoneMembership.capacity))
        rejectedTime.append(-.infinity); rejectedLat.append(.nan); rejectedLon.append(.nan); jumpStreak.append(0)
        keptTime.append(-.infinity); keptLat.append(.nan); keptLon.append(.nan)
        membership.append(.empty)
        assignedBits.append(contentsOf: repeatElement(0, count: zoneWords))
        hasAssignedZone.append(false)
        warned.append(false)
        shiftStart.append(defaultShiftStart); shiftDistance.append(0); assignedSeconds.append(0)
        zoneSeconds.append(contentsOf: repeatElement(0, count: zoneIndex.count))
        routingDirty.append(false)
        let s = roster.count - 1
        for z in assignments[id] ?? [] { setAssigned(s, Int(z)) }
    }

    private mutating func setAssigned(_ s: Int, _ z: Int) {
        assignedBits[s * zoneWords + z >> 6] |= 1 << UInt64(z & 63)
        hasAssignedZone[s] = true
    }

    @inline(__always) private func isAssigned(_ s: Int, _ z: Int32) -> Bool {
        assignedBits[s * zoneWords + Int(z) >> 6] & (1 << UInt64(z & 63)) != 0
    }

    /// Replaces the patrol zones (and the units assigned to them). Memberships are recomputed
    /// from the units' last positions without emitting events, and the per-zone shift times
    /// start again from zero, since zone indexes change.
    public mutating func setZones(_ zones: [PatrolZone]) {
        zoneIndex = ZoneIndex(zones: zones)
        zoneWords = max(1, (zones.count + 63) / 64)
        assignments = [:]
        for (z, zone) in zones.enumerated() { for u in zone.unitIDs { assignments[u, default: []].append(Int32(z)) } }
        let n = roster.count
        assignedBits = [UInt64](repeating: 0, count: n * zoneWords)
        hasAssignedZone = [Bool](repeating: false, count: n)
        zoneSeconds = [Double](repeating: 0, count: n * zones.count)
        pendingZoneSeconds = [Double](repeating: 0, count: n * ZoneMembership.capacity)
        for s in 0..<n {
            for z in assignments[roster.ids[s]] ?? [] { setAssigned(s, Int(z)) }
            membership[s] = lastTime[s].isFinite ? zoneIndex.zones(containing: Coordinate(lat: lats[s], lon: lons[s])) : .empty
            warned[s] = false
        }
    }

    // MARK: Ingest

    /// Ingests one fix. The unit ID is resolved to its slot here, once; use
    /// `ingest(slot:time:lat:lon:...)` when the caller already holds slots.
    public mutating func ingest(_ fix: PositionFix, now: Date, into out: inout TrackerOutput) -> FixOutcome {
        guard let slot = roster.slot(of: fix.unit) else { return .unknownUnit }
        return ingest(slot: slot, time: fix.time.timeIntervalSinceReferenceDate, lat: fix.lat, lon: fix.lon,
                      speed: fix.speed, heading: fix.heading, accuracy: fix.accuracy,
                      now: now.timeIntervalSinceReferenceDate, into: &out)
    }

    /// Ingests a batch in order (a device's upload after a tunnel arrives as one batch).
    public mutating func ingest(_ fixes: [PositionFix], now: Date, into out: inout TrackerOutput) -> [FixOutcome] {
        var outcomes: [FixOutcome] = []
        outcomes.reserveCapacity(fixes.count)
        for f in fixes { outcomes.append(ingest(f, now: now, into: &out)) }
        return outcomes
    }

    /// The hot path: one fix for the unit in `slot`; times are seconds since the reference date
    /// (`Date.timeIntervalSinceReferenceDate`).
    public mutating func ingest(slot slot32: Int32, time t: Double, lat: Double, lon: Double, speed: Double? = nil,
                                heading: Double? = nil, accuracy: Double? = nil, now: Double,
                                into out: inout TrackerOutput) -> FixOutcome {
        let s = Int(slot32)
        guard s >= 0, s < roster.count else { return .unknownUnit }
        guard lat.isFinite, lon.isFinite, abs(lat) <= 90, abs(lon) <= 180, t.isFinite else { return .rejectedInvalid }
        let cfg = configuration
        if t > now + cfg.maxFutureSkew { return .rejectedTime(.future) }
        if t < now - cfg.maxAge { return .rejectedTime(.tooOld) }
        let last = lastTime[s]
        var moved = 0.0
        var relocated = false
        if last.isFinite {
            if t == last { return .ignoredDuplicate }
            if t < last { return .ignoredOutOfOrder }
            moved = LocalDistance.metres(lats[s], lons[s], lat, lon)
            let v = moved / (t - last)
            if v > cfg.maxSpeedMetresPerSecond {
                // Consistent with the previous refused fix? Then the unit may really be there.
                let rt = rejectedTime[s]
                let consistent = rt.isFinite && t > rt
                    && LocalDistance.metres(rejectedLat[s], rejectedLon[s], lat, lon) / (t - rt) <= cfg.maxSpeedMetresPerSecond
                jumpStreak[s] = consistent ? jumpStreak[s] + 1 : 1
                rejectedTime[s] = t; rejectedLat[s] = lat; rejectedLon[s] = lon
                if Int(jumpStreak[s]) < cfg.relocateAfter {
                    let kmh = v * 3.6
                    out.suspectFixes.append(SuspectFix(unit: roster.ids[s], time: Date(timeIntervalSinceReferenceDate: t),
                                                       coordinate: Coordinate(lat: lat, lon: lon), speedKmh: kmh))
                    return .rejectedJump(speedKmh: kmh)
                }
                relocated = true
                moved = 0
            }
            jumpStreak[s] = 0
            rejectedTime[s] = -.infinity
            // Credit the interval since the last fix to the zones the unit was in.
            let from = max(last, shiftStart[s])
            if t > from {
                let dt = min(t - from, cfg.maxCreditedGap)
                let m = membership[s]
                var inAssigned = false
                for i in 0..<m.count {
                    pendingZoneSeconds[s * ZoneMembership.capacity + i] += dt
                    if isAssigned(s, m[i]) { inAssigned = true }
                }
                if inAssigned { assignedSeconds[s] += dt }
                if last >= shiftStart[s] { shiftDistance[s] += moved }
            }
        }
        lastTime[s] = t; lats[s] = lat; lons[s] = lon
        speeds[s] = speed ?? .nan; headings[s] = heading ?? .nan; accuracies[s] = accuracy ?? .nan
        let c = Coordinate(lat: lat, lon: lon)

        // Snap. A unit that has not moved (parked, waiting at lights) keeps its road position.
        var isOnRoad = onRoad[s]
        if !(isOnRoad && moved < 0.5 && !relocated) {
            if isOnRoad && !relocated, let prev = snapped[s], let p = stickySnap(prev, s, lat: lat, lon: lon) {
                if p.fromNode != prev.fromNode || p.toNode != prev.toNode {
                    segA[s] = nodeCoordinates[Int(p.fromNode)]; segB[s] = nodeCoordinates[Int(p.toNode)]
                }
                snapped[s] = p
                stickySnaps += 1
                if roster.isFree(s) { routingChanged(s) }
            } else {
                fullSnaps += 1
                do {
                    let p = try network.snap(c, maxDistance: cfg.maxSnapDistance)
                    snapped[s] = p
                    segA[s] = nodeCoordinates[Int(p.fromNode)]; segB[s] = nodeCoordinates[Int(p.toNode)]
                    isOnRoad = true
                    if roster.isFree(s) { routingChanged(s) }
                } catch {
                    isOnRoad = false
                }
                onRoad[s] = isOnRoad
            }
        }

        // Geofence.
        let new = zoneIndex.zones(containing: c)
        let old = membership[s]
        if new != old {
            flushZoneSeconds(s)
            let time = Date(timeIntervalSinceReferenceDate: t)
            for i in 0..<old.count where !new.contains(old[i]) {
                out.zoneEvents.append(ZoneEvent(kind: .exit, unit: roster.ids[s], zone: zoneIndex.zones[Int(old[i])].id,
                                                time: time, coordinate: c))
            }
            for i in 0..<new.count where !old.contains(new[i]) {
                out.zoneEvents.append(ZoneEvent(kind: .enter, unit: roster.ids[s], zone: zoneIndex.zones[Int(new[i])].id,
                                                time: time, coordinate: c))
            }
            membership[s] = new
        }
        if hasAssignedZone[s] {
            if roster.isFree(s) {
                var inside = false
                for i in 0..<new.count where isAssigned(s, new[i]) { inside = true; break }
                if inside {
                    warned[s] = false
                } else if !warned[s] {
                    warned[s] = true
                    out.warnings.append(OutOfZoneWarning(unit: roster.ids[s], time: Date(timeIntervalSinceReferenceDate: t),
                                                         coordinate: c, assignedZones: assignedZones(s)))
                }
            } else {
                warned[s] = false
            }
        }

        // Thin the track.
        if !(t - keptTime[s] < cfg.keepInterval)
            || LocalDistance.metres(keptLat[s], keptLon[s], lat, lon) >= cfg.keepDistance || relocated {
            keptTime[s] = t; keptLat[s] = lat; keptLon[s] = lon
            out.trackPoints.append(TrackPoint(unit: roster.ids[s], time: Date(timeIntervalSinceReferenceDate: t), coordinate: c,
                                              snapped: isOnRoad ? snapped[s]?.coordinate : nil, speed: speed,
                                              heading: heading, accuracy: accuracy))
        }
        return .accepted(onRoad: isOnRoad, relocated: relocated)
    }

    /// The fix projected onto the segment of `prev` — or, once it has run past one end, onto the
    /// road leaving that node it is closest to — when within `stickySnapDistance`, between the
    /// segment's ends, and not against a one-way direction. Nil: do a full nearest-road search.
    @inline(__always) private func stickySnap(_ prev: RoutePoint, _ s: Int, lat: Double, lon: Double) -> RoutePoint? {
        let limit = configuration.stickySnapDistance
        guard limit > 0, !prev.isNode else { return nil }
        let k = cos(lat * (.pi / 180))
        let limitDeg2 = (limit / LocalDistance.metresPerDegree) * (limit / LocalDistance.metresPerDegree)
        /// Fraction along u->v and squared distance (in degrees of latitude) of the fix.
        @inline(__always) func project(_ a: Coordinate, _ b: Coordinate) -> (f: Double, d2: Double) {
            let dx = (b.lon - a.lon) * k, dy = b.lat - a.lat
            let qx = (lon - a.lon) * k, qy = lat - a.lat
            let len2 = dx * dx + dy * dy
            guard len2 > 0 else { return (-1, .infinity) }
            let f = (qx * dx + qy * dy) / len2
            let ex = qx - f * dx, ey = qy - f * dy
            return (f, ex * ex + ey * ey)
        }
        @inline(__always) func point(_ base: RoutePoint, _ a: Coordinate, _ b: Coordinate, _ f: Double, _ d2: Double) -> RoutePoint {
            var p = base
            p.fraction = f
            p.coordinate = Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f)
            p.snapDistance = d2.squareRoot() * LocalDistance.metresPerDegree
            return p
        }
        let a = segA[s], b = segB[s]
        let (f, d2) = project(a, b)
        if f >= 0 && f <= 1 {
            guard d2 <= limitDeg2 else { return nil }
            if prev.backwardEdge < 0 && f < prev.fraction - 1e-9 { return nil }
            if prev.forwardEdge < 0 && f > prev.fraction + 1e-9 { return nil }
            return point(prev, a, b, f, d2)
        }
        // Past an end: continue on the closest road leaving that node (a car leaves a node only
        // along its outgoing edges, so one-way streets are respected).
        let node = f > 1 ? prev.toNode : prev.fromNode
        let nodeAt = f > 1 ? b : a
        var best = -1, bestF = 0.0, bestD2 = limitDeg2
        for e in Int(edgeOffsets[Int(node)])..<Int(edgeOffsets[Int(node) + 1]) {
            let (fe, de) = project(nodeAt, nodeCoordinates[Int(edgeTargets[e])])
            if fe >= 0 && fe <= 1 && de <= bestD2 { best = e; bestF = fe; bestD2 = de }
        }
        guard best >= 0 else { return nil }
        let w = edgeTargets[best]
        // The cheapest edge back (parallel edges were reduced when the graph was built).
        var back = -1
        for e in Int(edgeOffsets[Int(w)])..<Int(edgeOffsets[Int(w) + 1]) where edgeTargets[e] == node {
            if back < 0 || edgeWeights[e] < edgeWeights[back] { back = e }
        }
        let base = RoutePoint(coordinate: prev.coordinate, snapDistance: 0, fromNode: node, toNode: w, fraction: 0,
                              forwardEdge: Int32(best), backwardEdge: Int32(back), forwardWeight: edgeWeights[best],
                              backwardWeight: back >= 0 ? edgeWeights[back] : 0)
        return point(base, nodeAt, nodeCoordinates[Int(w)], bestF, bestD2)
    }

    /// Moves the unit's pending per-zone seconds into the units × zones table.
    private mutating func flushZoneSeconds(_ s: Int) {
        let m = membership[s], zc = zoneIndex.count
        for i in 0..<m.count {
            zoneSeconds[s * zc + Int(m[i])] += pendingZoneSeconds[s * ZoneMembership.capacity + i]
            pendingZoneSeconds[s * ZoneMembership.capacity + i] = 0
        }
    }

    // MARK: Routing index

    @inline(__always) private mutating func routingChanged(_ s: Int) {
        switch configuration.routingUpdate {
        case .immediate:
            applyRouting(s)
        case .deferred:
            // Joining or leaving the index (first fix, becoming free or busy) is applied at once:
            // only movement of a unit already indexed waits for the owner's refresh.
            let indexed = s < routing.capacity && routing.positions[s] != nil
            let wanted = roster.isFree(s) && snapped[s] != nil
            if indexed != wanted { applyRouting(s); return }
            if !routingDirty[s] { routingDirty[s] = true; dirtyQueue.append(Int32(s)) }
        }
    }

    private mutating func applyRouting(_ s: Int) {
        let want: RoutePoint? = roster.isFree(s) ? snapped[s] : nil
        let have: RoutePoint? = s < routing.capacity ? routing.positions[s] : nil
        if want != have { routing.set(s, at: want) }
    }

    /// Units whose routing-index entry is behind their latest fix (always 0 with `.immediate`).
    public var pendingRoutingUpdates: Int { dirtyQueue.count - dirtyHead }

    /// Brings up to `limit` units' routing entries up to date, oldest change first; returns how
    /// many were processed. With `.deferred` updates the owner calls this between batches.
    @discardableResult
    public mutating func refreshRouting(limit: Int = .max) -> Int {
        var done = 0
        while done < limit && dirtyHead < dirtyQueue.count {
            let s = Int(dirtyQueue[dirtyHead])
            dirtyHead += 1
            routingDirty[s] = false
            applyRouting(s)
            done += 1
        }
        if dirtyHead == dirtyQueue.count { dirtyQueue.removeAll(keepingCapacity: true); dirtyHead = 0 }
        return done
    }

    // MARK: Reads

    /// The latest snapped road position of the unit in `slot` (nil: never near a road).
    @inline(__always) public func roadPosition(slot: Int) -> RoutePoint? { snapped[slot] }

    /// Seconds since the reference date of the last accepted fix (-infinity: none).
    @inline(__always) public func lastFixTime(slot: Int) -> Double { lastTime[slot] }

    public func position(of id: UnitID) -> UnitPosition? {
        roster.slot(of: id).flatMap { position(slot: Int($0)) }
    }

    public func position(slot s: Int) -> UnitPosition? {
        guard s >= 0, s < roster.count, lastTime[s].isFinite else { return nil }
        func opt(_ x: Double) -> Double? { x.isNaN ? nil : x }
        let m = membership[s]
        return UnitPosition(unit: roster.ids[s], time: Date(timeIntervalSinceReferenceDate: lastTime[s]),
                            coordinate: Coordinate(lat: lats[s], lon: lons[s]), snapped: snapped[s]?.coordinate,
                            onRoad: onRoad[s], speed: opt(speeds[s]), heading: opt(headings[s]), accuracy: opt(accuracies[s]),
                            zones: (0..<m.count).map { zoneIndex.zones[Int(m[$0])].id })
    }

    /// On-duty units (not `offDuty`) with no accepted fix for `staleAfter` at `now`, and those
    /// that never reported.
    public func staleUnits(at now: Date) -> [StaleUnit] {
        let limit = now.timeIntervalSinceReferenceDate - configuration.staleAfter
        var out: [StaleUnit] = []
        for s in 0..<roster.count where roster.statuses[s] != .offDuty && !(lastTime[s] >= limit) {
            out.append(StaleUnit(unit: roster.ids[s],
                                 lastFixAt: lastTime[s].isFinite ? Date(timeIntervalSinceReferenceDate: lastTime[s]) : nil))
        }
        return out
    }

    /// True when the unit in `slot` has not reported for `staleAfter` at `now` (seconds since the reference date).
    @inline(__always) public func isStale(slot: Int, now: Double) -> Bool { !(lastTime[slot] >= now - configuration.staleAfter) }

    private func assignedZones(_ s: Int) -> [ZoneID] {
        (0..<zoneIndex.count).filter { isAssigned(s, Int32($0)) }.map { zoneIndex.zones[$0].id }
    }

    // MARK: Shift

    /// Distance and time in zones of one unit since its shift started.
    public func shiftStats(of id: UnitID) -> ShiftStats? {
        guard let slot = roster.slot(of: id) else { return nil }
        let s = Int(slot), zc = zoneIndex.count
        var seconds = Array(zoneSeconds[(s * zc)..<(s * zc + zc)])
        let m = membership[s]
        for i in 0..<m.count { seconds[Int(m[i])] += pendingZoneSeconds[s * ZoneMembership.capacity + i] }
        var zones: [ZoneTime] = []
        for z in 0..<zc where seconds[z] > 0 { zones.append(ZoneTime(zone: zoneIndex.zones[z].id, seconds: seconds[z])) }
        return ShiftStats(unit: id, since: Date(timeIntervalSinceReferenceDate: shiftStart[s]), distanceMeters: shiftDistance[s],
                          secondsInAssignedZones: assignedSeconds[s], zones: zones)
    }

    /// Starts a new shift for every unit at `time`: distance and zone times restart from zero.
    public mutating func resetShift(at time: Date) {
        defaultShiftStart = time.timeIntervalSinceReferenceDate
        for s in 0..<roster.count { resetShift(slot: s, at: defaultShiftStart) }
    }

    /// Starts a new shift for one unit (a crew change) at `time`.
    public mutating func resetShift(unit id: UnitID, at time: Date) {
        guard let slot = roster.slot(of: id) else { return }
        resetShift(slot: Int(slot), at: time.timeIntervalSinceReferenceDate)
    }

    private mutating func resetShift(slot s: Int, at t: Double) {
        shiftStart[s] = t
        shiftDistance[s] = 0
        assignedSeconds[s] = 0
        let zc = zoneIndex.count
        for z in 0..<zc { zoneSeconds[s * zc + z] = 0 }
        for i in 0..<ZoneMembership.capacity { pendingZoneSeconds[s * ZoneMembership.capacity + i] = 0 }
    }
}
