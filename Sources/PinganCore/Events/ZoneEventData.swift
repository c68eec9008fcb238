import Foundation
import PinganGeo

/// The payload of `unit.zoneEntered` and `unit.zoneExited`: a patrol-zone boundary crossed, a
/// fact a supervisor may have to account for later (plain positions are not events).
public struct ZoneCrossingData: EventPayload, Hashable {
    public var unitID: UnitID
    public var zoneID: ZoneID
    public var at: Date
    public var location: Coordinate

    public init(unitID: UnitID, zoneID: ZoneID, at: Date, location: Coordinate) {
        self.unitID = unitID
        self.zoneID = zoneID
        self.at = at
        self.location = location
    }
}

/// The payload of `unit.outOfZone`: a free unit found outside every zone it is assigned to.
public struct OutOfZoneData: EventPayload, Hashable {
    public var unitID: UnitID
    public var assignedZones: [ZoneID]
    public var at: Date
    public var location: Coordinate

    public init(unitID: UnitID, assignedZones: [ZoneID], at: Date, location: Coordinate) {
        self.unitID = unitID
        self.assignedZones = assignedZones
        self.at = at
        self.location = location
    }
}

extension Event {
    /// The event for a zone crossing of a unit whose jurisdiction path is `path`.
    public static func zone(_ e: ZoneEvent, path: String) throws -> Event {
        try Event(e.kind == .enter ? .unitZoneEntered : .unitZoneExited, subject: e.unit.rawValue, path: path,
                  payload: ZoneCrossingData(unitID: e.unit, zoneID: e.zone, at: e.time, location: e.coordinate))
    }

    /// The event for a free unit found outside every zone it is assigned to.
    public static func outOfZone(_ w: OutOfZoneWarning, path: String) throws -> Event {
        try Event(.unitOutOfZone, subject: w.unit.rawValue, path: path,
                  payload: OutOfZoneData(unitID: w.unit, assignedZones: w.assignedZones, at: w.time, location: w.coordinate))
    }
}
