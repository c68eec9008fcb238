import Foundation
import NIOCore
import PinganCore
import PinganStore

/// One event as a live-feed text frame: `{seq, at, actor, command, type, subject, path, data}`.
/// The caller inside incident payloads is masked for roles that may not see it, and a unit's
/// assignment to an incident outside the viewer's scope is left out (`IncidentAccess`).
struct LiveFrame: Encodable {
    var seq: Int64
    var at: Date
    var actor: Actor
    var command: String
    var type: EventType
    var subject: String
    var path: String
    var data: JSONValue

    init(_ event: RecordedEvent, for viewer: User) {
        self.init(event, maskCaller: !viewer.role.may(.viewCaller))
        data = Self.hidingForeignAssignment(data, from: viewer)
    }

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

    /// Drops `unit.incidentID` and `unit.incidentPath` when the viewer may not see that incident.
    static func hidingForeignAssignment(_ data: JSONValue, from viewer: User) -> JSONValue {
        guard case .object(var payload) = data, case .object(var unit)? = payload["unit"],
              case .string(let path)? = unit["incidentPath"], !viewer.scope.contains(path: path),
              unit["id"]?.stringValue != viewer.unitID?.rawValue else { return data }
        unit["incidentID"] = nil
        unit["incidentPath"] = nil
        payload["unit"] = .object(unit)
        return .object(payload)
    }

    /// The frame's bytes, encoded once and shared by every subscriber it goes to.
    func bytes() throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONCoding.encoder.encode(self))
    }
}
