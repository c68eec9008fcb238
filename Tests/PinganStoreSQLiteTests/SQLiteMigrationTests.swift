import Foundation
import GRDB
import PinganCore
import PinganStore
@testable import PinganStoreSQLite
import Testing

@Suite("SQLite migrations")
struct SQLiteMigrationTests {
    /// A deployment from before callsigns were unique may hold two units of one station with the
    /// same callsign: the migration must still apply, key the first, and leave the other unkeyed.
    @Test func callsignKeysAreBackfilledAroundOldDuplicates() throws {
        let queue = try DatabaseQueue()
        let migrator = SQLiteMigrations.migrator
        try migrator.migrate(queue, upTo: "v3: messages to units")
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let units = [("u1", "HP01-1", "/c/s1/"), ("u2", "hp01-1", "/c/s1/"), ("u3", "HP01-1", "/c/s2/"), ("u4", "ＨＰ01-2", "/c/s1/")].map {
            PoliceUnit(id: UnitID($0.0), callsign: $0.1, kind: .patrolCar, stationID: JurisdictionID("s"), statusSince: t0, crew: 2, path: $0.2)
        }
        try queue.write { db in
            for unit in units {
                try db.execute(sql: "INSERT INTO units (id, path, version, doc) VALUES (?, ?, 1, ?)",
                               arguments: [unit.id.rawValue, unit.path, String(decoding: try JSONCoding.encoder.encode(unit), as: UTF8.self)])
            }
        }
        try migrator.migrate(queue)
        let keys = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, callsign_key FROM units ORDER BY id").map { ($0["id"] as String, $0["callsign_key"] as String?) }
        }
        #expect(keys.map(\.0) == ["u1", "u2", "u3", "u4"])
        #expect(keys.map(\.1) == ["HP01-1", nil, "HP01-1", "HP01-2"])
        // From here on the index refuses a second one.
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO units (id, path, version, doc, callsign_key) VALUES ('u5', '/c/s1/', 1, '{}', 'HP01-2')")
            }
        }
    }

    /// Review of issue 13's fix: the unit the migration left without a key must still take every
    /// later write (status, assignment), or an incident it is on could never be closed; the
    /// callsign key is written when a unit is created and never rewritten.
    @Test func anOldDuplicateStillTakesUpdatesAndSurvivesARestore() async throws {
        let queue = try DatabaseQueue()
        try SQLiteMigrations.migrator.migrate(queue, upTo: "v3: messages to units")
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let units = [("u1", "HP01-1"), ("u2", "hp01-1")].map {
            PoliceUnit(id: UnitID($0.0), callsign: $0.1, kind: .patrolCar, stationID: JurisdictionID("s"), statusSince: t0, crew: 2, path: "/c/s1/")
        }
        try await queue.write { db in
            for unit in units {
                try db.execute(sql: "INSERT INTO units (id, path, version, doc) VALUES (?, ?, 1, ?)",
                               arguments: [unit.id.rawValue, unit.path, String(decoding: try JSONCoding.encoder.encode(unit), as: UTF8.self)])
            }
        }
        try SQLiteMigrations.migrator.migrate(queue)
        let store = SQLiteStore(writer: queue)
        for var unit in units {
            unit.status = .outOfService
            unit.version = 2
            let event = Event(type: .unitStatusChanged, subject: unit.id.rawValue, path: unit.path, data: .null)
            _ = try await store.commit(Changeset(actor: .system, command: .setUnitStatus, at: t0, events: [event], writes: [.unit(unit)]))
        }
        let keys = { try await queue.read { db in try Row.fetchAll(db, sql: "SELECT callsign_key FROM units ORDER BY id").map { $0[0] as String? } } }
        #expect(try await keys() == ["HP01-1", nil])

        // A restore of that deployment elsewhere brings both back, the second again without a key.
        let copy = SQLiteStore(writer: try DatabaseQueue())
        try await copy.migrate()
        try await copy.restore(RestoreBatch(writes: units.map { .unit($0) }))
        let restored = try await copy.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, callsign_key FROM units ORDER BY id").map { ($0["id"] as String, $0["callsign_key"] as String?) }
        }
        #expect(restored.map(\.0) == ["u1", "u2"])
        #expect(restored.map(\.1) == ["HP01-1", nil])
    }

    /// Records stored a row each (v9–v15) move into chunks: every one is read back by sensor and
    /// by plate as before, its key still refuses it a second time, and a later batch goes on.
    @Test func sensorRecordsMoveIntoChunks() async throws {
        let queue = try DatabaseQueue()
        try SQLiteMigrations.migrator.migrate(queue, upTo: "v15: actual houses and organisations")
        let t0 = Date(auditMilliseconds: 1_790_000_000_000)
        let plates = try (0..<7).map { try PlateNumber.normalise("沪A1000\($0)") }
        // 600 reads of two gates in three batches (one of 300, past a chunk's 256), two stations.
        let records = (0..<600).map { n in
            SensorRecord(sensorID: SensorID(n % 2 == 0 ? "gate-a" : "gate-b"), batchID: "b\(n / 200)", seq: n, at: t0 + Double(n),
                         kind: .plate, path: n % 2 == 0 ? "/c/s1/" : "/c/s2/", plate: n % 5 == 4 ? nil : plates[n % plates.count],
                         plateColour: "blue", confidence: 0.9)
        }
        try await queue.write { db in
            for r in records {
                let row = SensorRecordRow(r)
                try db.execute(sql: """
                    INSERT INTO sensor_records (sensor_id, batch_id, seq, at_ms, path, kind, plate, doc_hash, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [row.sensorID, row.batchID, row.seq, row.atMs, row.path, row.kind, row.plate, row.docHash, row.doc])
            }
            // The first half indexed in the old plate index, the rest past its mark.
            try db.execute(sql: "INSERT INTO sensor_plates SELECT plate, at_ms, id FROM sensor_records WHERE id <= 300 AND plate IS NOT NULL")
            try db.execute(sql: "UPDATE sensor_plates_upto SET upto = 300")
        }
        try SQLiteMigrations.migrator.migrate(queue)
        let store = SQLiteStore(writer: queue)
        let everyone = Scope(path: "/")
        for sensor in ["gate-a", "gate-b"] {
            let found = try await store.sensorRecords(of: SensorID(sensor), from: .distantPast, to: .distantFuture, scope: everyone, limit: 1000)
            #expect(found == records.filter { $0.sensorID.rawValue == sensor }.reversed())
        }
        for plate in plates {
            let found = try await store.sensorRecords(plate: plate.text, from: .distantPast, to: .distantFuture, scope: Scope(path: "/c/s2/"), limit: 1000)
            #expect(found == records.filter { $0.plate == plate && $0.path == "/c/s2/" }.reversed(), "\(plate.text)")
        }
        #expect(try await store.appendSensorRecords(Array(records[100..<200])) == 0)
        let next = SensorRecord(sensorID: SensorID("gate-a"), batchID: "b3", seq: 0, at: t0 + 700, kind: .plate, path: "/c/s1/", plate: plates[0])
        #expect(try await store.appendSensorRecords([next]) == 1)
        #expect(try await store.sensorRecords(plate: plates[0].text, from: t0 + 650, to: .distantFuture, scope: everyone, limit: 10) == [next])
    }

    @Test func plateIndexRowsBecomePages() async throws {
        let queue = try DatabaseQueue()
        try SQLiteMigrations.migrator.migrate(queue, upTo: "v16: sensor records in chunks")
        let t0 = Date(auditMilliseconds: 1_790_000_000_000)
        let plates = try (0..<7).map { try PlateNumber.normalise("沪A2000\($0)") }
        let records = (0..<600).map { n in
            SensorRecord(sensorID: SensorID("gate-a"), batchID: "b\(n / 200)", seq: n, at: t0 + Double(n), kind: .plate, path: "/c/s1/",
                         plate: n % 5 == 4 ? nil : plates[n % plates.count])
        }
        try await queue.write { db in
            let insert = try SQLiteStore.ChunkInsert(db)
            for chunk in SensorChunk.chunks(records.map(SensorChunk.Line.init)) { try insert(chunk) }
            // The first two chunks indexed as the index's rows were, one per read.
            try db.execute(sql: "INSERT INTO sensor_plate_runs (first_ms, last_ms) VALUES (?, ?)", arguments: [t0.auditMilliseconds, (t0 + 399).auditMilliseconds])
            for r in records.prefix(400) where r.plate != nil {
                try db.execute(sql: "INSERT INTO sensor_plates (run, plate, chunk, seq) VALUES (1, ?, ?, ?)",
                               arguments: [r.plate!.text, r.seq < 200 ? 1 : 2, r.seq])
            }
            try db.execute(sql: "UPDATE sensor_plates_upto SET upto = 2")
        }
        try SQLiteMigrations.migrator.migrate(queue)
        let tables = try await queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'sensor_plate%' ORDER BY name") }
        #expect(tables == ["sensor_plate_pages", "sensor_plate_runs", "sensor_plate_runs_last", "sensor_plates_upto"])
        let (upto, pages) = try await queue.read { (try SQLiteStore.platesIndexedUpTo($0), try Int.fetchOne($0, sql: "SELECT count(*) FROM sensor_plate_pages") ?? 0) }
        #expect(upto == 3 && pages > 0, "every chunk indexed again, in pages")
        let store = SQLiteStore(writer: queue)
        for plate in plates {
            let found = try await store.sensorRecords(plate: plate.text, from: .distantPast, to: .distantFuture, scope: Scope(path: "/"), limit: 1000)
            #expect(found == records.filter { $0.plate == plate }.reversed(), "\(plate.text)")
        }
    }
}
