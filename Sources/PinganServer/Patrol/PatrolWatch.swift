import Foundation
import Logging
import PinganApp
import PinganCore
import PinganGeo
import ServiceLifecycle

/// Dynamic patrol's clock-driven work (动态巡控), every half minute for every station:
/// - its key places (its registry, else the map's schools, hospitals, transport hubs, squares
///   inside its area or zones: `KeyPlaceRegistry`) and its zones are judged against the policy's
///   `PatrolTargets` from the free units' positions; a gap that outlasts the grace raises one
///   `coverageGap` alert, where the policy turns alerts on (`CoverageWatch` decides when);
/// - where the policy lets it accept moves (`autoAcceptMoves`), the idle units' move proposals
///   over the last four weeks' calls are ordered as the dispatcher's click would order them, at
///   most once a minute, and a unit ordered is left alone until it could have arrived.
/// The watch's memory is this instance's: after a restart the grace starts again.
actor PatrolWatch: Service {
    let deps: Dependencies
    let tracking: PositionTracking
    let logger: Logger
    var watch = CoverageWatch()
    /// Units given an automatic order, and until when they are left alone.
    var ordered: [UnitID: Date] = [:]
    var lastMoves: [JurisdictionID: Date] = [:]
    /// The map's key places (the map does not change while the server runs).
    lazy var mapPlaces: [KeyPlace] = tracking.network.places.features.keyPlaces()
    static let interval: Duration = .seconds(30)

    init(deps: Dependencies, tracking: PositionTracking, logger: Logger) {
        self.deps = deps
        self.tracking = tracking
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await self.sweep() } catch is CancellationError { return } catch {
                    self.logger.warning("patrol watch failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: Self.interval)
            }
        }
    }

    /// One sweep of every station.
    func sweep() async throws {
        let now = deps.time.now()
        let all = try await deps.store.jurisdictions(scope: .everything)
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func chain(_ j: Jurisdiction) -> [Jurisdiction] {
            var up: [Jurisdiction] = [j], at = j
            while let p = at.parentID, let parent = byID[p] { up.append(parent); at = parent }
            return up.reversed()
        }
        let stations = all.filter { $0.level == .station && $0.active }
        guard !stations.isEmpty else { return }
        // What the coverage check reads, once per sweep and only when some station watches.
        var ground: (zones: [PatrolZone], posts: [Post])?
        var due: [CoverageWatch.Due] = []
        var targetsOf: [JurisdictionID: PatrolTargets] = [:]
        for station in stations {
            let targets = PatrolTargets.resolve(chain(station)).targets
            targetsOf[station.id] = targets
            let scope = Scope(path: station.path)
            if targets.alerts {
                if ground == nil {
                    ground = (try await deps.store.zones(scope: .everything).filter(\.active), try await deps.store.posts(scope: .everything))
                }
                let own = ground!.zones.filter { $0.stationID == station.id }
                let places = KeyPlaceRegistry.places(registered: ground!.posts.filter { $0.stationID == station.id },
                                                     fallback: KeyPlaceRegistry.ground(of: station, places: mapPlaces, zones: own))
                let gaps = await tracking.coverageGaps(scope: scope, places: places, zones: own, targets: targets)
                due += watch.observe(station: station.id, gaps: gaps, at: now, hold: TimeInterval(targets.holdMinutes * 60))
            } else {
                _ = watch.observe(station: station.id, gaps: [], at: now, hold: 0)
            }
            if targets.autoAcceptMoves, now.timeIntervalSince(lastMoves[station.id] ?? .distantPast) >= 60 {
                lastMoves[station.id] = now
                try await autoMoves(station, scope: scope, now: now)
            }
        }
        let targets = targetsOf
        try await deps.app.alerts.raiseCoverage(due, stations: byID, targets: { targets[$0.id] ?? .standard })
    }

    /// Orders the station's move proposals, skipping units ordered lately.
    func autoMoves(_ station: Jurisdiction, scope: Scope, now: Date) async throws {
        ordered = ordered.filter { $0.value > now }
        let demand = try await PatrolController.callDemand(deps, scope: scope, now: now)
        guard !demand.points.isEmpty else { return }
        // The same proposals the dispatcher's picture shows (key places weighed too).
        let picture = try await PatrolController.picture(deps, tracking, scope: scope, demand: demand, mapPlaces: mapPlaces)
        for move in picture.proposals where ordered[move.unitID] == nil {
            let minutes = max(1, Int((Double(move.driveSeconds) / 60).rounded()))
            do {
                _ = try await deps.app.messages.autoOrderMove(move.unitID, to: move.postID, text: { _, post in
                    PatrolController.orderText(post: post, minutes: minutes)
                }).get()
                ordered[move.unitID] = now.addingTimeInterval(TimeInterval(move.driveSeconds) + 300)
                logger.info("automatic patrol move", metadata: ["unit": "\(move.callsign)", "post": "\(move.postName)"])
            } catch let e as DomainError where e.code == .unitUnavailable {
                continue   // went busy since the picture was drawn
            }
        }
    }
}
