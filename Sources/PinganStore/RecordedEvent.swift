import Foundation
import PinganCore

/// One row of the append-only event log.
public struct RecordedEvent: Codable, Sendable, Hashable {
    /// Position in the log, from 1, without gaps.
    public var seq: Int64
    public var at: Date
    public var actor: Actor
    public var command: String
    public var type: EventType
    public var subject: String
    public var path: String
    /// The payload exactly as stored: the hash covers these bytes, not a re-encoding.
    public var payload: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, at: Date, actor: Actor, command: String, type: EventType, subject: String, path: String,
                payload: String, prevHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.command = command
        self.type = type
        self.subject = subject
        self.path = path
        self.payload = payload
        self.prevHash = prevHash
        self.hash = hash
    }

    public var data: JSONValue {
        (try? JSONValue.parse(payload.utf8).value) ?? .null
    }

    /// The payload read as `P`, straight from the stored bytes.
    public func payload<P: EventPayload>(as type: P.Type) throws -> P {
        try JSONCoding.decoder.decode(P.self, from: Data(payload.utf8))
    }
}
