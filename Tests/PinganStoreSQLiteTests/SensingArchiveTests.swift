import Foundation
import PinganCore
import PinganGeo
import PinganStore
import PinganStoreSQLite
import Testing

/// `pingan export` / `pingan import` carry sensors, watchlists, their entries and alerts like
/// every other entity, and leave sensor records behind as they leave tracks.
@Suite("Deployment archive with sensing")
struct SensingArchiveTests {
    @Test("sensors, watchlists, entries and alerts survive an export and import")
    func roundTrip() async throws {
        let source = try SQLiteStore.inMemory()
        try await source.migrate()
        let t0 = Date(auditMilliseconds: 1_790_000_000_000)
        let sensor = Sensor(id: SensorID("gate-1"), name: "G60", kind: .gate, jurisdictionID: JurisdictionID("s1"), location: Coordinate(lat: 31.2, lon: 121.4),
                            tokenHash: "hash-1", path: "/c/s1/")
        let list = Watchlist(id: WatchlistID("w1"), name: "stolen", reason: "case 1", jurisdictionID: JurisdictionID("d"), severity: .severe, validFrom: t0,
                             visibleTo: [JurisdictionID("s2")], audience: Audience(paths: ["/c/", "/c/s2/"]), path: "/c/")
        let entries = try (0..<3).map {
            WatchlistEntry(id: WatchlistEntryID("e\($0)"), watchlistID: list.id, kind: .plate, plate: try PlateNumber.normalise("沪A1000\($0)"),
                           path: list.path, active: $0 != 1)
        }
        let alerts = (0..<3).map {
            Alert(id: AlertID("a\($0)"), kind: .watchlistHit, severity: .severe, title: "hit \($0)", action: "stop", location: Coordinate(lat: 31.2, lon: 121.4),
                  jurisdictionID: JurisdictionID("s1"), audience: list.audience, raisedAt: t0 + Double($0), acknowledgeBy: t0 + 60, handleBy: t0 + 600,
                  cause: "plate:x", groupID: $0 == 0 ? nil : AlertID("a0"), path: "/c/s1/")
        }
        let writes: [EntityWrite] = [.sensor(sensor), .watchlist(list)] + entries.map { .watchlistEntry($0) } + alerts.map { .alert($0) }
        _ = try await source.commit(Changeset(actor: .system, command: .createSensor, at: t0, events: [Event(type: .sensorCreated, subject: "gate-1", path: "/c/s1/", data: .null)],
                                          writes: writes))
        let record = SensorRecord(sensorID: sensor.id, batchID: "b", seq: 0, at: t0, kind: .plate, path: sensor.path, plate: entries[0].plate)
        #expect(try await source.appendSensorRecords([record]) == 1)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-archive-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let exported = try await DeploymentArchive.export(source, to: handle)
        try handle.close()
        #expect(exported.entities == writes.count)

        let target = try SQLiteStore.inMemory()
        try await target.migrate()
        let imported = try await DeploymentArchive.restore(from: file, into: target)
        #expect(imported.entities == writes.count)
        #expect(try await target.sensors(scope: .everything) == [sensor])
        #expect(try await target.sensor(tokenHash: "hash-1") == sensor)
        #expect(try await target.allWatchlists() == [list])
        #expect(try await target.watchlistEntries(of: list.id, scope: .everything, limit: 10, offset: 0) == entries)
        #expect(try await target.alerts(AlertQuery(heads: false), scope: .everything) == alerts.reversed())
        #expect(try await target.sensorRecords(of: sensor.id, from: t0, to: t0, scope: .everything, limit: 10).isEmpty)
        #expect(try await target.verifyChain().isIntact)
    }
}
