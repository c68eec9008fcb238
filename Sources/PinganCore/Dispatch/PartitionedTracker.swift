import Foundation
import PinganGeo

/// The position tracker split by unit over several `PositionTracker`s, so that a large batch of
/// fixes, and the routing-index refresh after it, run on as many cores as there are partitions.
///
/// Unit slot `s` belongs to partition `s % partitions`. Every partition registers every unit (the
/// roster is small, and registering in the same order everywhere keeps the slots equal), but
/// only the owner ever sees a unit's fixes, so only it snaps, geofences, credits and indexes that
/// unit: each partition's routing index holds its own units, and `fastest` ranks over all of them
/// with one backward search. A batch is decided partition by partition at once, each in the
/// batch's order (all of a unit's fixes go to its one owner, so per-unit order holds), and the
/// outputs are put back in the batch's order: the result is the one a single tracker gives,
/// event for event.
///
/// Memory: each partition keeps its own routing index and search scratch, about 24 bytes per
/// road node, so the partition count is the owner's trade of memory against cores.
public struct PartitionedTracker: Sendable, TrackedUnits {
    public private(set) var parts: [PositionTracker]
    /// Batches smaller than this are decided on the calling thread: starting the other threads
    /// costs more than a few hundred fixes take.
    public var parallelFrom = 256

    public init(network: RoadNetwork, zones: [PatrolZone] = [], configuration: TrackerConfiguration = .init(),
                shiftStart: Date, partitions: Int) {
        precondition(partitions >= 1)
        parts = (0..<partitions).map { _ in
            PositionTracker(network: network, zones: zones, configuration: configuration, shiftStart: shiftStart)
        }
    }

    public var partitions: Int { parts.count }
    // Read in place (`_read`): a plain getter would copy the roster, retaining its arrays, on
    // every `tracker.roster.units[slot]` of a loop.
    public var network: RoadNetwork { _read { yield parts[0].network } }
    public var roster: UnitRoster { _read { yield parts[0].roster } }
    public var zoneIndex: ZoneIndex { _read { yield parts[0].zoneIndex } }

    /// The partition deciding the fixes of `slot` (an unknown slot goes to the first, which
    /// refuses it as every tracker does).
    @inline(__always) func owner(_ slot: Int32) -> Int {
        slot >= 0 && Int(slot) < roster.count ? Int(slot) % parts.count : 0
    }

    // MARK: Units and zones

    /// Registers or updates a unit in every partition; see `PositionTracker.upsert`.
    @discardableResult
    public mutating func upsert(_ unit: PoliceUnit) -> Int32 {
        var slot: Int32 = 0
        for i in parts.indices { slot = parts[i].upsert(unit) }
        return slot
    }

    public mutating func setZones(_ zones: [PatrolZone]) {
        for i in parts.indices { parts[i].setZones(zones) }
    }

    // MARK: Ingest

    /// One fix of a batch, its unit already resolved to a slot.
    public struct Fix: Sendable {
        public var slot: Int32
        public var time: Double
        public var lat: Double
        public var lon: Double
        public var speed: Double?
        public var heading: Double?
        public var accuracy: Double?

        public init(slot: Int32, time: Double, lat: Double, lon: Double, speed: Double? = nil, heading: Double? = nil,
                    accuracy: Double? = nil) {
            self.slot = slot; self.time = time; self.lat = lat; self.lon = lon
            self.speed = speed; self.heading = heading; self.accuracy = accuracy
        }
    }

    /// One fix, decided by its unit's partition; see `PositionTracker.ingest(slot:...)`.
    public mutating func ingest(slot: Int32, time t: Double, lat: Double, lon: Double, speed: Double? = nil, heading: Double? = nil,
                                accuracy: Double? = nil, now: Double, into out: inout TrackerOutput) -> FixOutcome {
        parts[owner(slot)].ingest(slot: slot, time: t, lat: lat, lon: lon, speed: speed, heading: heading, accuracy: accuracy,
                                  now: now, into: &out)
    }

    /// Decides a batch, each partition's fixes on a thread of its own when the batch is large,
    /// and appends the output to `out` in the batch's order. Returns each fix's outcome.
    public mutating func ingest(_ fixes: [Fix], now: Double, into out: inout TrackerOutput) -> [FixOutcome] {
        let n = parts.count
        if n == 1 || fixes.count < parallelFrom {
            return fixes.map { f in
                ingest(slot: f.slot, time: f.time, lat: f.lat, lon: f.lon, speed: f.speed, heading: f.heading, accuracy: f.accuracy,
                       now: now, into: &out)
            }
        }
        var byPartition = [[Int32]](repeating: [], count: n)
        for (i, f) in fixes.enumerated() { byPartition[owner(f.slot)].append(Int32(i)) }
        let lists = byPartition
        var outcomes = [FixOutcome](repeating: .unknownUnit, count: fixes.count)
        var outputs = [TrackerOutput](repeating: TrackerOutput(), count: n)
        // After each fix of a partition, how long its output lists were: where the fix's part ends.
        var ends = [[OutputEnd]](repeating: [], count: n)
        parts.withUnsafeMutableBufferPointer { partsBuffer in
        outputs.withUnsafeMutableBufferPointer { outputsBuffer in
        ends.withUnsafeMutableBufferPointer { endsBuffer in
        outcomes.withUnsafeMutableBufferPointer { outcomesBuffer in
            // Each iteration writes its own partition, output, end list and its own fixes'
            // outcomes: disjoint memory.
            nonisolated(unsafe) let (ps, os, es, oc) = (partsBuffer, outputsBuffer, endsBuffer, outcomesBuffer)
            DispatchQueue.concurrentPerform(iterations: n) { p in
                var marks: [OutputEnd] = []
                marks.reserveCapacity(lists[p].count)
                for i in lists[p] {
                    let f = fixes[Int(i)]
                    oc[Int(i)] = ps[p].ingest(slot: f.slot, time: f.time, lat: f.lat, lon: f.lon, speed: f.speed, heading: f.heading,
                                              accuracy: f.accuracy, now: now, into: &os[p])
                    marks.append(OutputEnd(os[p]))
                }
                es[p] = marks
            }
        }}}}
        // Back into the batch's order: each fix's share of its partition's output, in turn (most
        // fixes have none but a track point).
        var taken = [OutputEnd](repeating: OutputEnd(), count: n)
        var next = [Int](repeating: 0, count: n)
        for f in fixes {
            let p = owner(f.slot)
            let end = ends[p][next[p]]
            next[p] += 1
            var k = taken[p]
            guard k != end else { continue }
            while k.trackPoints < end.trackPoints { out.trackPoints.append(outputs[p].trackPoints[k.trackPoints]); k.trackPoints += 1 }
            while k.zoneEvents < end.zoneEvents { out.zoneEvents.append(outputs[p].zoneEvents[k.zoneEvents]); k.zoneEvents += 1 }
            while k.warnings < end.warnings { out.warnings.append(outputs[p].warnings[k.warnings]); k.warnings += 1 }
            while k.suspectFixes < end.suspectFixes { out.suspectFixes.append(outputs[p].suspectFixes[k.suspectFixes]); k.suspectFixes += 1 }
            taken[p] = k
        }
        return outcomes
    }

    /// How long each list of a `TrackerOutput` was.
    struct OutputEnd: Equatable {
        var zoneEvents = 0, trackPoints = 0, warnings = 0, suspectFixes = 0
        init() {}
        init(_ o: TrackerOutput) {
            zoneEvents = o.zoneEvents.count; trackPoints = o.trackPoints.count
            warnings = o.warnings.count; suspectFixes = o.suspectFixes.count
        }
    }

    // MARK: Routing index

    /// Units whose routing-index entry is behind their latest fix.
    public var pendingRoutingUpdates: Int { parts.reduce(0) { $0 + $1.pendingRoutingUpdates } }

    /// Brings every partition's routing index up to its units' latest fixes, the partitions at
    /// once when there is enough to do; returns how many units were updated.
    @discardableResult
    public mutating func refreshRouting() -> Int {
        let n = parts.count
        guard n > 1, pendingRoutingUpdates >= 32 else { return (0..<n).reduce(0) { $0 + parts[$1].refreshRouting() } }
        var done = [Int](repeating: 0, count: n)
        parts.withUnsafeMutableBufferPointer { partsBuffer in
        done.withUnsafeMutableBufferPointer { doneBuffer in
            nonisolated(unsafe) let (ps, d) = (partsBuffer, doneBuffer)
            DispatchQueue.concurrentPerform(iterations: n) { p in d[p] = ps[p].refreshRouting() }
        }}
        return done.reduce(0, +)
    }

    public var routingCapacity: Int { parts.reduce(0) { max($0, $1.routing.capacity) } }

    public func fastest(_ k: Int, to target: RoutePoint, workspace: inout CHWorkspace) -> [(unit: Int, time: Int32)] {
        let indexes = parts.map(\.routing)
        return indexes.withUnsafeBufferPointer { UnitPositions.fastest(k, to: target, in: $0, workspace: &workspace) }
    }

    // MARK: Reads

    public func roadPosition(slot: Int) -> RoutePoint? { parts[owner(Int32(slot))].roadPosition(slot: slot) }

    public func isStale(slot: Int, now: Double) -> Bool { parts[owner(Int32(slot))].isStale(slot: slot, now: now) }

    public func position(slot: Int) -> UnitPosition? { parts[owner(Int32(slot))].position(slot: slot) }

    /// Full nearest-road searches and stays on the current segment, over all partitions.
    public var fullSnaps: Int { parts.reduce(0) { $0 + $1.fullSnaps } }
    public var stickySnaps: Int { parts.reduce(0) { $0 + $1.stickySnaps } }
}
