import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `SensorRecordStore`: the hot append path and the scoped reads.
extension PostgresStore {
    /// One transaction and one statement per chunk of the batch: every column travels as one
    /// array and `unnest` turns them back into rows, so a batch of thousands costs a round trip,
    /// not thousands. Nullable columns travel as text with `''` for nil (a driver array has no
    /// NULL elements) and become NULL again in the statement.
    public func appendSensorRecords(_ records: [SensorRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let rows = records.map(SensorRecordRow.init)
        return try await client.inTransaction(logger: logger) { connection in
            var inserted = 0
            for start in stride(from: 0, to: rows.count, by: Self.recordChunk) {
                let chunk = rows[start..<min(rows.count, start + Self.recordChunk)]
                let counts = try await connection.query("""
                    WITH inserted AS (
                        INSERT INTO sensor_records (sensor_id, batch_id, seq, at_ms, path, kind, plate, doc_hash, doc)
                        SELECT s, b, q, t, p, k, NULLIF(pl, ''), NULLIF(h, ''), d
                        FROM unnest(\(chunk.map(\.sensorID)), \(chunk.map(\.batchID)), \(chunk.map(\.seq)), \(chunk.map(\.atMs)),
                                    \(chunk.map(\.path)), \(chunk.map(\.kind)), \(chunk.map { $0.plate ?? "" }),
                                    \(chunk.map { $0.docHash ?? "" }), \(chunk.map(\.doc))) AS r(s, b, q, t, p, k, pl, h, d)
                        ON CONFLICT (sensor_id, batch_id, seq) DO NOTHING
                        RETURNING 1
                    )
                    SELECT count(*) FROM inserted
                    """, logger: logger)
                for try await n in counts.decode(Int64.self) { inserted += Int(n) }
            }
            return inserted
        }
    }

    /// Rows per statement: a few megabytes of documents at most, whatever the batch.
    static let recordChunk = 5000

    public func sensorRecords(of sensor: SensorID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        try await records(where: "sensor_id", sensor.rawValue, from: from, to: to, scope: scope, limit: limit)
    }

    public func sensorRecords(plate: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        try await records(where: "plate", plate, from: from, to: to, scope: scope, limit: limit)
    }

    public func purgeSensorRecords(before: Date) async throws -> Int {
        // As in SQLite: one range of the (sensor_id, at_ms) index per sensor, the sensors found
        // by seeking from one to the next.
        let rows = try await client.query("""
            WITH RECURSIVE sensor(id) AS (
                SELECT min(sensor_id) FROM sensor_records
                UNION ALL
                SELECT (SELECT min(sensor_id) FROM sensor_records WHERE sensor_id > sensor.id) FROM sensor WHERE sensor.id IS NOT NULL
            ), deleted AS (
                DELETE FROM sensor_records WHERE sensor_id IN (SELECT id FROM sensor) AND at_ms < \(before.auditMilliseconds) RETURNING 1
            )
            SELECT count(*) FROM deleted
            """, logger: logger)
        var deleted = 0
        for try await n in rows.decode(Int64.self) { deleted += Int(n) }
        return deleted
    }

    /// Records whose `column` equals `key` in the time window and scope, newest first.
    private func records(where column: String, _ key: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        var binds = PostgresBindings()
        binds.append(key)
        binds.append(from.auditMilliseconds)
        binds.append(to.auditMilliseconds)
        let range = Self.inRange("path", scope, &binds)
        binds.append(max(limit, 0))
        let docs = try await strings(PostgresQuery(unsafeSQL: """
            SELECT doc FROM sensor_records
            WHERE \(column) = $1 AND at_ms BETWEEN $2 AND $3 AND \(range)
            ORDER BY at_ms DESC, sensor_id DESC, batch_id DESC, seq DESC LIMIT $\(binds.count)
            """, binds: binds))
        return try docs.map { try ProjectionRow.decode(SensorRecord.self, $0) }
    }
}
