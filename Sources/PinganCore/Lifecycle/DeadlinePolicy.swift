import Foundation

/// A lifecycle step that has a deadline.
public enum DeadlineStep: String, Codable, Sendable, CaseIterable {
    case dispatch, arrive, feedback
}

/// One step's deadline for one incident, and whether it was or is being missed.
public struct Deadline: Codable, Sendable, Hashable {
    public var step: DeadlineStep
    public var due: Date
    public var doneAt: Date?

    /// Missed: not done and past due at `now`, or done after it was due.
    public func isOverdue(at now: Date) -> Bool {
        if let doneAt { return doneAt > due }
        return now > due
    }
}

/// How long each step may take, by priority, counted from the call. The defaults follow the 1-3-5
/// rapid-response standard for P1 (dispatch within a minute, on scene within five) and a 24-hour
/// feedback rule; an administrator may set others.
public struct DeadlinePolicy: Codable, Sendable, Hashable {
    public struct Limits: Codable, Sendable, Hashable {
        public var dispatch: TimeInterval
        public var arrive: TimeInterval
        public var feedback: TimeInterval

        public init(dispatch: TimeInterval, arrive: TimeInterval, feedback: TimeInterval) {
            self.dispatch = dispatch
            self.arrive = arrive
            self.feedback = feedback
        }
    }

    /// Limits for P1...P4, in that order.
    public var limits: [Limits]

    public init(limits: [Limits]) {
        precondition(limits.count == Priority.allCases.count, "one set of limits per priority")
        self.limits = limits
    }

    public static let standard = DeadlinePolicy(limits: [
        Limits(dispatch: 60, arrive: 5 * 60, feedback: 24 * 3600),
        Limits(dispatch: 3 * 60, arrive: 15 * 60, feedback: 24 * 3600),
        Limits(dispatch: 10 * 60, arrive: 30 * 60, feedback: 48 * 3600),
        Limits(dispatch: 30 * 60, arrive: 120 * 60, feedback: 72 * 3600),
    ])

    public func limits(for priority: Priority) -> Limits { limits[priority.rawValue - 1] }

    /// Every deadline of the incident. Cancelled incidents have none.
    public func deadlines(for incident: Incident) -> [Deadline] {
        guard incident.status != .cancelled else { return [] }
        let l = incident.deadlineRule.map {
            Limits(dispatch: TimeInterval($0.dispatchSeconds), arrive: TimeInterval($0.arriveSeconds), feedback: TimeInterval($0.feedbackSeconds))
        } ?? limits(for: incident.priority)
        let t = incident.times
        return [
            Deadline(step: .dispatch, due: t.receivedAt + l.dispatch, doneAt: t.dispatchedAt),
            Deadline(step: .arrive, due: t.receivedAt + l.arrive, doneAt: t.onSceneAt),
            Deadline(step: .feedback, due: t.receivedAt + l.feedback, doneAt: t.closedAt),
        ]
    }

    /// The steps still open and already past due at `now`: what the supervisor must chase.
    public func overdue(_ incident: Incident, at now: Date) -> [Deadline] {
        deadlines(for: incident).filter { $0.doneAt == nil && $0.isOverdue(at: now) }
    }

    /// The earliest deadline still open at `now`, for countdown timers.
    public func next(_ incident: Incident) -> Deadline? {
        deadlines(for: incident).first { $0.doneAt == nil }
    }
}
