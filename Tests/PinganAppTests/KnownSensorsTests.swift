import Foundation
import PinganApp
import PinganCore
import PinganGeo
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// A sensor's batches read their sensor from memory (`KnownSensors`): two application layers on
/// one store stand for two instances, each with its own copies.
@Suite("Sensors a batch reads from memory")
struct KnownSensorsTests {
    struct World {
        let store: SQLiteStore
        let time: TestTime
        let one: AppServices
        let other: AppServices
        let fixtures: Fixtures
    }

    static func world() async throws -> World {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let time = TestTime(Date(timeIntervalSince1970: 1_790_000_000))
        let one = AppServices(store: store, time: time)
        let fixtures = try await Fixtures.seed(one)
        return World(store: store, time: time, one: one, other: AppServices(store: store, time: time), fixtures: fixtures)
    }

    static func register(_ app: AppServices, _ f: Fixtures) async throws -> PublicSensor {
        let input = SensorCommands.NewSensor(name: "南京东路卡口", kind: .gate, jurisdictionID: f.stationA.id, location: Coordinate(lat: 31.2352, lon: 121.4801))
        return try await app.sensors.create(input, token: "t", tokenHash: "hash-\(UUID().uuidString)", by: f.admin).get().sensor
    }

    static func post(_ app: AppServices, _ w: World, _ sensor: PublicSensor, batch: String) async throws -> SensorCommands.BatchResult {
        let reads = [SensorRecordInput(at: w.time.now(), kind: .plate, plate: "沪A12345")]
        return try await app.sensors.post(reads, batchID: batch, sensor: sensor.id, by: w.fixtures.admin).get()
    }

    @Test("a batch decided on an outdated copy of its sensor is decided again from the stored sensor")
    func outdatedCopy() async throws {
        let w = try await Self.world()
        // Registered on `other`, which keeps the new (offline) sensor; `one` brings it online.
        let sensor = try await Self.register(w.other, w.fixtures)
        #expect(try await Self.post(w.one, w, sensor, batch: "b1").accepted == 1)
        let online = try #require(try await w.store.sensor(sensor.id, scope: .everything))
        #expect(online.status == .online && online.version == sensor.version + 1)
        // `other` still holds it offline: its write conflicts, and the attempt after the conflict
        // reads the stored sensor, already online, so nothing more is written.
        #expect(try await Self.post(w.other, w, sensor, batch: "b2").accepted == 1)
        #expect(try await w.store.sensor(sensor.id, scope: .everything)?.version == online.version)
        #expect(try await w.store.verifyChain().isIntact)
    }

    @Test("a retired sensor is refused at once where it was retired, and on another instance once its copy is two seconds old")
    func retired() async throws {
        let w = try await Self.world()
        let sensor = try await Self.register(w.one, w.fixtures)
        _ = try await Self.post(w.other, w, sensor, batch: "b1")
        let current = try #require(try await w.store.sensor(sensor.id, scope: .everything))
        _ = try await w.one.sensors.update(sensor.id, .init(version: current.version, active: false), by: w.fixtures.admin).get()
        await #expect(throws: DomainError.self) { try await Self.post(w.one, w, sensor, batch: "b2") }
        try await Task.sleep(for: .milliseconds(2_100))
        let refused = await #expect(throws: DomainError.self) { try await Self.post(w.other, w, sensor, batch: "b3") }
        #expect(refused?.code == .inactive)
    }
}
