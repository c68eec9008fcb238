import PinganGeo

/// The kinds of police resource the seeds put on the map.
public enum UnitKind: String, Codable, Sendable, CaseIterable {
    case patrolCar, footPatrol, ptu, traffic, motorbike, drone
}

/// Where a unit stands in its working day. Only `available` units may be dispatched.
public enum UnitStatus: String, Codable, Sendable, CaseIterable {
    case available, dispatched, enRoute, onScene, outOfService, offDuty
}

/// A police unit (警力): a car, a foot patrol, a PTU team, a drone team.
public struct PoliceUnit: Codable, Sendable, Hashable, Versioned {
    public var id: UnitID
    public var callsign: String
    public var kind: UnitKind
    public var stationID: JurisdictionID
    public var status: UnitStatus
    public var statusSince: Date
    public var crew: Int
    /// The incident the unit works, when it works one. A unit is never on two incidents.
    public var incidentID: IncidentID?
    public var path: String
    public var version: Int

    public init(id: UnitID, callsign: String, kind: UnitKind, stationID: JurisdictionID, status: UnitStatus = .available,
                statusSince: Date, crew: Int, incidentID: IncidentID? = nil, path: String, version: Int = 1) {
        self.id = id
        self.callsign = callsign
        self.kind = kind
        self.stationID = stationID
        self.status = status
        self.statusSince = statusSince
        self.crew = crew
        self.incidentID = incidentID
        self.path = path
        self.version = version
    }
}

import Foundation
