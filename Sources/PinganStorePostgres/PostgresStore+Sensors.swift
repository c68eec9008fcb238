import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections` for sensors: scoped like every entity, plus the token look-up of a device's sign-in.
extension PostgresStore {
    public func sensors(scope: Scope) async throws -> [Sensor] { try await all(Table.sensors, scope) }
    public func sensor(_ id: SensorID, scope: Scope) async throws -> Sensor? { try await one(Table.sensors, id.rawValue, scope) }

    public func sensor(tokenHash: String) async throws -> Sensor? {
        let docs = try await strings("SELECT doc FROM sensors WHERE token_hash = \(tokenHash)")
        return try docs.first.map { try ProjectionRow.decode(Sensor.self, $0) }
    }
}
