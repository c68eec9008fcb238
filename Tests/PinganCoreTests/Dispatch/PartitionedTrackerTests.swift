import Foundation
import PinganGeo
import Testing
@testable import PinganCore

@Suite("Dispatch: the tracker split by unit over threads")
struct PartitionedTrackerTests {
    typealias D = DispatchTestData

    /// A stream of batches over the Shanghai extract: units driving from node to neighbouring node
    /// across the two zones (ten of them assigned to the west one), with teleports, repeated and
    /// late fixes, bad coordinates, unknown slots, and units going busy and free between batches.
    struct Stream {
        var units: [PoliceUnit]
        var zones: [PatrolZone]
        var batches: [(fixes: [PartitionedTracker.Fix], now: Double, changes: [PoliceUnit])]
    }

    static func stream(units count: Int = 60, steps: Int = 50, batchSize: Int = 500, seed: UInt64 = 3) -> Stream {
        let g = D.shanghai.graph
        var rng = SplitMix64(seed: seed)
        let units = (0..<count).map { D.unit("p\($0)") }
        let zones = DispatchGeofenceTests.westEast(westUnits: (0..<10).map { "p\($0)" }).zones
        var at = (0..<count).map { _ in Int(rng.next() % UInt64(g.nodeCount)) }
        var clock = [Double](repeating: D.t0.timeIntervalSinceReferenceDate, count: count)
        var fixes: [PartitionedTracker.Fix] = []
        for _ in 0..<steps {
            for u in (0..<count).shuffled(using: &rng) {
                let roll = rng.next() % 100
                var node = at[u]
                var t = clock[u] + 5 + Double(rng.next() % 10)
                switch roll {
                case 0..<3: node = Int(rng.next() % UInt64(g.nodeCount))       // a teleport: refused, then believed
                case 3..<5: t = clock[u]                                          // the same fix time again
                case 5..<7: t = clock[u] - 30                                     // late
                default:
                    let first = Int(g.offsets[node]), last = Int(g.offsets[node + 1])
                    if last > first { node = Int(g.targets[first + Int(rng.next() % UInt64(last - first))]) }
                }
                let c = g.coordinates[node]
                if roll == 7 {
                    fixes.append(.init(slot: Int32(u), time: t, lat: .nan, lon: c.lon))
                    continue
                }
                if roll == 8 { fixes.append(.init(slot: Int32(count + 5), time: t, lat: c.lat, lon: c.lon)) }
                fixes.append(.init(slot: Int32(u), time: t, lat: c.lat, lon: c.lon, speed: 10, heading: 90))
                if roll >= 7 || roll < 3 { at[u] = node }
                if t > clock[u] { clock[u] = t }
            }
        }
        var batches: [(fixes: [PartitionedTracker.Fix], now: Double, changes: [PoliceUnit])] = []
        var current = units
        for start in stride(from: 0, to: fixes.count, by: batchSize) {
            let part = Array(fixes[start..<min(fixes.count, start + batchSize)])
            var changes: [PoliceUnit] = []
            for _ in 0..<3 {
                let u = Int(rng.next() % UInt64(count))
                current[u].status = current[u].status == .available ? .dispatched : .available
                current[u].version += 1
                changes.append(current[u])
            }
            batches.append((part, (part.map(\.time).max() ?? 0) + 1, changes))
        }
        return Stream(units: units, zones: zones, batches: batches)
    }

    @Test("a batch split over 1, 2, 3 and 8 partitions gives one tracker's outcomes, output, positions and ranking",
          arguments: [(1, 256), (2, 256), (3, 1), (8, 256)])
    func sameAsOneTracker(partitions: Int, parallelFrom: Int) throws {
        let s = Self.stream()
        var cfg = TrackerConfiguration()
        cfg.routingUpdate = .deferred
        var one = PositionTracker(network: D.shanghai, zones: s.zones, configuration: cfg, shiftStart: D.t0)
        var split = PartitionedTracker(network: D.shanghai, zones: s.zones, configuration: cfg, shiftStart: D.t0, partitions: partitions)
        split.parallelFrom = parallelFrom
        for u in s.units { #expect(one.upsert(u) == split.upsert(u)) }
        var events = 0, refused = 0
        for batch in s.batches {
            var expected = TrackerOutput(), got = TrackerOutput()
            let outcomes = batch.fixes.map { f in
                one.ingest(slot: f.slot, time: f.time, lat: f.lat, lon: f.lon, speed: f.speed, heading: f.heading, accuracy: f.accuracy,
                           now: batch.now, into: &expected)
            }
            #expect(split.ingest(batch.fixes, now: batch.now, into: &got) == outcomes)
            #expect(got.zoneEvents == expected.zoneEvents)
            #expect(got.warnings == expected.warnings)
            #expect(got.trackPoints == expected.trackPoints)
            #expect(got.suspectFixes == expected.suspectFixes)
            events += expected.zoneEvents.count + expected.warnings.count
            refused += outcomes.filter { !$0.isAccepted }.count
            one.refreshRouting()
            split.refreshRouting()
            for u in batch.changes { one.upsert(u); split.upsert(u) }
        }
        // The stream exercised what it claims: zone events, warnings and refusals of every kind.
        #expect(events > 20 && refused > 100)
        #expect(split.fullSnaps + split.stickySnaps == one.fullSnaps + one.stickySnaps)
        for slot in 0..<s.units.count {
            #expect(split.position(slot: slot) == one.position(slot: slot))
            #expect(split.roadPosition(slot: slot) == one.roadPosition(slot: slot))
        }
        #expect(split.routingCapacity == one.routing.capacity)
        var ws1 = D.shanghai.makeWorkspace(), ws2 = D.shanghai.makeWorkspace()
        var rng = SplitMix64(seed: 9)
        for _ in 0..<30 {
            let target = try D.shanghai.snap(D.shanghai.graph.coordinates[Int(rng.next() % UInt64(D.shanghai.graph.nodeCount))], maxDistance: 100)
            let a = one.fastest(12, to: target, workspace: &ws1), b = split.fastest(12, to: target, workspace: &ws2)
            #expect(a.map(\.unit) == b.map(\.unit) && a.map(\.time) == b.map(\.time))
        }
    }

    @Test("each partition indexes only its own units; together they hold every free unit once")
    func partitionsOwnTheirUnits() {
        let s = Self.stream(units: 20, steps: 5)
        var split = PartitionedTracker(network: D.shanghai, zones: s.zones, shiftStart: D.t0, partitions: 3)
        for u in s.units { split.upsert(u) }
        var out = TrackerOutput()
        _ = split.ingest(s.batches[0].fixes, now: s.batches[0].now, into: &out)
        split.refreshRouting()
        var indexed: [Int] = []
        for (p, part) in split.parts.enumerated() {
            let mine = (0..<part.routing.capacity).filter { part.routing.positions[$0] != nil }
            #expect(mine.allSatisfy { $0 % 3 == p }, "partition \(p) indexes \(mine)")
            indexed += mine
        }
        let free = (0..<s.units.count).filter { split.roster.isFree($0) && split.roadPosition(slot: $0) != nil }
        #expect(indexed.sorted() == free)
        #expect(!free.isEmpty)
    }
}
