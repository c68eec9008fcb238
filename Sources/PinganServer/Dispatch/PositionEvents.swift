import Foundation
import PinganCore

/// The audited event types the position tracker produces. Crossing a patrol-zone boundary and
/// leaving one's assigned zone are facts a supervisor may have to account for later, so they go
/// through the hash-chained log (and so reach the live feed); plain positions do not.
extension EventType {
    static let unitZoneEntered: EventType = "unit.zoneEntered"
    static let unitZoneExited: EventType = "unit.zoneExited"
    static let unitOutOfZone: EventType = "unit.outOfZone"
}

extension Event {
    /// The event for a zone crossing of a unit at `path`.
    static func zone(_ e: ZoneEvent, path: String) -> Event {
        Event(type: e.kind == .enter ? .unitZoneEntered : .unitZoneExited, subject: e.unit.rawValue, path: path,
              data: .object(["unitID": .string(e.unit.rawValue), "zoneID": .string(e.zone.rawValue),
                             "at": .string(Timestamp.format(e.time)),
                             "location": .object(["lat": .number(e.coordinate.lat), "lon": .number(e.coordinate.lon)])]))
    }

    /// The event for a free unit found outside every zone it is assigned to.
    static func outOfZone(_ w: OutOfZoneWarning, path: String) -> Event {
        Event(type: .unitOutOfZone, subject: w.unit.rawValue, path: path,
              data: .object(["unitID": .string(w.unit.rawValue), "assignedZones": .array(w.assignedZones.map { .string($0.rawValue) }),
                             "at": .string(Timestamp.format(w.time)),
                             "location": .object(["lat": .number(w.coordinate.lat), "lon": .number(w.coordinate.lon)])]))
    }
}
