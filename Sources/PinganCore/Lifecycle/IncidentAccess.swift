/// Who may see and work an incident beyond what their jurisdiction gives them: the crews on it.
///
/// The rule (issue 13): a crew may always see and work the incident its unit is on, wherever
/// that incident is filed (a district dispatcher may send one station's car to a neighbour's
/// call); it may do so only while its unit is on it, so a unit taken off an incident loses every
/// right to it at once; and the crews that were on it when it was resolved give the feedback
/// that closes it. Everyone else sees only what their scope allows.
public enum IncidentAccess {
    /// What a crew asks to do.
    public enum Work: Sendable {
        /// Accept, move along the lifecycle (en route, on scene, resolved, cancelled).
        case step
        /// Give the feedback that closes a resolved incident.
        case feedback
    }

    /// Whether `unit`'s crew may do `work` on `incident` now.
    public static func crew(_ unit: UnitID, may work: Work, on incident: Incident) -> Bool {
        switch work {
        case .step: incident.unitIDs.contains(unit)
        case .feedback: incident.unitIDs.contains(unit) || (incident.status == .resolved && incident.resolvedByUnitIDs?.contains(unit) == true)
        }
    }

    /// Whether `user` may read `incident`: it lies in their scope, or their unit crews it.
    public static func maySee(_ incident: Incident, user: User) -> Bool {
        if user.scope.contains(path: incident.path) { return true }
        guard let unit = user.unitID else { return false }
        return crew(unit, may: .feedback, on: incident)
    }

    /// Whether `user` may read the caller's name and number on `incident`: a role with the right,
    /// or the crew of a unit on it while it is still open, so an officer in the rain can call
    /// the caller back without asking the command centre (issue 16). The read is audited.
    public static func mayViewCaller(_ incident: Incident, user: User) -> Bool {
        if user.role.may(.viewCaller) { return true }
        guard let unit = user.unitID, user.role.may(.updateOwnIncidents) else { return false }
        return incident.unitIDs.contains(unit) && ![.resolved, .closed, .cancelled].contains(incident.status)
    }

    /// Whether a unit's assignment (its `incidentID`, its route) may be shown to `viewer`: the
    /// incident lies in their scope, or they crew the unit. `incidentPath` nil (a unit stored
    /// before assignments carried it) is shown, as it always was.
    public static func mayShowAssignment(of unit: PoliceUnit, to viewer: User) -> Bool {
        guard unit.incidentID != nil, let path = unit.incidentPath else { return true }
        return viewer.unitID == unit.id || viewer.scope.contains(path: path)
    }
}
