import Foundation
import PinganCore

/// What sensors reported (see `SensorRecord` for why records are not events): appended in
/// batches as devices post them, read back by sensor or by plate within the caller's scope, and
/// purged after the retention period.
///
/// Appending is the platform's hottest write (a city's gates read hundreds of thousands of
/// plates a minute at peak), so a backend writes a whole batch in one transaction with one
/// prepared or multi-row statement, never a statement per record and transaction.
public protocol SensorRecordStore: Sendable {
    /// Stores `records` in one transaction. A record is keyed by (sensor, batch, position in the
    /// batch): one already stored is kept as it was, so a device re-posting a batch it got no
    /// answer for stores it once.
    /// - Returns: how many of `records` were new.
    func appendSensorRecords(_ records: [SensorRecord]) async throws -> Int
    /// One sensor's records observed in `[from, to]`, newest first, at most `limit`, scoped like
    /// every read (a sensor outside the scope has no records).
    func sensorRecords(of sensor: SensorID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord]
    /// The records of one normalised plate (`PlateNumber.text`) observed in `[from, to]` by the
    /// sensors inside the scope, newest first, at most `limit`.
    func sensorRecords(plate: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord]
    /// Deletes every record observed before `before` (the retention job).
    /// - Returns: how many were deleted.
    func purgeSensorRecords(before: Date) async throws -> Int
}
