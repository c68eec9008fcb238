import Foundation

/// What an event carries, as a type: deciders build one, the log stores it as canonical JSON,
/// and readers (the live feed, the position tracker following other instances, reports) decode
/// it back by type instead of digging in `event.data["…"]`.
public protocol EventPayload: Codable, Sendable {}

extension Event {
    /// An event of `type` about `subject` at `path` carrying `payload`.
    public init(_ type: EventType, subject: String, path: String, payload: some EventPayload) throws {
        self.init(type: type, subject: subject, path: path, data: try JSONValue(encoding: payload))
    }

    /// The payload read back as `P`.
    public func payload<P: EventPayload>(as type: P.Type) throws -> P { try data.decode(P.self) }
}
