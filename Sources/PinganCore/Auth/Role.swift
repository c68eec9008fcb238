/// The people who use Pingan (see MISSION.md), each with what they may do, and the devices that
/// report to it (`sensor`), which sign in with a token of their own and may only post records.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, dispatcher, stationOfficer, fieldOfficer, supervisor, externalAgency, auditor
    /// A checkpoint, camera, drone or alarm button signed in with its own token: it posts its
    /// records and, through them, files the incidents its alarm presses raise, wherever it stands.
    case sensor
    /// A member of a volunteer team (群防群治, 义警): not police. They sign in to the field page's
    /// reduced form to walk their shifts, share where they are and report what they see; the
    /// station decides what becomes of it.
    case volunteer

    /// The roles people are given; a sensor's identity comes from its registration, never from
    /// an account.
    public static var allCases: [Role] { [.admin, .dispatcher, .stationOfficer, .fieldOfficer, .supervisor, .externalAgency, .auditor, .volunteer] }

    public func may(_ permission: Permission) -> Bool {
        switch self {
        case .admin: true
        // The audit log is for those who check the work (admin, supervisor, auditor), not for
        // the dispatchers whose work it records.
        // Dispatchers refer calls to agencies; only the agency works a referral.
        // They find the caller's standard address, and see its people masked.
        case .dispatcher: ![.manageUsers, .manageOrganisation, .readAudit, .manageSensors, .postSensorRecords, .workReferrals,
                            .collectRegistry, .viewInhabitants, .followUpFraudWarnings, .workDisputes, .manageVolunteers,
                            .volunteerDuty].contains(permission)
        case .stationOfficer: [.readIncidents, .writeIncidents, .dispatch, .readUnits, .writeUnits, .viewCaller, .readOrganisation,
                               .readAlerts, .handleAlerts, .readReferrals, .acknowledgeSupervision,
                               .readRegistry, .collectRegistry, .viewInhabitants, .readFraudWarnings, .followUpFraudWarnings,
                               .readDisputes, .workDisputes, .readVolunteers, .manageVolunteers, .reviewVolunteerReports].contains(permission)
        // Community officers collect the registries on the ground (一标三实).
        case .fieldOfficer: [.readIncidents, .updateOwnIncidents, .readUnits, .readOrganisation, .reportPositions, .acknowledgeSupervision,
                             .readRegistry, .collectRegistry, .viewInhabitants, .readFraudWarnings, .followUpFraudWarnings,
                             .readDisputes, .workDisputes].contains(permission)
        case .supervisor: [.readIncidents, .readUnits, .viewCaller, .readOrganisation, .readAudit, .readAlerts, .readReferrals,
                           .acknowledgeSupervision, .readRegistry, .readFraudWarnings, .readDisputes, .readVolunteers].contains(permission)
        // An agency sees the referrals sent to it, with the caller masked, and nothing of the
        // police's own work.
        case .externalAgency: [.readReferrals, .workReferrals, .acknowledgeSupervision].contains(permission)
        case .auditor: [.readIncidents, .readUnits, .readOrganisation, .readAudit, .readAlerts, .readReferrals, .readRegistry,
                        .readFraudWarnings, .readDisputes, .readVolunteers].contains(permission)
        case .sensor: [.postSensorRecords, .fileAnywhere].contains(permission)
        case .volunteer: permission == .volunteerDuty
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
    /// See sensors, alerts and the watchlists shared with one's jurisdiction.
    case readAlerts
    /// Acknowledge, handle and dispatch alerts.
    case handleAlerts
    /// Create and edit watchlists and their entries, and look plates and documents up in them.
    case manageWatchlists
    /// Register sensors and issue their tokens.
    case manageSensors
    /// Post a sensor's records (the sensor itself).
    case postSensorRecords
    /// See referrals: the police side those of its scope, an agency those sent to it.
    case readReferrals
    /// Accept, start, finish or return a referral (the agency it was sent to).
    case workReferrals
    /// Acknowledge a supervision reminder addressed to one's unit, station, agency or rank.
    case acknowledgeSupervision
    /// Find standard addresses and list who lives at them (masked without `viewInhabitants`).
    case readRegistry
    /// Register and check addresses and the people living there, and import population lists.
    case collectRegistry
    /// See inhabitants' and fraud warnings' ID numbers, names and phones in full (each read of
    /// inhabitants audited).
    case viewInhabitants
    /// See the anti-fraud warnings of one's scope and the stations' rates.
    case readFraudWarnings
    /// Receive anti-fraud warnings: one over the API, a CAP alert or a day's list (the command
    /// centre's anti-fraud desk).
    case receiveFraudWarnings
    /// Record the follow-up of a warning (the station that must reach the person).
    case followUpFraudWarnings
    /// See the disputes of one's scope and the stations' resolution rates.
    case readDisputes
    /// Open disputes, record their sessions and file incidents from them.
    case workDisputes
    /// See the volunteer teams of one's scope, their members (phones masked without
    /// `viewInhabitants`), contributions, shifts on the map and their reports.
    case readVolunteers
    /// Form volunteer teams and add members (the station).
    case manageVolunteers
    /// File a volunteer's report as an incident, keep it as a tip or dismiss it.
    case reviewVolunteerReports
    /// Walk one's own shifts as a volunteer: start and end them, share the position, report.
    case volunteerDuty
}
