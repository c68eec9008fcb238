/// The events of supervision (督办). Stable names, like every `EventType`; kept beside the
/// feature, as triage keeps its own, so the shared list in `Event.swift` is not edited by every
/// feature at once.
extension EventType {
    /// A late step got its case and its first reminder (and any later ones already due).
    public static let supervisionOpened: EventType = "supervision.opened"
    /// A case climbed to the next level (or levels) with a reminder at each.
    public static let supervisionEscalated: EventType = "supervision.escalated"
    /// Someone at a level said they have seen the reminder.
    public static let supervisionAcknowledged: EventType = "supervision.acknowledged"
    /// The step was done (or is no longer due): the chase is over.
    public static let supervisionResolved: EventType = "supervision.resolved"
}
