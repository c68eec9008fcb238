import Foundation
import PinganApp
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// `pingan export` then `pingan import` keeps every event, and the chain still verifies.
@Suite("Moving a deployment with export and import")
struct ExportImportTests {
    func populated() async throws -> (URL, Int64, Int) {
        let dir = try temporaryDirectory()
        let store = try SQLiteStore(path: dir.appendingPathComponent("pingan.sqlite").path)
        try await store.migrate()
        let service = AppServices(store: store, time: TestTime(Date()))
        let f = try await Fixtures.seed(service)
        for i in 0..<25 {
            let incident = try await service.incidents.create(Fixtures.call("call \(i)"), by: f.dispatcher).get()
            if i % 5 == 0 { _ = try await service.incidents.assign(incident.id, units: [(f.unitsA + f.unitsB)[i / 5].id], by: f.dispatcher).get() }
        }
        return (dir, try await store.lastSequence(), try await store.incidents(IncidentQuery(), scope: .everything).total)
    }

    func exportArchive(_ dir: URL) throws -> URL {
        let archive = dir.appendingPathComponent("export.jsonl")
        let out = try PinganProcess.run(["export", "--data-dir", dir.path, "--out", archive.path])
        #expect(out.status == 0, "\(out.output)")
        return archive
    }

    @Test func sqliteToSQLite() async throws {
        let (source, events, incidents) = try await populated()
        let target = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: source); try? FileManager.default.removeItem(at: target) }
        let archive = try exportArchive(source)
        let imported = try PinganProcess.run(["import", "--data-dir", target.path, "--in", archive.path])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("OK: \(events) events, chain intact"))
        let store = try SQLiteStore(path: target.appendingPathComponent("pingan.sqlite").path)
        #expect(try await store.lastSequence() == events)
        #expect(try await store.incidents(IncidentQuery(), scope: .everything).total == incidents)
        // The next incident of the day continues the numbering instead of repeating it.
        let numbers = try await store.incidents(IncidentQuery(limit: 1000), scope: .everything).items.map(\.number)
        #expect(Set(numbers).count == numbers.count)
        #expect(try await store.counters().values.max() == 25)
        // A second import into the now non-empty deployment is refused.
        let again = try PinganProcess.run(["import", "--data-dir", target.path, "--in", archive.path])
        #expect(again.status != 0)
        #expect(again.output.contains("empty deployment"))
    }

    @Test func brokenArchiveIsRefused() async throws {
        let (source, _, _) = try await populated()
        let target = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: source); try? FileManager.default.removeItem(at: target) }
        let archive = try exportArchive(source)
        var text = try String(contentsOf: archive, encoding: .utf8)
        text = text.replacingOccurrences(of: "call 3", with: "call X")
        try text.write(to: archive, atomically: true, encoding: .utf8)
        let imported = try PinganProcess.run(["import", "--data-dir", target.path, "--in", archive.path])
        #expect(imported.status != 0)
        #expect(imported.output.contains("do not continue this log"), "\(imported.output)")
    }

    @Test(.enabled(if: PostgresScratch.available, "set PINGAN_TEST_POSTGRES_URL (scripts/start-test-postgres.sh prints one)"))
    func sqliteToPostgres() async throws {
        let (source, events, _) = try await populated()
        defer { try? FileManager.default.removeItem(at: source) }
        let db = try PostgresScratch()
        defer { db.drop() }
        let archive = try exportArchive(source)
        let imported = try PinganProcess.run(["import", "--database", db.url, "--in", archive.path])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("OK: \(events) events, chain intact"))
        let verify = try PinganProcess.run(["audit", "verify", "--database", db.url])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("OK: \(events) events"))
    }
}
