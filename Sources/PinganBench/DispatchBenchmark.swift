import Foundation
import PinganCore
import PinganGeo
#if canImport(Glibc)
import Glibc
#endif

/// The in-process dispatch benchmark behind `pingan bench dispatch`: a fleet of units driving
/// random walks on a real road network, zones tiling it, and recommendations asked for while
/// the fixes stream. Everything is seeded, so two runs see the same fixes and incidents.
///
/// What it times, separately so a regression points at its cause:
/// - the per-fix path (`PositionTracker.ingest` with deferred routing: checks, snap, geofence,
///   shift bookkeeping, thinning), and inside it the snap alone and the geofence alone;
/// - routing-index updates (`UnitPositions.set`, one upward CH search per moved unit), coalesced
///   so the index is never more than `refreshIntervalMs` of processing behind the fixes (what the
///   server's actor does under load), and the rate when every single fix updates the index at once;
/// - `Recommender.recommend` latency with all units live, interleaved with the stream (the
///   recommended unit is dispatched and a busy one freed, so the index churns as in service);
/// - the same fixes, a second's worth per batch, through the tracker split by unit
///   (`PartitionedTracker`) on one partition and on `partitions`, with the routing refresh on
///   the same lag bound: wall clock, since the point is the cores, and a check that both gave
///   the same outcomes and output.
public struct DispatchBenchmark: Sendable {
    public var graphPath: String
    public var cachePath: String? = nil
    public var units = 2000
    public var zones = 100
    public var seed: UInt64 = 42
    /// Simulated seconds; every unit reports once per second, so fixes = units × steps.
    public var steps = 500
    /// Processing time (ms) after which the dirty units' routing entries are refreshed.
    public var refreshIntervalMs = 100.0
    /// Recommendations asked per simulated second.
    public var recommendationsPerStep = 2
    /// Fixes of the run with immediate routing updates (it is slow by design; a sample suffices).
    public var immediateFixes = 40_000
    /// Partitions of the split tracker timed against one (`PartitionedTracker`).
    public var partitions = ProcessInfo.processInfo.activeProcessorCount

    public init(graphPath: String) { self.graphPath = graphPath }

    /// Runs everything and returns one JSON object (one line).
    public func run(progress: ((String) -> Void)? = nil) throws -> String {
        let tLoad = Date()
        let net = try RoadNetwork.load(path: graphPath, useCache: true, cachePath: cachePath)
        let loadSeconds = Date().timeIntervalSince(tLoad)
        progress?("loaded \(net.graph.nodeCount) nodes in \(String(format: "%.1f", loadSeconds)) s (cache: \(net.loadInfo.fromCache))")
        var fields = try measure(net, progress: progress)
        fields.insert(("load_s", f(loadSeconds)), at: 0)
        fields.insert(("graph", "\"\(graphPath)\""), at: 0)
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    func f(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }

    static func nowNs() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// CPU time of the calling thread.
    static func cpuNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "null"
    }

    /// The same seeded fleet for a run over HTTP: the zones' outlines and the fixes of
    /// `units` units (IDs `u0`, `u1`, …) for `steps` seconds ending at `end`, time-major.
    public func httpWorkload(_ net: RoadNetwork, steps: Int, end: Date) -> (zones: [[Coordinate]], fixes: [PositionFix]) {
        var rng = SplitMix64(seed: seed)
        let t0 = end.timeIntervalSinceReferenceDate - Double(steps)
        let world = makeWorld(net, rng: &rng, start: Date(timeIntervalSinceReferenceDate: t0))
        var copy = self
        copy.steps = steps
        let fx = copy.makeFixes(net, world: world, rng: &rng, t0: t0)
        let fixes = (0..<fx.slot.count).map { i in
            PositionFix(unit: world.units[Int(fx.slot[i])].id, time: Date(timeIntervalSinceReferenceDate: fx.time[i]),
                        lat: fx.lat[i], lon: fx.lon[i], speed: 10)
        }
        return (world.zones.map(\.boundary), fixes)
    }

    /// The synthetic city: zones, stations and units on `net`.
    struct World {
        var zones: [PatrolZone]
        var units: [PoliceUnit]
        var startNodes: [Int]
        var stationPaths: [String]   // per zone
    }

    func makeWorld(_ net: RoadNetwork, rng: inout SplitMix64, start: Date) -> World {
        let g = net.graph
        var aLat = Double.infinity, bLat = -Double.infinity, aLon = Double.infinity, bLon = -Double.infinity
        for c in g.coordinates {
            aLat = min(aLat, c.lat); bLat = max(bLat, c.lat); aLon = min(aLon, c.lon); bLon = max(bLon, c.lon)
        }
        // Zones: squares tiling the bbox; stations own 2x2 blocks of zones, districts rows of stations.
        let side = Int(Double(max(1, zones)).squareRoot().rounded(.up))
        let dLat = (bLat - aLat) / Double(side), dLon = (bLon - aLon) / Double(side)
        var zoneList: [PatrolZone] = []
        var stationPaths: [String] = []
        for z in 0..<zones {
            let r = z / side, c = z % side
            let station = "s\(r / 2)-\(c / 2)", district = "d\(r / 4)"
            let path = "/city/\(district)/\(station)/"
            stationPaths.append(path)
            let la = aLat + Double(r) * dLat, lo = aLon + Double(c) * dLon
            zoneList.append(PatrolZone(id: ZoneID("z\(z)"), stationID: JurisdictionID(station), name: "Zone \(z)",
                                       boundary: [Coordinate(lat: la, lon: lo), Coordinate(lat: la, lon: lo + dLon),
                                                  Coordinate(lat: la + dLat, lon: lo + dLon), Coordinate(lat: la + dLat, lon: lo)],
                                       path: path))
        }
        let index = ZoneIndex(zones: zoneList)
        let kinds: [(UnitKind, UInt64)] = [(.patrolCar, 60), (.footPatrol, 15), (.motorbike, 10), (.traffic, 8), (.ptu, 5), (.drone, 2)]
        var unitList: [PoliceUnit] = []
        var startNodes: [Int] = []
        for i in 0..<units {
            let v = Int(rng.next() % UInt64(g.nodeCount))
            startNodes.append(v)
            var roll = rng.next() % 100
            var kind = UnitKind.patrolCar
            for (k, w) in kinds { if roll < w { kind = k; break }; roll -= w }
            let zone = index.zones(containing: g.coordinates[v])
            let z = zone.isEmpty ? 0 : Int(zone[0])
            let busy = rng.next() % 5 == 0
            let path = stationPaths[z]
            unitList.append(PoliceUnit(id: UnitID("u\(i)"), callsign: "U\(i)", kind: kind, stationID: zoneList[z].stationID,
                                       status: busy ? .dispatched : .available, statusSince: start, crew: 2,
                                       incidentID: busy ? IncidentID("busy-\(i)") : nil, path: path))
            zoneList[z].unitIDs.append(UnitID("u\(i)"))
        }
        return World(zones: zoneList, units: unitList, startNodes: startNodes, stationPaths: stationPaths)
    }

    /// Fixes of a random walk at urban speeds along the graph's edges with ~10 m GPS noise,
    /// time-major (second 1 of every unit, then second 2, ...), as a live stream arrives.
    func makeFixes(_ net: RoadNetwork, world: World, rng: inout SplitMix64, t0: Double)
        -> (slot: [Int32], time: [Double], lat: [Double], lon: [Double]) {
        let g = net.graph
        let n = world.startNodes.count
        var edge = [Int](repeating: -1, count: n), from = world.startNodes, along = [Double](repeating: 0, count: n)
        var speed = (0..<n).map { _ in 6 + Double(rng.next() % 1000) / 1000 * 12 }
        func pickEdge(_ u: Int) -> Int { let r = g.edges(from: u); return r.isEmpty ? -1 : r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        for i in 0..<n { edge[i] = pickEdge(from[i]) }
        let total = n * steps
        var slots = [Int32](), times = [Double](), lats = [Double](), lons = [Double]()
        slots.reserveCapacity(total); times.reserveCapacity(total); lats.reserveCapacity(total); lons.reserveCapacity(total)
        let noise = 10.0 / LocalDistance.metresPerDegree
        for step in 1...max(1, steps) {
            for i in 0..<n {
                var e = edge[i]
                if e >= 0 {
                    along[i] += speed[i]
                    var guardHops = 0
                    while e >= 0 && along[i] >= Double(net.edgeLengths[e]) && guardHops < 50 {
                        along[i] -= Double(net.edgeLengths[e])
                        from[i] = Int(g.targets[e])
                        e = pickEdge(from[i])
                        guardHops += 1
                    }
                    edge[i] = e
                    if rng.next() % 100 == 0 { speed[i] = 6 + Double(rng.next() % 1000) / 1000 * 12 }
                }
                let a = g.coordinates[from[i]]
                var p = a
                if e >= 0 {
                    let b = g.coordinates[Int(g.targets[e])]
                    let len = Double(net.edgeLengths[e])
                    let t = len > 0 ? min(1, along[i] / len) : 0
                    p = Coordinate(lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t)
                }
                let jLat = (Double(rng.next() % 2001) / 1000 - 1) * noise, jLon = (Double(rng.next() % 2001) / 1000 - 1) * noise
                slots.append(Int32(i)); times.append(t0 + Double(step))
                lats.append(p.lat + jLat); lons.append(p.lon + jLon)
            }
        }
        return (slots, times, lats, lons)
    }

    func measure(_ net: RoadNetwork, progress: ((String) -> Void)?) throws -> [(String, String)] {
        let g = net.graph
        guard g.hasCoordinates else { throw GeoError(.unsupported, "the dispatch benchmark needs node coordinates") }
        var rng = SplitMix64(seed: seed)
        let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
        let t0 = start.timeIntervalSinceReferenceDate
        let world = makeWorld(net, rng: &rng, start: start)
        progress?("generating \(units * steps) fixes")
        let fx = makeFixes(net, world: world, rng: &rng, t0: t0)
        let fixCount = fx.slot.count

        // Placement: every unit's first position, routing updated at once.
        var cfg = TrackerConfiguration()
        cfg.routingUpdate = .deferred
        var tracker = PositionTracker(network: net, zones: world.zones, configuration: cfg, shiftStart: start)
        for u in world.units { tracker.upsert(u) }
        var out = TrackerOutput()
        for i in 0..<world.units.count {
            let c = g.coordinates[world.startNodes[i]]
            _ = tracker.ingest(slot: Int32(i), time: t0, lat: c.lat, lon: c.lon, now: t0, into: &out)
        }
        let tp = Self.nowNs()
        let placed = tracker.refreshRouting()
        let placeMs = Double(Self.nowNs() - tp) / 1e6
        out.removeAll()

        // Snap alone and geofence alone over the same fixes, for the breakdown.
        progress?("snap and geofence alone")
        var snapped = 0
        let ts = Self.cpuNs()
        for i in 0..<fixCount where (try? net.snap(Coordinate(lat: fx.lat[i], lon: fx.lon[i]), maxDistance: cfg.maxSnapDistance)) != nil {
            snapped += 1
        }
        let snapNs = Double(Self.cpuNs() - ts) / Double(max(1, fixCount))
        var inside = 0
        let tg = Self.cpuNs()
        for i in 0..<fixCount { inside += tracker.zoneIndex.zones(containing: Coordinate(lat: fx.lat[i], lon: fx.lon[i])).count }
        let fenceNs = Double(Self.cpuNs() - tg) / Double(max(1, fixCount))

        // The stream: ingest second by second, refresh routing every `refreshIntervalMs` of work,
        // recommend while it runs.
        progress?("streaming \(fixCount) fixes with \(recommendationsPerStep) recommendations per second")
        let recommender = Recommender()
        var ws = net.makeWorkspace()
        var ingestNs: UInt64 = 0, ingestWallNs: UInt64 = 0, refreshNs: UInt64 = 0, refreshed = 0, sinceRefresh: UInt64 = 0
        var recMs: [Double] = [], recCpuMs: [Double] = [], rankMs: [Double] = [], searched = 0
        let snapsBefore = (tracker.fullSnaps, tracker.stickySnaps)
        var outcomes = [Int](repeating: 0, count: 7)
        var zoneEvents = 0, trackPoints = 0, warnings = 0, suspects = 0
        var busy: [Int] = (0..<world.units.count).filter { world.units[$0].status != .available }
        var unitsNow = world.units
        let categories = CategoryCatalogue.standard.categories
        var i = 0
        for step in 1...max(1, steps) {
            let now = t0 + Double(step)
            let t1 = Self.cpuNs(), w1 = Self.nowNs()
            let end = min(fixCount, i + units)
            while i < end {
                let o = tracker.ingest(slot: fx.slot[i], time: fx.time[i], lat: fx.lat[i], lon: fx.lon[i], now: now, into: &out)
                switch o {
                case .accepted: outcomes[0] += 1
                case .ignoredDuplicate, .ignoredOutOfOrder: outcomes[1] += 1
                case .rejectedJump: outcomes[2] += 1
                case .rejectedTime: outcomes[3] += 1
                case .rejectedInvalid, .unknownUnit: outcomes[4] += 1
                }
                i += 1
            }
            let spent = Self.cpuNs() - t1
            ingestNs += spent
            sinceRefresh += spent
            ingestWallNs += Self.nowNs() - w1
            zoneEvents += out.zoneEvents.count; trackPoints += out.trackPoints.count
            warnings += out.warnings.count; suspects += out.suspectFixes.count
            out.removeAll()
            if Double(sinceRefresh) >= refreshIntervalMs * 1e6 {
                let t2 = Self.cpuNs()
                refreshed += tracker.refreshRouting()
                let r = Self.cpuNs() - t2
                refreshNs += r
                sinceRefresh = 0
            }
            for _ in 0..<recommendationsPerStep {
                let v = Int(rng.next() % UInt64(g.nodeCount))
                let loc = g.coordinates[v]
                let zone = tracker.zoneIndex.zones(containing: loc)
                let path = zone.isEmpty ? world.stationPaths[0] : world.stationPaths[Int(zone[0])]
                let cat = categories[Int(rng.next() % UInt64(categories.count))]
                let prio = Priority(rawValue: 1 + Int(rng.next() % 4)) ?? .p2
                let req = DispatchRequest(location: loc, category: cat.code, priority: prio, nonPolice: cat.nonPolice,
                                          jurisdictionPath: path)
                let t3 = Self.nowNs(), c3 = Self.cpuNs()
                let rec = recommender.recommend(req, tracker: tracker, workspace: &ws, now: Date(timeIntervalSinceReferenceDate: now))
                recCpuMs.append(Double(Self.cpuNs() - c3) / 1e6)
                recMs.append(Double(Self.nowNs() - t3) / 1e6)
                searched += rec.unitsSearched
                // The ranking alone (many-to-one top-16), for the breakdown.
                if let target = try? net.snap(loc, maxDistance: recommender.maxSnapDistance) {
                    let t4 = Self.cpuNs()
                    _ = tracker.routing.fastest(16, to: target, workspace: &ws)
                    rankMs.append(Double(Self.cpuNs() - t4) / 1e6)
                }
                // Dispatch the first proposed unit and free the longest-busy one: the index churns.
                if let first = rec.recommended.first, let s = tracker.roster.slot(of: first.unit) {
                    unitsNow[Int(s)].status = .dispatched
                    unitsNow[Int(s)].incidentID = IncidentID("bench")
                    tracker.upsert(unitsNow[Int(s)])
                    busy.append(Int(s))
                }
                if busy.count > units / 5, !busy.isEmpty {
                    let s = busy.removeFirst()
                    unitsNow[s].status = .available
                    unitsNow[s].incidentID = nil
                    tracker.upsert(unitsNow[s])
                }
            }
        }
        let snapCounts = (tracker.fullSnaps - snapsBefore.0, tracker.stickySnaps - snapsBefore.1)
        let t5 = Self.cpuNs()
        refreshed += tracker.refreshRouting()
        refreshNs += Self.cpuNs() - t5

        // Every fix updating the routing index at once.
        progress?("immediate routing updates on \(min(immediateFixes, fixCount)) fixes")
        var cfgI = TrackerConfiguration()
        cfgI.routingUpdate = .immediate
        var trackerI = PositionTracker(network: net, zones: world.zones, configuration: cfgI, shiftStart: start)
        for u in world.units { trackerI.upsert(u) }
        for s in 0..<world.units.count {
            let c = g.coordinates[world.startNodes[s]]
            _ = trackerI.ingest(slot: Int32(s), time: t0, lat: c.lat, lon: c.lon, now: t0, into: &out)
        }
        out.removeAll()
        let nI = min(immediateFixes, fixCount)
        let t6 = Self.cpuNs()
        for j in 0..<nI {
            _ = trackerI.ingest(slot: fx.slot[j], time: fx.time[j], lat: fx.lat[j], lon: fx.lon[j], now: fx.time[j], into: &out)
            if out.trackPoints.count > 10_000 { out.removeAll() }
        }
        let immediateS = Double(Self.cpuNs() - t6) / 1e9

        progress?("the same fixes through the tracker split over 1 and \(partitions) partitions")
        let split = measurePartitioned(net, world: world, fixes: fx, start: start)

        func pct(_ a: [Double], _ q: Double) -> Double {
            let s = a.sorted()
            return s.isEmpty ? .nan : s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
        }
        let ingestS = Double(ingestNs) / 1e9, refreshS = Double(refreshNs) / 1e9
        return [
            ("load_average", Self.loadAverage()), ("timing", "\"thread CPU time; *_wall fields are wall clock\""),
            ("nodes", "\(g.nodeCount)"), ("units", "\(units)"), ("zones", "\(zones)"), ("seed", "\(seed)"),
            ("fixes", "\(fixCount)"), ("zone_grid_entries", "\(tracker.zoneIndex.entryCount)"),
            // Snap + geofence + routing index (refreshed so it is never > refreshIntervalMs behind).
            ("inprocess_fixes_per_s", f(Double(fixCount) / (ingestS + refreshS))),
            // The per-fix path alone (routing index only marked).
            ("ingest_only_fixes_per_s", f(Double(fixCount) / ingestS)),
            ("ingest_only_fixes_per_s_wall", f(Double(fixCount) / (Double(ingestWallNs) / 1e9))),
            ("ingest_ns_per_fix", f(ingestS * 1e9 / Double(max(1, fixCount)))),
            ("full_snap_ns", f(snapNs)), ("geofence_ns_per_fix", f(fenceNs)),
            ("snapped_share", f(Double(snapped) / Double(max(1, fixCount)))),
            ("full_snaps", "\(snapCounts.0)"), ("sticky_snaps", "\(snapCounts.1)"),
            ("routing_refresh_interval_ms", f(refreshIntervalMs)), ("routing_updates", "\(refreshed)"),
            ("routing_update_us", f(refreshS * 1e6 / Double(max(1, refreshed)))),
            ("inprocess_fixes_per_s_immediate_routing", f(Double(nI) / immediateS)),
            ("placement_ms", f(placeMs)), ("placed_units", "\(placed)"),
            ("recommendations", "\(recMs.count)"),
            ("recommend_p50_ms", f(pct(recMs, 0.5))), ("recommend_p99_ms", f(pct(recMs, 0.99))),
            ("recommend_max_ms", f(pct(recMs, 1))),
            ("recommend_cpu_p50_ms", f(pct(recCpuMs, 0.5))), ("recommend_cpu_p99_ms", f(pct(recCpuMs, 0.99))),
            ("recommend_units_searched_mean", f(Double(searched) / Double(max(1, recMs.count)))),
            ("rank_top16_p50_ms", f(pct(rankMs, 0.5))), ("rank_top16_p99_ms", f(pct(rankMs, 0.99))),
            ("accepted", "\(outcomes[0])"), ("ignored", "\(outcomes[1])"), ("rejected_jump", "\(outcomes[2])"),
            ("rejected_time", "\(outcomes[3])"), ("zone_events", "\(zoneEvents)"), ("track_points", "\(trackPoints)"),
            ("out_of_zone_warnings", "\(warnings)"), ("suspect_fixes", "\(suspects)"),
            ("partitions", "\(split.partitions)"),
            ("partitioned_fixes_per_s_1", f(split.onePerSecond)), ("partitioned_fixes_per_s_n", f(split.manyPerSecond)),
            ("partitioned_speedup", f(split.manyPerSecond / split.onePerSecond)), ("partitioned_agrees", "\(split.agrees)"),
            ("http_fixes_per_s", "null"),
        ]
    }

    /// Batches of a second's fixes through `PartitionedTracker` with one partition and with
    /// `partitions`, the routing index refreshed once `refreshIntervalMs` of wall clock has
    /// passed (deferred updates, as in the server): fixes per wall-clock second for each, and
    /// whether both decided alike (every
    /// outcome, and as many zone events, warnings and track points; the tests compare those
    /// one by one).
    func measurePartitioned(_ net: RoadNetwork, world: World, fixes fx: (slot: [Int32], time: [Double], lat: [Double], lon: [Double]),
                            start: Date) -> (partitions: Int, onePerSecond: Double, manyPerSecond: Double, agrees: Bool) {
        var cfg = TrackerConfiguration()
        cfg.routingUpdate = .deferred
        let t0 = start.timeIntervalSinceReferenceDate
        let n = max(1, partitions)
        func run(_ count: Int) -> (seconds: Double, outcomes: [FixOutcome], events: Int, points: Int) {
            var tracker = PartitionedTracker(network: net, zones: world.zones, configuration: cfg, shiftStart: start, partitions: count)
            for u in world.units { tracker.upsert(u) }
            var out = TrackerOutput()
            let first = world.startNodes.enumerated().map { i, v in
                PartitionedTracker.Fix(slot: Int32(i), time: t0, lat: net.graph.coordinates[v].lat, lon: net.graph.coordinates[v].lon)
            }
            _ = tracker.ingest(first, now: t0, into: &out)
            tracker.refreshRouting()
            out.removeAll()
            var outcomes: [FixOutcome] = []
            var events = 0, points = 0
            var batch: [PartitionedTracker.Fix] = []
            let began = Self.nowNs()
            var refreshed = began
            var i = 0
            for step in 1...max(1, steps) {
                batch.removeAll(keepingCapacity: true)
                let end = min(fx.slot.count, i + units)
                while i < end { batch.append(.init(slot: fx.slot[i], time: fx.time[i], lat: fx.lat[i], lon: fx.lon[i])); i += 1 }
                outcomes += tracker.ingest(batch, now: t0 + Double(step), into: &out)
                if Double(Self.nowNs() - refreshed) >= refreshIntervalMs * 1e6 {
                    tracker.refreshRouting()
                    refreshed = Self.nowNs()
                }
                events += out.zoneEvents.count + out.warnings.count
                points += out.trackPoints.count
                out.removeAll()
            }
            tracker.refreshRouting()
            return (Double(Self.nowNs() - began) / 1e9, outcomes, events, points)
        }
        let one = run(1), many = run(n)
        let count = Double(fx.slot.count)
        return (n, count / one.seconds, count / many.seconds,
                one.outcomes == many.outcomes && one.events == many.events && one.points == many.points)
    }
}
