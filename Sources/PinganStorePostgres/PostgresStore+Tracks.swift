import Foundation
import PinganCore
import PinganStore
import PostgresNIO

extension PostgresStore {
    /// One transaction per batch, one multi-row INSERT per chunk of rows: the round trips, not
    /// the rows, are what cost on a network database.
    public func appendTrackPoints(_ points: [TrackRecord]) async throws {
        guard !points.isEmpty else { return }
        try await client.inTransaction(logger: logger) { connection in
            for start in stride(from: 0, to: points.count, by: Self.trackChunk) {
                let chunk = points[start..<min(points.count, start + Self.trackChunk)]
                var bindings = PostgresBindings(capacity: chunk.count * 7)
                var rows: [String] = []
                rows.reserveCapacity(chunk.count)
                for (i, p) in chunk.enumerated() {
                    let b = i * 7
                    rows.append("($\(b + 1), $\(b + 2), $\(b + 3), $\(b + 4), $\(b + 5), $\(b + 6), $\(b + 7))")
                    bindings.append(p.unitID.rawValue)
                    bindings.append(p.at.auditMilliseconds)
                    bindings.append(p.lat)
                    bindings.append(p.lon)
                    bindings.append(p.speed)
                    bindings.append(p.heading)
                    bindings.append(p.path)
                }
                let sql = "INSERT INTO tracks (unit_id, at_ms, lat, lon, speed, heading, path) VALUES "
                    + rows.joined(separator: ", ") + " ON CONFLICT (unit_id, at_ms) DO NOTHING"
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            }
        }
    }

    /// Rows per INSERT statement: 7 parameters each stays well under PostgreSQL's 65,535.
    static let trackChunk = 1000

    public func latestPositions() async throws -> [TrackRecord] {
        let rows = try await client.query("""
            SELECT DISTINCT ON (unit_id) unit_id, at_ms, lat, lon, speed, heading, path
            FROM tracks ORDER BY unit_id, at_ms DESC
            """, logger: logger)
        var out: [TrackRecord] = []
        for try await (unit, at, lat, lon, speed, heading, path) in rows.decode((String, Int64, Double, Double, Double?, Double?, String).self) {
            out.append(TrackRecord(unitID: UnitID(unit), path: path, at: Date(auditMilliseconds: at), lat: lat, lon: lon,
                                   speed: speed, heading: heading))
        }
        return out
    }

    public func track(of unit: UnitID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [TrackRecord] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        let rows = try await client.query("""
            SELECT unit_id, at_ms, lat, lon, speed, heading, path FROM tracks
            WHERE unit_id = \(unit.rawValue) AND at_ms BETWEEN \(from.auditMilliseconds) AND \(to.auditMilliseconds)
              AND path >= \(lower) AND path < \(upper)
            ORDER BY at_ms LIMIT \(limit)
            """, logger: logger)
        var out: [TrackRecord] = []
        for try await (unit, at, lat, lon, speed, heading, path) in rows.decode((String, Int64, Double, Double, Double?, Double?, String).self) {
            out.append(TrackRecord(unitID: UnitID(unit), path: path, at: Date(auditMilliseconds: at), lat: lat, lon: lon,
                                   speed: speed, heading: heading))
        }
        return out
    }
}
