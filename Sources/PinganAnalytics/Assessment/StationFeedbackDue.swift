import Foundation
import PinganCore

/// The feedback (处警反馈) one incident owes its station, read from the incident as it stands:
/// the one definition behind both the overdue-feedback rate (`OverdueFeedbackRate`, from the
/// event log) and the assessment's per-incident flag (`IncidentFacts`, from the projections), so
/// the two figures cannot disagree.
///
/// - The deadline is the incident's own `deadlineRule`, else the policy's limit for its
///   priority, counted from the call; the feedback is the incident's close (`closedAt`).
/// - A cancelled incident (a merged duplicate is one) owes nothing.
/// - An incident with an agency (referred) or closed by the agency's feedback owes it through
///   the referral, in the agency's row: not the station's. Closed by the agency is told apart
///   from closed by the police by the resolution time: police feedback closes only a resolved
///   incident, reopening clears `resolvedAt`, and the agency's feedback closes a referred
///   incident, which cannot have been resolved since it was last received, and leaves its
///   referral done. (A closed incident brought in by `HistoryImport` without a resolution time
///   has no referral: the station's.)
public struct StationFeedbackDue: Sendable, Hashable {
    public var due: Date
    /// When the feedback was given (the incident closed); nil while it is owed.
    public var doneAt: Date?

    /// The station's feedback for `incident`, or nil when it owes its station none.
    public init?(_ incident: Incident, policy: DeadlinePolicy = .standard) {
        guard !Self.isAgencyOwned(incident),
              let feedback = policy.deadlines(for: incident).first(where: { $0.step == .feedback }) else { return nil }
        due = feedback.due
        doneAt = feedback.doneAt
    }

    public init(due: Date, doneAt: Date?) {
        self.due = due
        self.doneAt = doneAt
    }

    /// The feedback is an agency's to give: the incident is with it, or was closed by it.
    public static func isAgencyOwned(_ incident: Incident) -> Bool {
        incident.status == .referred
            || (incident.status == .closed && incident.times.resolvedAt == nil && (incident.referrals ?? []).contains { $0.status == .done })
    }

    /// Fallen due by `end`: only then does it count in a rate.
    public func isCounted(at end: Date) -> Bool { due <= end }

    /// Given after the due instant, or not given while `end` is past it. Given exactly at the
    /// due instant is on time, as in `Deadline.isOverdue`.
    public func isLate(at end: Date) -> Bool { doneAt.map { $0 > due } ?? (end > due) }
}
