import Crypto
import Foundation
import PinganCore

/// The tamper-evident chain over the event log: each row's hash covers its own fields and the
/// previous row's hash, so editing, deleting or reordering any row breaks every link after it.
/// Both backends build rows with `seal` and check them with `verify`, so they agree byte for byte.
public enum AuditChain {
    /// The hash before the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// An event with its payload already encoded. Stores build these before they take their
    /// write lock (SQLite's one writer, PostgreSQL's chain-head row), so only the hashing, which
    /// needs the previous row, happens while every other writer waits.
    public struct PendingEvent: Sendable {
        public var type: EventType
        public var subject: String
        public var path: String
        public var payload: String

        public init(_ event: Event) {
            type = event.type
            subject = event.subject
            path = event.path
            payload = event.data.canonicalText
        }
    }

    /// Builds the row for `event` at position `seq` after a row whose hash is `prevHash`.
    public static func seal(seq: Int64, at: Date, actor: Actor, command: String, event: Event, prevHash: String) -> RecordedEvent {
        seal(seq: seq, at: at, actor: actor, command: command, event: PendingEvent(event), prevHash: prevHash)
    }

    public static func seal(seq: Int64, at: Date, actor: Actor, command: String, event: PendingEvent, prevHash: String) -> RecordedEvent {
        var row = RecordedEvent(seq: seq, at: Date(auditMilliseconds: at.auditMilliseconds), actor: actor, command: command, type: event.type,
                                subject: event.subject, path: event.path, payload: event.payload, prevHash: prevHash, hash: "")
        row.hash = hash(of: row)
        return row
    }

    /// SHA-256 over the row's fields, separated by a byte that cannot occur in them unescaped.
    public static func hash(of row: RecordedEvent) -> String {
        let fields = [
            String(row.seq), String(row.at.auditMilliseconds), row.actor.id, row.actor.name, row.command,
            row.type.rawValue, row.subject, row.path, row.payload, row.prevHash,
        ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return Hex.lowercase(digest)
    }

    /// Walks rows in order and returns the first broken link, or nil when the chain holds.
    /// Rows must be given in `seq` order; a gap in `seq` (a deleted row) is a break too.
    public static func firstBreak(in rows: some Sequence<RecordedEvent>, after previous: (seq: Int64, hash: String) = (0, genesis)) -> ChainBreak? {
        var expectedSeq = previous.seq + 1
        var prevHash = previous.hash
        for row in rows {
            if row.seq != expectedSeq {
                return ChainBreak(seq: expectedSeq, reason: "row \(expectedSeq) is missing (next row is \(row.seq))")
            }
            if row.prevHash != prevHash {
                return ChainBreak(seq: row.seq, reason: "row \(row.seq) does not point at the hash of row \(row.seq - 1)")
            }
            if hash(of: row) != row.hash {
                return ChainBreak(seq: row.seq, reason: "row \(row.seq) was changed after it was written")
            }
            prevHash = row.hash
            expectedSeq += 1
        }
        return nil
    }
}
