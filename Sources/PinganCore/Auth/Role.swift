/// The people who use Pingan (see MISSION.md), each with what they may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, dispatcher, stationOfficer, fieldOfficer, supervisor, externalAgency, auditor

    public func may(_ permission: Permission) -> Bool {
        switch self {
        case .admin: true
        // The audit log is for those who check the work (admin, supervisor, auditor), not for
        // the dispatchers whose work it records.
        case .dispatcher: ![.manageUsers, .manageOrganisation, .readAudit].contains(permission)
        case .stationOfficer: [.readIncidents, .writeIncidents, .dispatch, .readUnits, .writeUnits, .viewCaller, .readOrganisation].contains(permission)
        case .fieldOfficer: [.readIncidents, .updateOwnIncidents, .readUnits, .readOrganisation, .reportPositions].contains(permission)
        case .supervisor: [.readIncidents, .readUnits, .viewCaller, .readOrganisation, .readAudit].contains(permission)
        case .externalAgency: [.readIncidents, .updateOwnIncidents].contains(permission)
        case .auditor: [.readIncidents, .readUnits, .readOrganisation, .readAudit].contains(permission)
        }
    }
}

/// What a request needs. The server checks one permission per route before it touches the store.
public enum Permission: String, Sendable, CaseIterable {
    case readIncidents, writeIncidents, dispatch, updateOwnIncidents
    case readUnits, writeUnits, reportPositions
    case readOrganisation, manageOrganisation
    case manageUsers, viewCaller, readAudit
    /// File an incident wherever it falls, outside one's own scope too: the command centre's
    /// call-takers answer for the whole city, a station's officers for their own ground.
    case fileAnywhere
}
