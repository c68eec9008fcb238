import Foundation
import PinganCore

/// Units' thinned tracks (see `TrackRecord` for why they are not events).
public protocol TrackStore: Sendable {
    /// Appends thinned track points in one transaction; a point already stored for the same unit
    /// and instant is kept as it was.
    func appendTrackPoints(_ points: [TrackRecord]) async throws
    /// The newest track point of every unit, unscoped: the server reads it once at start to put
    /// every unit back where it was last seen.
    func latestPositions() async throws -> [TrackRecord]
    /// One unit's stored track points in `[from, to]`, oldest first, at most `limit`, scoped like
    /// every read (a unit outside the scope has no track).
    func track(of unit: UnitID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [TrackRecord]
}
