import Foundation
import GRDB
import PinganApp
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// `pingan audit verify` on a real data directory: intact, one edited row, one deleted row.
@Suite("pingan audit verify")
struct AuditVerifyTests {
    /// A data directory whose log holds a seeded organisation and a few incidents.
    func populatedDataDir() async throws -> (URL, Int64) {
        let dir = try temporaryDirectory()
        let store = try SQLiteStore(path: dir.appendingPathComponent("pingan.sqlite").path)
        try await store.migrate()
        let service = AppServices(store: store, time: TestTime())
        let f = try await Fixtures.seed(service)
        for i in 0..<5 { _ = try await service.incidents.create(Fixtures.call("call \(i)"), by: f.dispatcher).get() }
        return (dir, try await store.lastSequence())
    }

    /// Opens the file directly, as someone with disk access would, and lifts the append-only guard.
    func tamper(_ dir: URL, _ sql: String) throws {
        let db = try DatabaseQueue(path: dir.appendingPathComponent("pingan.sqlite").path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
            try db.execute(sql: sql)
        }
    }

    @Test func intactChainPasses() async throws {
        let (dir, rows) = try await populatedDataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try PinganProcess.run(["audit", "verify", "--data-dir", dir.path])
        #expect(result.status == 0)
        #expect(result.output.contains("OK: \(rows) events"))
    }

    @Test func editedRowIsFound() async throws {
        let (dir, _) = try await populatedDataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try tamper(dir, "UPDATE events SET payload = replace(payload, 'call 2', 'call X') WHERE payload LIKE '%call 2%'")
        let result = try PinganProcess.run(["audit", "verify", "--data-dir", dir.path])
        #expect(result.status == 1)
        #expect(result.output.contains("changed after it was written"), "\(result.output)")
    }

    @Test func deletedRowIsFound() async throws {
        let (dir, _) = try await populatedDataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try tamper(dir, "DELETE FROM events WHERE seq = 7")
        let result = try PinganProcess.run(["audit", "verify", "--data-dir", dir.path])
        #expect(result.status == 1)
        #expect(result.output.contains("BROKEN at row 7"), "\(result.output)")
    }

    @Test func deletedLastRowIsFound() async throws {
        let (dir, rows) = try await populatedDataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try tamper(dir, "DELETE FROM events WHERE seq = \(rows)")
        let result = try PinganProcess.run(["audit", "verify", "--data-dir", dir.path])
        #expect(result.status == 1)
        #expect(result.output.contains("removed from the end"), "\(result.output)")
    }

    @Test func appendOnlyGuardRefusesEdits() async throws {
        let (dir, _) = try await populatedDataDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try DatabaseQueue(path: dir.appendingPathComponent("pingan.sqlite").path)
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "UPDATE events SET command = 'x' WHERE seq = 1") } }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM events WHERE seq = 1") } }
    }

    @Test func helpOnEveryCommand() throws {
        for args in [["--help"], ["serve", "--help"], ["user", "add", "--help"], ["audit", "verify", "--help"], ["migrate", "--help"]] {
            let result = try PinganProcess.run(args)
            #expect(result.status == 0, "\(args)")
            #expect(result.output.contains("USAGE"), "\(args)")
        }
    }

    @Test func badCLIInputExitsNonZeroWithAMessage() throws {
        let port = try PinganProcess.run(["serve", "--port", "70000"])
        #expect(port.status != 0)
        #expect(port.output.contains("--port"))
        // Configuration from the environment is checked like the flags, naming the variable.
        let fromEnvironment = try PinganProcess.run(["serve", "--no-map"], environment: ["PINGAN_MAX_CONNECTIONS": "lots"])
        #expect(fromEnvironment.status != 0)
        #expect(fromEnvironment.output.contains("PINGAN_MAX_CONNECTIONS"), "\(fromEnvironment.output)")
        let partitions = try PinganProcess.run(["serve", "--no-map"], environment: ["PINGAN_TRACKER_PARTITIONS": "0"])
        #expect(partitions.status != 0)
        #expect(partitions.output.contains("PINGAN_TRACKER_PARTITIONS"), "\(partitions.output)")
        let proxy = try PinganProcess.run(["serve", "--no-map", "--trusted-proxy", "10.0.0.0/40"])
        #expect(proxy.status != 0)
        #expect(proxy.output.contains("--trusted-proxy"), "\(proxy.output)")
        let role = try PinganProcess.run(["user", "add", "--username", "x", "--role", "emperor", "--password", "long-enough-pw"])
        #expect(role.status != 0)
        #expect(role.output.contains("unknown role"))
    }
}
