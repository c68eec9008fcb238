import Foundation
import Logging
import PinganApp
import PinganCore
import PinganGeo
@testable import PinganServer
import PinganStore
import Testing

/// Dynamic patrol's clock-driven watch (issue 20): station A's cars stand on East Nanjing Road,
/// its zone and the calls of the last weeks lie a ten minutes' drive west. With the policy's
/// alerts on, the zone (and the key places in it) out of reach raise an alert once the grace has
/// passed, once; with auto-accept on, an idle car is ordered west by the server, once.
@Suite("Patrol watch")
struct PatrolWatchTests {
    /// The world's services with live positions, and the watch over them.
    static func watching(_ world: TestWorld) throws -> (AppServices, PositionTracking, PatrolWatch) {
        let logger = Logger(label: "test")
        let tracking = PositionTracking(network: TestMap.shanghai, store: world.store, time: world.time, logger: logger)
        let app = AppServices(store: world.store, time: world.time, tracking: tracking)
        let deps = Dependencies(store: world.store, app: app, time: world.time, configuration: TestWorld.configuration, body: BodyReader(limit: 1 << 20),
                                metrics: ServerMetrics(), limiter: LoginLimiter(policy: .init()), proxies: try TrustedProxies([]), decoyHash: "",
                                logger: logger)
        return (app, tracking, PatrolWatch(deps: deps, tracking: tracking, logger: logger))
    }

    @Test func aGapPastItsGraceRaisesOneAlertAndAnIdleCarIsMovedOnce() async throws {
        let world = try await TestWorld.make()
        let (app, tracking, watch) = try Self.watching(world)
        let f = world.fixtures
        let far = Coordinate(lat: 31.2016684, lon: 121.4319426)
        let h = 0.01
        let zone = try await app.organisation.createZone(stationID: f.stationA.id, name: "西巡区", boundary: [
            Coordinate(lat: far.lat - h, lon: far.lon - h), Coordinate(lat: far.lat - h, lon: far.lon + h),
            Coordinate(lat: far.lat + h, lon: far.lon + h), Coordinate(lat: far.lat + h, lon: far.lon - h)], unitIDs: [], by: f.admin).get()
        let post = try await app.organisation.createPost(stationID: f.stationA.id, kind: .streetPost, name: "西区岗", location: far, by: f.admin).get()
        for k in 0..<5 {
            _ = try await app.incidents.create(NewIncident(category: "publicOrder", priority: .p3, location: Coordinate(lat: far.lat + Double(k) * 0.0002, lon: far.lon),
                                                           address: "西区 \(k)", description: "噪音"), by: f.dispatcher).get()
        }
        let station = try #require(try await world.store.jurisdiction(f.stationA.id, scope: .everything))
        var policy = JurisdictionPolicy()
        policy.patrolTargets = PatrolTargets(reachSeconds: 180, minZoneShare: 0.8, holdMinutes: 2, alerts: true, autoAcceptMoves: true)
        _ = try await app.organisation.setPolicy(station.id, policy, version: station.version, by: f.admin).get()
        try await tracking.start()
        let now = world.time.now()
        _ = try await tracking.ingest(f.unitsA.prefix(2).map { PositionFix(unit: $0.id, time: now, lat: TestMap.nearA.lat, lon: TestMap.nearA.lon) },
                                      by: f.admin, now: now)

        func gapAlerts() async throws -> [Alert] {
            try await world.store.alerts(AlertQuery(heads: false), scope: .everything).filter { $0.kind == .coverageGap }
        }
        func orders() async throws -> [Message] {
            var all: [Message] = []
            for u in f.unitsA { all += try await world.store.messages(MessageQuery(unitID: u.id), scope: .everything) }
            return all
        }

        try await watch.sweep()
        #expect(try await gapAlerts().isEmpty, "the grace has not passed")
        let first = try await orders()
        #expect(first.count == 1 && first[0].text.contains("西区岗") && first[0].from.name.contains("auto"), "\(first.map(\.text))")

        world.time.advance(by: 150)
        try await watch.sweep()
        let raised = try await gapAlerts()
        let zoneAlert = try #require(raised.first { $0.cause.hasSuffix("zone:\(zone.id.rawValue)") }, "\(raised.map(\.title))")
        #expect(zoneAlert.title.contains("西巡区") && zoneAlert.jurisdictionID == f.stationA.id && zoneAlert.severity == .moderate)
        #expect(try await orders().count == 1, "the car ordered west is left alone while it drives")

        world.time.advance(by: 60)
        try await watch.sweep()
        #expect(try await gapAlerts().count == raised.count, "one alert per stretch below target")
        let audit = try await world.store.auditEvents(AuditQuery(type: EventType.alertRaised.rawValue, limit: 50), scope: .everything)
        #expect(!audit.isEmpty)
        _ = post
    }

    /// The standard targets raise nothing and move nobody: a bureau turns both on.
    @Test func theStandardTargetsLeaveItToTheDispatcher() async throws {
        let world = try await TestWorld.make()
        let (app, tracking, watch) = try Self.watching(world)
        let f = world.fixtures
        let far = Coordinate(lat: 31.2016684, lon: 121.4319426)
        _ = try await app.organisation.createZone(stationID: f.stationA.id, name: "西巡区", boundary: [
            Coordinate(lat: far.lat - 0.01, lon: far.lon - 0.01), Coordinate(lat: far.lat - 0.01, lon: far.lon + 0.01),
            Coordinate(lat: far.lat + 0.01, lon: far.lon + 0.01)], unitIDs: [], by: f.admin).get()
        _ = try await app.organisation.createPost(stationID: f.stationA.id, kind: .streetPost, name: "西区岗", location: far, by: f.admin).get()
        _ = try await app.incidents.create(NewIncident(category: "publicOrder", priority: .p3, location: far, address: "西区", description: "噪音"),
                                           by: f.dispatcher).get()
        try await tracking.start()
        _ = try await tracking.ingest(f.unitsA.prefix(2).map { PositionFix(unit: $0.id, time: world.time.now(), lat: TestMap.nearA.lat, lon: TestMap.nearA.lon) },
                                      by: f.admin, now: world.time.now())
        let before = try await world.store.lastSequence()
        for _ in 0..<3 {
            try await watch.sweep()
            world.time.advance(by: 900)
        }
        #expect(try await world.store.lastSequence() == before, "no alert, no order")
    }
}
