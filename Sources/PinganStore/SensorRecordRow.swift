import Foundation
import PinganCore

/// A sensor record flattened to a row of the PostgreSQL store: the key, the columns its queries
/// and the purge filter on, and the whole record as its document. (The SQLite store keeps records
/// 256 to a row, `SensorChunk`; the row before that, migration v9–v15, is this one.)
public struct SensorRecordRow: Sendable {
    public var sensorID: String
    public var batchID: String
    public var seq: Int64
    public var atMs: Int64
    public var path: String
    public var kind: String
    /// The normalised plate, for look-ups by plate; nil when the record has none.
    public var plate: String?
    /// The document number's keyed hash, for look-ups by document; nil when the record has none.
    public var docHash: String?
    public var doc: String

    public init(_ record: SensorRecord) {
        sensorID = record.sensorID.rawValue
        batchID = record.batchID
        seq = Int64(record.seq)
        atMs = record.at.auditMilliseconds
        path = record.path
        kind = record.kind.rawValue
        plate = record.plate?.text
        docHash = record.documentHash
        doc = record.storedDocument()
    }
}
