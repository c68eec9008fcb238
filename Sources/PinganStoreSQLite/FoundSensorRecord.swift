import Foundation
import PinganStore

/// A record found by a read, with what orders the answer: newest first, then sensor, batch and
/// position, all descending (as the PostgreSQL store orders its rows).
struct FoundSensorRecord {
    var atMs: Int64
    var sensorID: String
    var batchID: String
    var path: String
    var seq: Int64
    /// As the chunk holds it (`SensorChunk.docs`).
    var doc: Substring

    /// The record's whole stored document.
    var document: String {
        DocumentCursor.keyed(doc, atMs: atMs, seq: seq, sensorID: sensorID, batchID: batchID, path: path)
    }

    /// Whether `self` comes before `other` in the answer.
    func precedes(_ other: FoundSensorRecord) -> Bool {
        if atMs != other.atMs { return atMs > other.atMs }
        if sensorID != other.sensorID { return other.sensorID.utf8.lexicographicallyPrecedes(sensorID.utf8) }
        if batchID != other.batchID { return other.batchID.utf8.lexicographicallyPrecedes(batchID.utf8) }
        return seq > other.seq
    }
}
