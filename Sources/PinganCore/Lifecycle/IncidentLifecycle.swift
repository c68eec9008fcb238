/// The incident lifecycle as a pure table: received → dispatched → en route → on scene →
/// resolved → closed (feedback), with cancel from any open step and reopen after the end.
///
/// `dispatched` is entered only by assigning units and `closed` only by feedback, so those two
/// moves carry their data; the decider enforces that, this table only says what may follow what.
public enum IncidentLifecycle {
    public static func successors(of status: IncidentStatus) -> Set<IncidentStatus> {
        switch status {
        case .received, .reopened: [.dispatched, .cancelled, .referred]
        // Back to the queue when returned or withdrawn; closed by the agency's feedback. Not
        // cancelled while the agency holds it: the dispatcher withdraws the referral first.
        case .referred: [.received, .closed]
        case .dispatched: [.enRoute, .onScene, .cancelled, .received]
        case .enRoute: [.onScene, .cancelled]
        case .onScene: [.resolved, .cancelled]
        case .resolved: [.closed, .reopened]
        case .closed, .cancelled: [.reopened]
        }
    }

    /// The statuses in which units may (still) be assigned.
    public static let assignable: Set<IncidentStatus> = [.received, .reopened, .dispatched, .enRoute, .onScene]

    public static func canMove(from: IncidentStatus, to: IncidentStatus) -> Bool {
        successors(of: from).contains(to)
    }

    /// Throws `illegal_transition` naming both ends when the move is not in the table.
    public static func check(from: IncidentStatus, to: IncidentStatus) throws(DomainError) {
        guard canMove(from: from, to: to) else {
            throw DomainError(.illegalTransition, field: "status", "an incident cannot go from \(from.rawValue) to \(to.rawValue)")
        }
    }

    /// The unit status that follows the incident's, for units assigned to it.
    static func unitStatus(for status: IncidentStatus) -> UnitStatus? {
        switch status {
        case .dispatched: .dispatched
        case .enRoute: .enRoute
        case .onScene: .onScene
        case .resolved, .closed, .cancelled, .received, .reopened, .referred: nil
        }
    }
}
