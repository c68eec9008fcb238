import Foundation
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
    /// That incident's jurisdiction path, which may lie outside the unit's own station when a
    /// district dispatcher sent it to a neighbour's call: viewers outside it do not see the
    /// assignment (see `IncidentAccess`). Absent on units stored before it was kept.
    public var incidentPath: String?
    public var path: String
    public var version: Int
    /// False once retired: off duty for good, never recommended, history keeps its callsign.
    @DefaultTrue public var active: Bool

    public init(id: UnitID, callsign: String, kind: UnitKind, stationID: JurisdictionID, status: UnitStatus = .available,
                statusSince: Date, crew: Int, incidentID: IncidentID? = nil, path: String, version: Int = 1, active: Bool = true) {
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
        self.active = active
    }

    /// The callsign as uniqueness and device look-ups compare it: Unicode compatibility form
    /// (full-width `ＨＰ０１` is `HP01`) with ASCII letters upper-cased, so `hp01-1` and `HP01-1`
    /// are one callsign. Callsigns are unique among a station's units under this key.
    public var callsignKey: String { Self.callsignKey(callsign) }

    public static func callsignKey(_ callsign: String) -> String {
        String(String.UnicodeScalarView(callsign.precomposedStringWithCompatibilityMapping.unicodeScalars.map { s in
            (0x61...0x7A).contains(s.value) ? Unicode.Scalar(s.value - 32)! : s
        }))
    }

    /// The unit as a viewer who may not see its incident sees it: busy, but not where or on what.
    public var hidingAssignment: PoliceUnit {
        var copy = self
        copy.incidentID = nil
        copy.incidentPath = nil
        return copy
    }
}

import Foundation
