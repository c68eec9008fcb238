import Foundation

/// The payload of every `referral.*` event: the referral after the change.
public struct ReferralEventData: EventPayload, Hashable {
    public var referral: Referral
    /// The incident number, so the audit log reads without a look-up.
    public var incidentNumber: String

    public init(referral: Referral) {
        self.referral = referral
        self.incidentNumber = referral.incidentNumber
    }
}

/// Decides the referral loop (警情分流). Pure: the referral, its incident and the instant go in;
/// events and both documents as they are after come out, because every step of the referral
/// changes what the incident's card shows and whether the incident may close.
///
/// The incident follows its referral: referring a call nobody was sent to takes it off the
/// dispatcher's queue (`referred`); a return or a withdrawal puts it back (`received`); the
/// agency's feedback closes it, with that feedback as the incident's own. An incident that
/// also had police units sent keeps its own steps, and its police feedback waits for the
/// agency's (`IncidentDecider.feedback`).
public enum ReferralDecider {
    public struct Decision: Sendable, Hashable {
        public var events: [Event]
        public var referral: Referral
        public var incident: Incident
    }

    /// The limits a referral is sent with: seconds to accept and to give feedback, and who set them.
    public struct Limits: Sendable, Hashable {
        public var acceptSeconds: Int
        public var feedbackSeconds: Int
        public var setBy: String

        public init(acceptSeconds: Int, feedbackSeconds: Int, setBy: String) {
            self.acceptSeconds = acceptSeconds
            self.feedbackSeconds = feedbackSeconds
            self.setBy = setBy
        }
    }

    /// Sends `incident` to `agency`. The agency must be active and serve the incident's ground;
    /// the incident must be open, not merged, and have no referral still open.
    public static func send(_ incident: Incident, to agency: Agency, id: ReferralID, note: String, rule: String?, by: String,
                            limits: Limits, now: Date) throws(DomainError) -> Decision {
        try TextRules.check(note, field: "note", max: 1000, required: false, multiline: true)
        guard agency.active else { throw DomainError(.inactive, field: "agencyID", "agency \(agency.name) is retired") }
        guard serves(agency, path: incident.path) else {
            throw DomainError(.agencyOutsideArea, field: "agencyID", "agency \(agency.name) does not serve \(incident.number)'s ground")
        }
        guard incident.status.isOpen, incident.status != .referred else {
            throw DomainError(.illegalTransition, field: "status", "a \(incident.status.rawValue) incident cannot be referred")
        }
        guard incident.mergedInto == nil else {
            throw DomainError(.illegalTransition, field: "status", "\(incident.number) is merged into \(incident.mergedInto!.intoNumber)")
        }
        if let open = incident.openReferral {
            throw DomainError(.referralOpen, field: "agencyID", "\(incident.number) is already referred to \(open.agencyName)")
        }
        guard limits.acceptSeconds > 0, limits.feedbackSeconds > 0 else {
            throw DomainError.invalid("referralDeadlines", "referral deadlines must be positive")
        }
        let referral = Referral(
            id: id, incidentID: incident.id, incidentNumber: incident.number, agencyID: agency.id, agencyName: agency.name,
            summary: Referral.Summary(incident), note: note, rule: rule, sent: Referral.Step(at: now, by: by),
            acceptDue: now + TimeInterval(limits.acceptSeconds), feedbackDue: now + TimeInterval(limits.feedbackSeconds),
            deadlinesSetBy: limits.setBy, path: incident.path)
        var next = incident
        next.version += 1
        next.referrals = (incident.referrals ?? []) + [ReferralLink(referral)]
        var from: IncidentStatus?
        if incident.status == .received || incident.status == .reopened {
            from = incident.status
            next.status = .referred
        }
        return try decision(.referralSent, referral, next, from: from, note: "→ \(agency.name)")
    }

    /// The agency takes the referral on.
    public static func accept(_ referral: Referral, incident: Incident, by: String, now: Date) throws(DomainError) -> Decision {
        try require(referral, in: [.sent], to: "accepted")
        var r = referral
        r.status = .accepted
        r.accepted = Referral.Step(at: now, by: by)
        return try step(.referralAccepted, r, incident)
    }

    /// The agency has started work on it (on its way, on site).
    public static func start(_ referral: Referral, incident: Incident, by: String, now: Date) throws(DomainError) -> Decision {
        try require(referral, in: [.accepted], to: "started")
        var r = referral
        r.status = .inProgress
        r.started = Referral.Step(at: now, by: by)
        return try step(.referralStarted, r, incident)
    }

    /// The agency's feedback: the referral is done and, when nobody else is working the
    /// incident, the incident closes with it.
    public static func finish(_ referral: Referral, incident: Incident, outcome: String, summary: String, by: String,
                              byUser: UserID, now: Date) throws(DomainError) -> Decision {
        try TextRules.check(outcome, field: "outcome", max: 100)
        try TextRules.check(summary, field: "summary", max: 4000, multiline: true)
        try require(referral, in: [.accepted, .inProgress], to: "given feedback")
        var r = referral
        r.status = .done
        r.feedback = Referral.Feedback(outcome: outcome, summary: summary, by: by, at: now)
        var next = relink(incident, r)
        var from: IncidentStatus?
        if incident.status == .referred {
            from = .referred
            next.status = .closed
            next.times.closedAt = now
            next.feedback = Feedback(outcome: outcome, summary: "\(r.agencyName): \(summary)", by: byUser, at: now)
        }
        return try decision(.referralDone, r, next, from: from, note: nil)
    }

    /// The agency sends it back with a reason (not theirs, cannot reach the place): the
    /// incident is the dispatcher's again.
    public static func giveBack(_ referral: Referral, incident: Incident, reason: String, by: String, now: Date) throws(DomainError) -> Decision {
        try TextRules.check(reason, field: "reason", max: 1000, multiline: true)
        try require(referral, in: [.sent, .accepted, .inProgress], to: "returned")
        var r = referral
        r.status = .returned
        r.returned = Referral.Step(at: now, by: by)
        r.returnReason = reason
        return try requeue(.referralReturned, r, incident, note: "\(r.agencyName): \(reason)")
    }

    /// The dispatcher takes it back before the agency finishes.
    public static func withdraw(_ referral: Referral, incident: Incident, by: String, now: Date) throws(DomainError) -> Decision {
        try require(referral, in: [.sent, .accepted, .inProgress], to: "withdrawn")
        var r = referral
        r.status = .withdrawn
        r.withdrawn = Referral.Step(at: now, by: by)
        return try requeue(.referralWithdrawn, r, incident, note: nil)
    }

    /// Whether `agency` serves the ground at `path`: under the jurisdiction it is registered
    /// with, and inside one of the jurisdictions it names when it names any.
    public static func serves(_ agency: Agency, path: String) -> Bool {
        let components = path.split(separator: "/").map(String.init)
        guard components.contains(agency.jurisdictionID.rawValue) || agency.path == "/" else { return false }
        return agency.serves.isEmpty || agency.serves.contains { components.contains($0.rawValue) }
    }

    private static func requeue(_ type: EventType, _ r: Referral, _ incident: Incident, note: String?) throws(DomainError) -> Decision {
        var next = relink(incident, r)
        var from: IncidentStatus?
        if incident.status == .referred {
            from = .referred
            next.status = .received
        }
        return try decision(type, r, next, from: from, note: note)
    }

    private static func step(_ type: EventType, _ r: Referral, _ incident: Incident) throws(DomainError) -> Decision {
        try decision(type, r, relink(incident, r), from: nil, note: nil)
    }

    private static func require(_ referral: Referral, in states: Set<Referral.Status>, to participle: String) throws(DomainError) {
        guard states.contains(referral.status) else {
            throw DomainError(.illegalTransition, field: "status", "a \(referral.status.rawValue) referral cannot be \(participle)")
        }
    }

    private static func relink(_ incident: Incident, _ r: Referral) -> Incident {
        var next = incident
        next.version += 1
        next.referrals = (incident.referrals ?? []).map { $0.id == r.id ? ReferralLink(r) : $0 }
        return next
    }

    private static func decision(_ type: EventType, _ referral: Referral, _ incident: Incident, from: IncidentStatus?,
                                 note: String?) throws(DomainError) -> Decision {
        var r = referral
        if type != .referralSent { r.version += 1 }
        do {
            var events = [try Event(type, subject: r.id.rawValue, path: r.path, payload: ReferralEventData(referral: r))]
            let data = IncidentEventData(incident: incident, from: from, to: from.map { _ in incident.status }, note: note)
            events.append(try Event(from == nil ? .incidentReferralChanged : .incidentTransitioned, subject: incident.id.rawValue,
                                    path: incident.path, payload: data))
            return Decision(events: events, referral: r, incident: incident)
        } catch {
            throw DomainError(.invalidField, "referral could not be encoded: \(error)")
        }
    }
}
