/// The events of anti-fraud warnings. Stable names, like every `EventType`. Their payload is
/// the warning after the change (`EntityEventData`, key `warning`) with its personal data masked:
/// the audit log is read by auditors for years, and the whole of it lives in the warning.
extension EventType {
    public static let fraudWarningReceived: EventType = "fraudWarning.received"
    public static let fraudWarningFollowedUp: EventType = "fraudWarning.followedUp"
}

extension FraudWarning: EventSubject { public static var eventKey: String { "warning" } }
