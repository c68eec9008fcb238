import Foundation
import GRDB
import PinganCore
import PinganStore

extension SQLiteStore {
    /// One write transaction per batch: the tracker hands over a POST's worth of thinned points
    /// at once, so a batch of thousands costs one fsync, not thousands.
    public func appendTrackPoints(_ points: [TrackRecord]) async throws {
        guard !points.isEmpty else { return }
        try await writeAlone { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO tracks (unit_id, at_ms, lat, lon, speed, heading, path) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_id, at_ms) DO NOTHING
                """)
            for p in points {
                try statement.execute(arguments: [p.unitID.rawValue, p.at.auditMilliseconds, p.lat, p.lon, p.speed, p.heading, p.path])
            }
        }
    }

    public func latestPositions() async throws -> [TrackRecord] {
        try await writer.read { db in
            // SQLite's bare-column rule: with MAX() the other columns come from the row holding the maximum.
            try Row.fetchAll(db, sql: """
                SELECT unit_id, MAX(at_ms) AS at_ms, lat, lon, speed, heading, path FROM tracks GROUP BY unit_id ORDER BY unit_id
                """).map(Self.trackRecord)
        }
    }

    public func track(of unit: UnitID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [TrackRecord] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT unit_id, at_ms, lat, lon, speed, heading, path FROM tracks
                WHERE unit_id = ? AND at_ms BETWEEN ? AND ? AND path >= ? AND path < ? ORDER BY at_ms LIMIT ?
                """, arguments: [unit.rawValue, from.auditMilliseconds, to.auditMilliseconds, lower, upper, limit]).map(Self.trackRecord)
        }
    }

    static func trackRecord(_ row: Row) -> TrackRecord {
        TrackRecord(unitID: UnitID(row["unit_id"] as String), path: row["path"], at: Date(auditMilliseconds: row["at_ms"]),
                    lat: row["lat"], lon: row["lon"], speed: row["speed"], heading: row["heading"])
    }
}
