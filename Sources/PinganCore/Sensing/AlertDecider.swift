import Foundation

/// The alert's closed loop and its storms, as pure decisions: each takes the alerts as loaded
/// and the instant, and returns the events with the alerts as they are after them.
///
/// Storms: many alerts from one cause (a camera flapping online and offline, one plate passing
/// ten gates in an hour) would bury the panel, so a new alert whose `cause` matches an open
/// alert raised within the cause's window is folded into it: stored and audited like any, but
/// listed under the group's head, which the panel shows with its count. `split` undoes it.
public enum AlertDecider {
    public struct Decision: Sendable, Hashable {
        public var events: [Event]
        public var alerts: [Alert]

        public init(events: [Event], alerts: [Alert]) {
            self.events = events
            self.alerts = alerts
        }
    }

    /// How long after a group's head another alert of the same cause still joins it.
    public static func stormWindow(_ kind: Alert.Kind) -> TimeInterval {
        switch kind {
        case .watchlistHit, .sensorOffline: 3600
        case .crowdWarning, .crowdAlarm, .crowdRise: 1800
        case .alarmButton: 300
        case .external: 0
        case .coverageGap: 3600
        }
    }

    /// Raises `alert`, folding it into `head` when that is an open alert of the same cause within
    /// the window (the caller finds it by `cause`).
    public static func raise(_ alert: Alert, into head: Alert?) throws -> Decision {
        var alert = alert
        guard var head, head.groupID == nil, !head.status.isClosed, head.cause == alert.cause, head.id != alert.id,
              alert.raisedAt.timeIntervalSince(head.raisedAt) <= stormWindow(alert.kind) else {
            return Decision(events: [try event(.alertRaised, alert)], alerts: [alert])
        }
        alert.groupID = head.id
        head.members.append(alert.id)
        // A worse member makes the whole group as bad.
        if alert.severity > head.severity { head.severity = alert.severity }
        head.version += 1
        return Decision(events: [try event(.alertRaised, alert), try event(.alertGrouped, head)], alerts: [alert, head])
    }

    /// The receiving officer has seen it: the acknowledgement deadline is met.
    public static func acknowledge(_ alert: Alert, by who: String, now: Date) throws(DomainError) -> Decision {
        guard alert.status == .received else {
            throw DomainError(.illegalTransition, "the alert is \(alert.status.rawValue); only a received alert is acknowledged")
        }
        var a = alert
        a.status = .acknowledged
        a.acknowledged = Alert.Step(at: now, by: who)
        a.version += 1
        return Decision(events: [try event(.alertAcknowledged, a)], alerts: [a])
    }

    /// Closes the loop: handled or a false alarm, with what was done. A group's head closes its
    /// open members with it, with the same feedback.
    public static func close(_ alert: Alert, members: [Alert], as outcome: Alert.Status, feedback: String, by who: String,
                             now: Date) throws(DomainError) -> Decision {
        guard outcome.isClosed else { throw DomainError.invalid("outcome", "an alert closes as handled or falseAlarm") }
        try TextRules.check(feedback, field: "feedback", max: 2000, multiline: true)
        guard alert.status == .acknowledged else {
            throw DomainError(.illegalTransition, "the alert is \(alert.status.rawValue); acknowledge it before closing it")
        }
        guard alert.groupID == nil else {
            throw DomainError(.illegalTransition, "the alert is part of a group; close the group or split it first")
        }
        var decision = Decision(events: [], alerts: [])
        for var a in [alert] + members.filter({ $0.groupID == alert.id && !$0.status.isClosed }) {
            if a.acknowledged == nil { a.acknowledged = Alert.Step(at: now, by: who) }
            a.status = outcome
            a.closed = Alert.Step(at: now, by: who)
            a.feedback = feedback
            a.version += 1
            decision.events.append(try event(.alertClosed, a))
            decision.alerts.append(a)
        }
        return decision
    }

    /// Takes a group apart: every member stands on its own again, with its own loop.
    public static func split(_ head: Alert, members: [Alert]) throws(DomainError) -> Decision {
        guard !head.members.isEmpty else { throw DomainError(.illegalTransition, "the alert is not a group") }
        var h = head
        h.members = []
        h.version += 1
        var decision = Decision(events: [try event(.alertSplit, h)], alerts: [h])
        for var m in members where m.groupID == head.id {
            m.groupID = nil
            m.version += 1
            decision.events.append(try event(.alertSplit, m))
            decision.alerts.append(m)
        }
        return decision
    }

    /// Records the incident the alert became.
    public static func link(_ alert: Alert, to incident: IncidentID) throws(DomainError) -> Decision {
        guard alert.incidentID == nil || alert.incidentID == incident else {
            throw DomainError(.illegalTransition, "the alert already has incident \(alert.incidentID!.rawValue)")
        }
        var a = alert
        guard a.incidentID == nil else { return Decision(events: [], alerts: []) }
        a.incidentID = incident
        a.version += 1
        return Decision(events: [try event(.alertDispatched, a)], alerts: [a])
    }

    static func event(_ type: EventType, _ alert: Alert) throws(DomainError) -> Event {
        do { return try Event(type, subject: alert.id.rawValue, path: alert.path, payload: EntityEventData(alert)) }
        catch { throw DomainError.invalid("alert", "the alert does not encode: \(error)") }
    }
}
