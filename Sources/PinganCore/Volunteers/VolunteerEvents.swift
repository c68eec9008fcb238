/// The events of volunteer teams and shifts. Stable names, like every `EventType`. Their payload
/// is the team (`EntityEventData`, key `team`, phones masked) or the shift (key `shift`) after the
/// change. A shift's shared positions are no events (`VolunteerDecider.locate`).
extension EventType {
    public static let volunteerTeamCreated: EventType = "volunteerTeam.created"
    public static let volunteerMemberAdded: EventType = "volunteerTeam.memberAdded"
    public static let volunteerShiftStarted: EventType = "volunteerShift.started"
    public static let volunteerShiftEnded: EventType = "volunteerShift.ended"
    public static let volunteerReported: EventType = "volunteerShift.reported"
    /// The station filed, kept or dismissed a report.
    public static let volunteerReportReviewed: EventType = "volunteerShift.reviewed"
}

extension VolunteerTeam: EventSubject { public static var eventKey: String { "team" } }
extension VolunteerShift: EventSubject { public static var eventKey: String { "shift" } }
