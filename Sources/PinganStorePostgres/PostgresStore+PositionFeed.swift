import Foundation
import PinganStore
import PostgresNIO

/// `PositionFeed` over PostgreSQL's LISTEN/NOTIFY: no table, no polling, delivered to every
/// listening instance as soon as the publisher's statement commits.
extension PostgresStore {
    static let positionsChannel = "pingan_positions"

    public func publishPositions(_ positions: [TrackRecord]) async throws {
        for chunk in PositionFeedCodec.encode(positions, origin: instanceID) {
            try await client.query("SELECT pg_notify(\(Self.positionsChannel), \(chunk))", logger: logger)
        }
    }

    /// Holds one connection of the pool for as long as it follows; a dropped connection is
    /// listened on again after a second (fixes published meanwhile are missed, the next ones are not).
    public func followPositions(_ receive: @escaping @Sendable ([TrackRecord]) async -> Void) async throws {
        let me = instanceID
        while true {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.positionsChannel) { notifications in
                        for try await notification in notifications {
                            guard let (origin, positions) = PositionFeedCodec.decode(notification.payload), origin != me, !positions.isEmpty else { continue }
                            await receive(positions)
                        }
                    }
                }
            } catch where Task.isCancelled {
                throw CancellationError()
            } catch {
                logger.warning("position feed interrupted; listening again", metadata: ["error": "\(String(reflecting: error))"])
            }
            try await Task.sleep(for: .seconds(1))
        }
    }
}
