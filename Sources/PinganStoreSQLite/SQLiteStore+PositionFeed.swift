import PinganStore

/// `PositionFeed`: an embedded store serves one instance, so there is nobody to tell.
extension SQLiteStore {
    public func publishPositions(_ positions: [TrackRecord]) async throws {}

    /// Waits until cancelled: no other instance writes here.
    public func followPositions(_ receive: @escaping @Sendable ([TrackRecord]) async -> Void) async throws {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
