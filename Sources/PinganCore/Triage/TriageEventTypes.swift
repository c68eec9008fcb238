/// The events of triage: agencies, referrals and their loop, merges of duplicate calls, and
/// high-risk flags. Stable names, like every `EventType`.
extension EventType {
    public static let agencyCreated: EventType = "agency.created"
    public static let agencyUpdated: EventType = "agency.updated"
    public static let referralSent: EventType = "referral.sent"
    public static let referralAccepted: EventType = "referral.accepted"
    public static let referralStarted: EventType = "referral.started"
    /// The agency gave its feedback: the referral is done.
    public static let referralDone: EventType = "referral.done"
    /// The agency sent it back with a reason: the incident is the dispatcher's again.
    public static let referralReturned: EventType = "referral.returned"
    /// The dispatcher took it back before the agency finished.
    public static let referralWithdrawn: EventType = "referral.withdrawn"
    /// A referral of the incident moved without moving the incident (accepted, started…): the
    /// card's copy of it changed.
    public static let incidentReferralChanged: EventType = "incident.referralChanged"
    /// A duplicate call was merged under another incident (on both incidents).
    public static let incidentMerged: EventType = "incident.merged"
    /// A merge was undone (on both incidents).
    public static let incidentUnmerged: EventType = "incident.unmerged"
    /// High-risk rules fired on a call (which rules, which words, the priority raised).
    public static let incidentFlagged: EventType = "incident.flagged"
}
