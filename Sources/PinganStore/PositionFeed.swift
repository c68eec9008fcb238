import Foundation
import PinganCore

/// Positions shared by every instance on one database. A fix posted to one instance is stored
/// there (`TrackStore`) and then published; every other instance follows the feed and puts the
/// unit where the fix says, so its recommendations, coverage and live map match the first
/// instance's within the feed's delay. Positions are not events, so this is not the audit log:
/// a follower that was down simply starts from the stored latest positions.
public protocol PositionFeed: Sendable {
    /// Tells the other instances about the newest accepted fix of each unit in a batch.
    func publishPositions(_ positions: [TrackRecord]) async throws
    /// Calls `receive` with every batch another instance publishes, until cancelled.
    func followPositions(_ receive: @escaping @Sendable ([TrackRecord]) async -> Void) async throws
}

/// The text form positions travel in: an origin line (so an instance skips its own), then one
/// line per position: unit ID, milliseconds since 1970, latitude, longitude, speed and heading
/// (empty when absent), tab-separated. Chunked so each message stays under `maxBytes`
/// (PostgreSQL's NOTIFY payload limit is 8000 bytes). The path is left out: followers know
/// each unit's path from their own roster.
public enum PositionFeedCodec {
    public static func encode(_ positions: [TrackRecord], origin: String, maxBytes: Int = 7000) -> [String] {
        var chunks: [String] = []
        var current = origin
        for p in positions where !p.unitID.rawValue.contains(where: { $0 == "\t" || $0 == "\n" }) {
            let line = "\n\(p.unitID.rawValue)\t\(p.at.auditMilliseconds)\t\(p.lat)\t\(p.lon)\t\(p.speed.map { "\($0)" } ?? "")\t\(p.heading.map { "\($0)" } ?? "")"
            if current.utf8.count + line.utf8.count > maxBytes && current != origin {
                chunks.append(current)
                current = origin
            }
            current += line
        }
        if current != origin { chunks.append(current) }
        return chunks
    }

    /// The origin and the positions of one message; lines that do not parse are skipped.
    public static func decode(_ text: String) -> (origin: String, positions: [TrackRecord])? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let origin = String(lines.removeFirst())
        let positions = lines.compactMap { line -> TrackRecord? in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 6, let ms = Int64(f[1]), let lat = Double(f[2]), let lon = Double(f[3]), lat.isFinite, lon.isFinite else { return nil }
            return TrackRecord(unitID: UnitID(String(f[0])), path: "", at: Date(auditMilliseconds: ms), lat: lat, lon: lon,
                               speed: Double(f[4]), heading: Double(f[5]))
        }
        return (origin, positions)
    }
}
