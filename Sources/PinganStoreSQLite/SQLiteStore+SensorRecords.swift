import Foundation
import GRDB
import GRDBSQLite
import PinganCore
import PinganStore

/// `SensorRecordStore`: the hot append path and the scoped reads.
extension SQLiteStore {
    /// One savepoint of the group transaction per batch (batches posted together share one
    /// fsync), and inside it one prepared statement stepped once per record. Documents and
    /// columns are built before the job reaches the writer, so the one writer thread only binds
    /// and steps. The plates are not indexed here: once `plateRun` records wait, the batch that
    /// crosses the mark indexes them all in one sorted run (`indexPlates`).
    ///
    /// The values are bound through SQLite's C API on the statement GRDB prepared, not through
    /// `StatementArguments`: boxing nine values a row into `DatabaseValue`s cost about a fifth of
    /// the writer's time per record (measured in release on 100,000 gate reads).
    public func appendSensorRecords(_ records: [SensorRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let rows = records.map(SensorRecordRow.init)
        return try await write { db in
            // A statement of its own, never handed back to GRDB's cache, since it is driven directly.
            let statement = try db.makeStatement(sql: """
                INSERT INTO sensor_records (sensor_id, batch_id, seq, at_ms, path, kind, plate, doc_hash, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sensor_id, batch_id, seq) DO NOTHING
                """)
            let s = statement.sqliteStatement
            defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
            var inserted = 0
            for r in rows {
                sqlite3_reset(s)
                Self.bind(s, 1, r.sensorID)
                Self.bind(s, 2, r.batchID)
                sqlite3_bind_int64(s, 3, r.seq)
                sqlite3_bind_int64(s, 4, r.atMs)
                Self.bind(s, 5, r.path)
                Self.bind(s, 6, r.kind)
                Self.bind(s, 7, r.plate)
                Self.bind(s, 8, r.docHash)
                Self.bind(s, 9, r.doc)
                let code = sqlite3_step(s)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
                }
                inserted += Int(sqlite3_changes(db.sqliteConnection))
            }
            if inserted > 0, db.lastInsertedRowID - (try Self.platesIndexedUpTo(db)) >= Self.plateRun { try Self.indexPlates(db) }
            return inserted
        }
    }

    /// How many records wait, at most, before their plates are indexed: the look-up by plate
    /// scans these few directly (by the integer key, past the mark).
    static let plateRun: Int64 = 16_384

    static func platesIndexedUpTo(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT upto FROM sensor_plates_upto") ?? 0
    }

    /// Indexes the plates of every record past the mark, in plate order, and moves the mark. In
    /// plate order, a run's entries for one index page are written together: a page is dirtied
    /// once per run rather than once per read.
    static func indexPlates(_ db: Database) throws {
        let upto = try platesIndexedUpTo(db)
        try db.execute(sql: """
            INSERT OR IGNORE INTO sensor_plates SELECT plate, at_ms, id FROM sensor_records WHERE id > ? AND plate IS NOT NULL ORDER BY plate, at_ms, id
            """, arguments: [upto])
        try db.execute(sql: "UPDATE sensor_plates_upto SET upto = (SELECT coalesce(max(id), 0) FROM sensor_records)")
    }

    /// Binds text (NULL for nil) for the duration of the step; SQLite copies it.
    private static func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        guard let text else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_text(statement, index, text, -1, transient)
    }

    /// SQLite's `SQLITE_TRANSIENT`: the value is copied before the bind returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    public func sensorRecords(of sensor: SensorID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        try await records(where: "sensor_id = ?1", sensor.rawValue, from: from, to: to, scope: scope, limit: limit)
    }

    /// The indexed records through `sensor_plates`, and those past its mark (at most `plateRun`)
    /// by a scan of the integer key's tail.
    public func sensorRecords(plate: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        try await records(where: """
            id IN (SELECT record FROM sensor_plates WHERE plate = ?1 AND at_ms BETWEEN ?2 AND ?3
                   UNION ALL SELECT id FROM sensor_records WHERE id > (SELECT upto FROM sensor_plates_upto) AND plate = ?1)
            """, plate, from: from, to: to, scope: scope, limit: limit)
    }

    /// One range of the (sensor_id, at_ms) index per sensor: the recursive query walks the
    /// distinct sensors by seeking the next one, so no index on `at_ms` alone has to be kept up
    /// on every append for this daily job.
    /// The purged records' plate entries go first, looked up by their key (as many seeks as
    /// records purged, no scan of the plate index).
    public func purgeSensorRecords(before: Date) async throws -> Int {
        try await writer.write { db in
            let purged = """
                WITH RECURSIVE sensor(id) AS (
                    SELECT min(sensor_id) FROM sensor_records
                    UNION ALL
                    SELECT (SELECT min(sensor_id) FROM sensor_records WHERE sensor_id > sensor.id) FROM sensor WHERE sensor.id IS NOT NULL
                )
                """
            try db.execute(sql: """
                \(purged)
                DELETE FROM sensor_plates WHERE (plate, at_ms, record) IN
                    (SELECT plate, at_ms, id FROM sensor_records WHERE sensor_id IN (SELECT id FROM sensor) AND at_ms < ?1 AND plate IS NOT NULL)
                """, arguments: [before.auditMilliseconds])
            try db.execute(sql: "\(purged) DELETE FROM sensor_records WHERE sensor_id IN (SELECT id FROM sensor) AND at_ms < ?", arguments: [before.auditMilliseconds])
            return db.changesCount
        }
    }

    /// Records matching `condition` (`key` bound as ?1, the window's ends as ?2 and ?3) in the time
    /// window and scope, newest first.
    private func records(where condition: String, _ key: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT doc FROM sensor_records
                WHERE \(condition) AND at_ms BETWEEN ?2 AND ?3 AND path >= ?4 AND path < ?5
                ORDER BY at_ms DESC, sensor_id DESC, batch_id DESC, seq DESC LIMIT ?6
                """, arguments: [key, from.auditMilliseconds, to.auditMilliseconds, lower, upper, max(limit, 0)])
        }
        return try docs.map { try ProjectionRow.decode(SensorRecord.self, $0) }
    }
}
