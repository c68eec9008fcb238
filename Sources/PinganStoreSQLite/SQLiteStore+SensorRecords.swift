import Foundation
import GRDB
import PinganCore
import PinganStore

/// `SensorRecordStore`: the hot append path and the scoped reads.
extension SQLiteStore {
    /// One savepoint of the group transaction per batch (batches posted together share one
    /// fsync), and inside it one prepared statement stepped once per record. Documents and
    /// columns are built before the job reaches the writer, so the one writer thread only binds
    /// and steps.
    public func appendSensorRecords(_ records: [SensorRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let rows = records.map(SensorRecordRow.init)
        return try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO sensor_records (sensor_id, batch_id, seq, at_ms, path, kind, plate, doc_hash, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sensor_id, batch_id, seq) DO NOTHING
                """)
            var inserted = 0
            for r in rows {
                statement.setUncheckedArguments([r.sensorID, r.batchID, r.seq, r.atMs, r.path, r.kind, r.plate, r.docHash, r.doc])
                try statement.execute()
                inserted += db.changesCount
            }
            return inserted
        }
    }

    public func sensorRecords(of sensor: SensorID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        try await records(where: "sensor_id = ?", sensor.rawValue, from: from, to: to, scope: scope, limit: limit)
    }

    public func sensorRecords(plate: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        try await records(where: "plate = ?", plate, from: from, to: to, scope: scope, limit: limit)
    }

    public func purgeSensorRecords(before: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM sensor_records WHERE at_ms < ?", arguments: [before.auditMilliseconds])
            return db.changesCount
        }
    }

    /// Records matching `condition` (one bound `key`) in the time window and scope, newest first.
    private func records(where condition: String, _ key: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT doc FROM sensor_records
                WHERE \(condition) AND at_ms BETWEEN ? AND ? AND path >= ? AND path < ?
                ORDER BY at_ms DESC, sensor_id DESC, batch_id DESC, seq DESC LIMIT ?
                """, arguments: [key, from.auditMilliseconds, to.auditMilliseconds, lower, upper, max(limit, 0)])
        }
        return try docs.map { try ProjectionRow.decode(SensorRecord.self, $0) }
    }
}
