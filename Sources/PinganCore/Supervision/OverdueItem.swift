import Foundation

/// One step of work past its deadline and not yet done (督办的对象), whatever it belongs to: the
/// escalation sweep and the supervision board treat incidents, referrals and alerts alike through
/// it. Made afresh from the entities at every sweep and never stored; what was sent about it is
/// kept in a `SupervisionCase`.
public struct OverdueItem: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case incident, referral, alert
        /// An anti-fraud warning not followed up by its deadline.
        case fraudWarning
        /// A dispute late for its follow-up, or high-risk and not yet settled.
        case dispute
    }

    /// What makes two sweeps' items the same work, so one case follows it from stage to stage.
    public struct Key: Hashable, Sendable {
        public var kind: Kind
        public var subjectID: String
        public var step: String

        public init(kind: Kind, subjectID: String, step: String) {
            self.kind = kind
            self.subjectID = subjectID
            self.step = step
        }
    }

    public var kind: Kind
    /// The incident's, referral's or alert's ID.
    public var subjectID: String
    /// The late step: `dispatch`, `arrive`, `feedback` (incidents); `accept`, `feedback`
    /// (referrals); `acknowledge`, `close` (alerts); `followUp` (fraud warnings, disputes); `highRisk` (a dispute
    /// that must be watched from above until it is settled). A string, so the board and the log read the
    /// same word for every kind.
    public var step: String
    public var due: Date
    /// The jurisdiction path of the work: the station and the supervisors above it are found by it.
    public var path: String
    /// The units that should do the step now; empty when no unit holds the work (an incident
    /// waiting for dispatch, a referral, an alert), and the first reminder then goes to the board.
    public var unitIDs: [UnitID]
    /// For a referral: the agency that should do the step.
    public var agencyID: AgencyID?
    /// One line for the board: the incident number and category, the referral's incident and
    /// agency, the alert's own title.
    public var title: String

    public init(kind: Kind, subjectID: String, step: String, due: Date, path: String, unitIDs: [UnitID] = [],
                agencyID: AgencyID? = nil, title: String) {
        self.kind = kind
        self.subjectID = subjectID
        self.step = step
        self.due = due
        self.path = path
        self.unitIDs = unitIDs
        self.agencyID = agencyID
        self.title = title
    }

    public var key: Key { Key(kind: kind, subjectID: subjectID, step: step) }
}

extension OverdueItem {
    /// The incident's open steps past due at `now` (`DeadlinePolicy.overdue`). A referred
    /// incident, and the feedback of one whose referral is still open, are the agency's to do:
    /// the referral's own items chase them, so the station is not chased twice for one delay.
    /// The units asked are those on the incident, or for feedback after it was resolved, those
    /// that resolved it.
    public static func items(for incident: Incident, policy: DeadlinePolicy, at now: Date) -> [OverdueItem] {
        guard incident.status != .referred else { return [] }
        let units = incident.unitIDs.isEmpty ? (incident.resolvedByUnitIDs ?? []) : incident.unitIDs
        return policy.overdue(incident, at: now).compactMap { deadline in
            if deadline.step == .feedback && incident.openReferral != nil { return nil }
            return OverdueItem(kind: .incident, subjectID: incident.id.rawValue, step: deadline.step.rawValue, due: deadline.due,
                               path: incident.path, unitIDs: units, title: "\(incident.number) \(incident.category)")
        }
    }

    /// The referral's steps past due at `now`: acceptance while it is still only sent, feedback
    /// while it is open. Due exactly at `now` is not yet late, as for incidents.
    public static func items(for referral: Referral, at now: Date) -> [OverdueItem] {
        var items: [OverdueItem] = []
        let title = "\(referral.incidentNumber) → \(referral.agencyName)"
        if referral.status == .sent && now > referral.acceptDue {
            items.append(OverdueItem(kind: .referral, subjectID: referral.id.rawValue, step: "accept", due: referral.acceptDue,
                                     path: referral.path, agencyID: referral.agencyID, title: title))
        }
        if referral.status.isOpen && now > referral.feedbackDue {
            items.append(OverdueItem(kind: .referral, subjectID: referral.id.rawValue, step: "feedback", due: referral.feedbackDue,
                                     path: referral.path, agencyID: referral.agencyID, title: title))
        }
        return items
    }

    /// The alert's steps past due at `now`: acknowledgement while it is received, closing while
    /// it is open. An alert folded into a group is left out: the group's head carries its loop
    /// (closing the head closes it), and a storm must not become a storm of reminders.
    public static func items(for alert: Alert, at now: Date) -> [OverdueItem] {
        guard alert.groupID == nil else { return [] }
        var items: [OverdueItem] = []
        if alert.status == .received && now > alert.acknowledgeBy {
            items.append(OverdueItem(kind: .alert, subjectID: alert.id.rawValue, step: "acknowledge", due: alert.acknowledgeBy,
                                     path: alert.path, title: alert.title))
        }
        if !alert.status.isClosed && now > alert.handleBy {
            items.append(OverdueItem(kind: .alert, subjectID: alert.id.rawValue, step: "close", due: alert.handleBy,
                                     path: alert.path, title: alert.title))
        }
        return items
    }
}

extension OverdueItem {
    /// The warning's follow-up past its deadline with nothing recorded. No unit holds a warning,
    /// so the first reminder goes to the board and the station hears at the second stage.
    public static func items(for warning: FraudWarning, at now: Date) -> [OverdueItem] {
        guard warning.isOverdue(at: now) else { return [] }
        return [OverdueItem(kind: .fraudWarning, subjectID: warning.id.rawValue, step: "followUp", due: warning.deadline,
                            path: warning.path, title: "\(warning.reference) \(warning.reason)")]
    }
}

extension OverdueItem {
    /// A high-risk dispute not yet settled is on the board from its opening, and climbs to the
    /// supervisor within the hour; any open dispute past its follow-up is late work.
    public static func items(for dispute: Dispute, at now: Date) -> [OverdueItem] {
        guard !dispute.status.isClosed else { return [] }
        let title = "\(dispute.address) \(dispute.kind.rawValue)"
        var items: [OverdueItem] = []
        if dispute.risk == .high {
            items.append(OverdueItem(kind: .dispute, subjectID: dispute.id.rawValue, step: "highRisk", due: dispute.openedAt, path: dispute.path, title: title))
        }
        if let due = dispute.followUpDue, now > due {
            items.append(OverdueItem(kind: .dispute, subjectID: dispute.id.rawValue, step: "followUp", due: due, path: dispute.path, title: title))
        }
        return items
    }
}
