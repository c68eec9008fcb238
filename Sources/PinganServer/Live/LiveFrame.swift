import Foundation
import PinganCore
import PinganStore

/// One event as a live-feed text frame: `{seq, at, actor, command, type, subject, path, data}`.
/// The caller inside incident payloads is masked for roles that may not see it.
struct LiveFrame: Encodable {
    var seq: Int64
    var at: Date
    var actor: Actor
    var command: String
    var type: EventType
    var subject: String
    var path: String
    var data: JSONValue

    init(_ event: RecordedEvent, maskCaller: Bool) {
        seq = event.seq
        at = event.at
        actor = event.actor
        command = event.command
        type = event.type
        subject = event.subject
        path = event.path
        data = maskCaller ? Self.masking(event.data) : event.data
    }

    /// Masks `incident.caller` wherever an incident travels in the payload.
    static func masking(_ data: JSONValue) -> JSONValue {
        guard case .object(var payload) = data, case .object(var incident)? = payload["incident"],
              let callerValue = incident["caller"], let caller = try? callerValue.decode(Caller.self),
              let masked = try? JSONValue(encoding: caller.masked) else { return data }
        incident["caller"] = masked
        payload["incident"] = .object(incident)
        return .object(payload)
    }

    func text() throws -> String {
        String(decoding: try JSONCoding.encoder.encode(self), as: UTF8.self)
    }
}
