import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections` for sensors: scoped like every entity, plus the token look-up of a device's sign-in.
extension SQLiteStore {
    public func sensors(scope: Scope) async throws -> [Sensor] { try await all("sensors", scope) }
    public func sensor(_ id: SensorID, scope: Scope) async throws -> Sensor? { try await one("sensors", id.rawValue, scope) }

    public func sensor(tokenHash: String) async throws -> Sensor? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM sensors WHERE token_hash = ?", arguments: [tokenHash]) }
        return try doc.map { try ProjectionRow.decode(Sensor.self, $0) }
    }
}
