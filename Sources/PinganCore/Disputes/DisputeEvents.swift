/// The events of disputes. Stable names, like every `EventType`. Their payload is the dispute
/// after the change (`EntityEventData`, key `dispute`), the parties masked.
extension EventType {
    public static let disputeOpened: EventType = "dispute.opened"
    public static let disputeSession: EventType = "dispute.session"
    /// An incident was filed from the dispute.
    public static let disputeEscalated: EventType = "dispute.escalated"
}

extension Dispute: EventSubject { public static var eventKey: String { "dispute" } }
