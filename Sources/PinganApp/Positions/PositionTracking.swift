import Foundation
import Logging
import PinganCore
import PinganGeo
import PinganStore

/// Owns the one `PositionTracker` of this instance and everything that reads or feeds it:
/// uploaded fixes, unit and zone changes, restart recovery, and dispatch recommendations. It
/// decides what a batch of fixes means; `PositionCommands` stores it through the command runner.
///
/// An actor because the tracker is a large mutable value (structure-of-arrays over all units)
/// that must see fixes and unit changes in one order; everything it does between awaits is pure
/// computation on that value. The tracker is split by unit over `partitions` trackers, so a large
/// upload and the routing refresh after it run on that many cores (`PartitionedTracker`). Store
/// I/O happens after the tracker's output has been moved out, so an interleaved call never sees
/// a half-drained buffer.
///
/// Units are kept current two ways. As a `CommitObserver` it hears every unit and zone write
/// committed on this instance at once, so a unit leaving `available` leaves the routing index
/// before the assigning request answers and is never recommended twice. And the server's
/// tracker follower reads the event log through the live hub, so writes made by *other*
/// instances on a shared PostgreSQL database arrive within the hub's poll interval (250 ms by
/// default). Versions only move forward, so the two paths never undo each other.
public actor PositionTracking: CommitObserver {
    public nonisolated let network: RoadNetwork
    var tracker: PartitionedTracker
    private var output = TrackerOutput()
    var workspace: CHWorkspace
    private let store: any Projections & TrackStore
    let time: any TimeSource
    public nonisolated let recommender: Recommender
    private let logger: Logger

    /// Fixes one upload may carry.
    public static let batchLimit = 5000
    /// How far the routing index may lag the latest fixes. Updating a unit's index entry costs
    /// an upward search; deferring coalesces a unit's many fixes into one update per interval.
    /// The recommender never proposes a unit that stopped being free, whatever the index holds,
    /// and routes its reported ETAs from the latest fixes, so the lag only affects which units
    /// are ranked, by at most this much movement.
    static let routingRefreshInterval: TimeInterval = 1
    private var lastRoutingRefresh = Date.distantPast
    /// Zone reloads started, to tell the newest (`zonesChanged`).
    private var zoneReloads = 0

    /// Partitions of the tracker when none are named: one per core, up to eight (each costs a
    /// routing index, about 24 bytes per road node).
    public static var defaultPartitions: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    public init(network: RoadNetwork, store: any Projections & TrackStore, time: any TimeSource, recommender: Recommender = Recommender(),
                partitions: Int = PositionTracking.defaultPartitions, logger: Logger) {
        self.network = network
        var configuration = TrackerConfiguration()
        configuration.routingUpdate = .deferred
        self.tracker = PartitionedTracker(network: network, configuration: configuration, shiftStart: time.now(), partitions: partitions)
        self.workspace = network.makeWorkspace()
        self.store = store
        self.time = time
        self.recommender = recommender
        self.logger = logger
    }

    /// Registers every unit and zone of the store and puts each unit back where its last stored
    /// track point was, without emitting events (they were emitted when the fixes came in).
    public func start() async throws {
        for unit in try await store.units(scope: .everything) { tracker.upsert(unit) }
        tracker.setZones(try await store.zones(scope: .everything).filter(\.active))
        var discard = TrackerOutput()
        for record in try await store.latestPositions() {
            guard let slot = tracker.roster.slot(of: record.unitID) else { continue }
            let t = record.at.timeIntervalSinceReferenceDate
            _ = tracker.ingest(slot: slot, time: t, lat: record.lat, lon: record.lon, speed: record.speed, heading: record.heading,
                               now: t, into: &discard)
        }
    }

    public func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        var zonesChanged = false
        for write in changes.writes {
            switch write {
            case .unit(let unit): unitChanged(unit)
            case .zone: zonesChanged = true
            default: break
            }
        }
        if zonesChanged { await self.zonesChanged() }
    }

    public func unitChanged(_ unit: PoliceUnit) {
        if let slot = tracker.roster.slot(of: unit.id), tracker.roster.units[Int(slot)].version >= unit.version { return }
        tracker.upsert(unit)
    }

    /// Reloads the patrol zones after one was created or changed. A failed read keeps the old
    /// zones (logged): the write that triggered it has already committed and must still succeed.
    /// Reloads may overlap (the actor is re-entered while one awaits the store); a read that a
    /// later reload started after is dropped, so an older list never overwrites a newer one.
    public func zonesChanged() async {
        zoneReloads += 1
        let reload = zoneReloads
        do {
            let zones = try await store.zones(scope: .everything).filter(\.active)
            guard reload == zoneReloads else { return }
            tracker.setZones(zones)
        } catch {
            logger.warning("could not reload patrol zones for the tracker", metadata: ["error": "\(error)"])
        }
    }

    /// What one batch of fixes amounts to, for `PositionCommands` to store and broadcast.
    public struct Ingested: Sendable {
        public var result: PositionBatchResult
        /// Thinned track points to store before the batch is answered.
        public var tracks: [TrackRecord]
        /// Audited zone events (entered, exited, out of zone).
        public var events: [Event]
        /// The newest position of each unit that moved, for the live feed.
        public var live: [LivePosition]
    }

    /// Ingests a batch in order for `user` at `now`. Fixes for units outside the user's scope —
    /// or, for a field officer, for any unit but their own — are refused one by one.
    public func ingest(_ fixes: [PositionFix], by user: User, now: Date) throws -> Ingested {
        var result = PositionBatchResult(received: fixes.count)
        let t = now.timeIntervalSinceReferenceDate
        let ownUnitOnly = !user.role.may(.writeUnits)
        output.removeAll()
        var batch: [PartitionedTracker.Fix] = []
        batch.reserveCapacity(fixes.count)
        for fix in fixes {
            guard let slot = tracker.roster.slot(of: fix.unit), user.scope.contains(path: tracker.roster.units[Int(slot)].path),
                  !ownUnitOnly || user.unitID == fix.unit else {
                result.unknownUnit += 1
                continue
            }
            batch.append(.init(slot: slot, time: fix.time.timeIntervalSinceReferenceDate, lat: fix.lat, lon: fix.lon, speed: fix.speed,
                               heading: fix.heading, accuracy: fix.accuracy))
        }
        var moved: [Int32] = []
        for (fix, outcome) in zip(batch, tracker.ingest(batch, now: t, into: &output)) {
            switch outcome {
            case .accepted:
                result.accepted += 1
                moved.append(fix.slot)
            case .ignoredDuplicate: result.duplicates += 1
            case .ignoredOutOfOrder: result.outOfOrder += 1
            case .rejectedJump: result.rejectedJump += 1
            case .rejectedTime: result.rejectedTime += 1
            case .rejectedInvalid: result.rejectedInvalid += 1
            case .unknownUnit: result.unknownUnit += 1
            }
        }
        refreshRoutingIfDue()
        let tracks = output.trackPoints.map { p in
            TrackRecord(unitID: p.unit, path: path(of: p.unit), at: p.time, lat: p.coordinate.lat, lon: p.coordinate.lon,
                        speed: p.speed, heading: p.heading)
        }
        var events = try output.zoneEvents.map { try Event.zone($0, path: path(of: $0.unit)) }
        events += try output.warnings.map { try Event.outOfZone($0, path: path(of: $0.unit)) }
        output.removeAll()
        result.trackPointsStored = tracks.count
        result.events = events.count
        var seen = Set<Int32>()
        let live = moved.reversed().filter { seen.insert($0).inserted }.compactMap { slot -> LivePosition? in
            guard let p = tracker.position(slot: Int(slot)) else { return nil }
            return LivePosition(unitID: p.unit, path: tracker.roster.units[Int(slot)].path, time: p.time, lat: p.coordinate.lat,
                                lon: p.coordinate.lon, road: p.snapped, speed: p.speed, heading: p.heading, zones: p.zones)
        }
        return Ingested(result: result, tracks: tracks, events: events, live: live)
    }

    /// Puts units where fixes accepted by another instance say, as if they had arrived here, but
    /// without events or track points (that instance stored and recorded them). Returns the
    /// units' new positions for this instance's live feed.
    public func mirror(_ positions: [TrackRecord]) -> [LivePosition] {
        let t = time.now().timeIntervalSinceReferenceDate
        var discard = TrackerOutput()
        var live: [LivePosition] = []
        for record in positions {
            guard let slot = tracker.roster.slot(of: record.unitID) else { continue }
            let outcome = tracker.ingest(slot: slot, time: record.at.timeIntervalSinceReferenceDate, lat: record.lat, lon: record.lon,
                                         speed: record.speed, heading: record.heading, now: t, into: &discard)
            guard case .accepted = outcome, let p = tracker.position(slot: Int(slot)) else { continue }
            live.append(LivePosition(unitID: p.unit, path: tracker.roster.units[Int(slot)].path, time: p.time, lat: p.coordinate.lat,
                                     lon: p.coordinate.lon, road: p.snapped, speed: p.speed, heading: p.heading, zones: p.zones))
        }
        refreshRoutingIfDue()
        return live
    }

    /// Brings the routing index up to the latest fixes when it is more than the interval behind
    /// (wall clock: the lag is about processing, not the test clock).
    private func refreshRoutingIfDue() {
        guard tracker.pendingRoutingUpdates > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastRoutingRefresh) >= Self.routingRefreshInterval else { return }
        tracker.refreshRouting()
        lastRoutingRefresh = now
    }

    /// The one unit in `scope` whose ID or callsign (compared by `callsignKey`) is `uid`:
    /// Cursor-on-Target devices send either. Two units of different stations may share a
    /// callsign, and then the fix is refused rather than given to a guess.
    public func unitID(forDeviceUID uid: String, scope: Scope) throws(PositionError) -> UnitID? {
        if let slot = tracker.roster.slot(of: UnitID(uid)), scope.contains(path: tracker.roster.units[Int(slot)].path) {
            return tracker.roster.ids[Int(slot)]
        }
        let key = PoliceUnit.callsignKey(uid)
        let matches = tracker.roster.units.filter { scope.contains(path: $0.path) && $0.callsignKey == key }
        guard matches.count <= 1 else {
            throw PositionError(.ambiguousDeviceUID, "\(matches.count) units answer to callsign \(uid.prefix(100)); send the unit ID as the CoT uid")
        }
        return matches.first?.id
    }

    /// Ranks free units for `incident` by road travel time from their latest positions.
    /// - Parameter mayPropose: see `Recommender.recommend`; the server passes who may see what.
    public func recommend(for incident: Incident, mayPropose: (@Sendable (String) -> Bool)? = nil) -> DispatchRecommendation {
        recommend(DispatchRequest(incident: incident), mayPropose: mayPropose)
    }

    /// The same for a place that is not (yet) an incident: an alert's.
    public func recommend(_ request: DispatchRequest, mayPropose: (@Sendable (String) -> Bool)? = nil) -> DispatchRecommendation {
        refreshRoutingIfDue()
        return recommender.recommend(request, tracker: tracker, workspace: &workspace, now: time.now(), mayPropose: mayPropose)
    }

    /// The fastest road route from `unit`'s latest snapped position to `target`, or the problem
    /// the field page shows: no fix yet, or no road near either end.
    public func route(of unit: UnitID, to target: Coordinate) throws(PositionError) -> RoadNetwork.Route {
        guard let slot = tracker.roster.slot(of: unit), let from = tracker.roadPosition(slot: Int(slot)) else {
            throw PositionError(.noPosition, "the unit has not reported a position on the road network yet")
        }
        do {
            return try network.route(from: from, to: network.snap(target, maxDistance: recommender.maxSnapDistance), workspace: &workspace)
        } catch {
            throw PositionError(.noRoute, "no road route to the incident: \(error)")
        }
    }

    /// Travel time from the nearest free unit of `scope` to every road node, for the console's
    /// 1-3-5 minute coverage layer. Free means available, not on an incident, and seen within
    /// the stale limit. Only the caller's own units count, so a station sees its own cover and
    /// learns nothing of where another station's cars are. One PHAST sweep over the city's
    /// graph (a few milliseconds), so it is computed fresh for every request rather than cached.
    public func coverage(scope: Scope) -> FreeUnitCoverage {
        let t = time.now().timeIntervalSinceReferenceDate
        var sources: [RoutePoint] = []
        for slot in 0..<tracker.roster.count where tracker.roster.isFree(slot) && !tracker.isStale(slot: slot, now: t)
            && scope.contains(path: tracker.roster.units[slot].path) {
            if let p = tracker.roadPosition(slot: slot) { sources.append(p) }
        }
        guard !sources.isEmpty else { return FreeUnitCoverage(times: nil, shares: FreeUnitCoverage.thresholds.map { _ in 0 }, units: 0) }
        let c = network.coverage(from: sources, thresholds: FreeUnitCoverage.thresholds, workspace: &workspace)
        return FreeUnitCoverage(times: c.times, shares: c.shares, units: sources.count)
    }

    private func path(of unit: UnitID) -> String {
        tracker.roster.slot(of: unit).map { tracker.roster.units[Int($0)].path } ?? "/"
    }
}
