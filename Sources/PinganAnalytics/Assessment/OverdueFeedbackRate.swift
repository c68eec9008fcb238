import Foundation
import PinganCore

/// The overdue-feedback rate (警情超时反馈率), the seeds' headline figure, read from the event log:
/// per owner and per day, of the pieces of feedback that fell due that day, the share given after
/// their deadline (or not given at all by the end of the range).
///
/// Definitions, so two readers of the log get the same figure:
/// - **Day**: the China Standard Time (UTC+8) calendar day of the *due* instant, as the seeds
///   define the rate over the feedback that fell due that day; the figure of a day is final once
///   its last due instant is past.
/// - **Counted**: feedback due by `end` (later deadlines have not fallen due yet). **Overdue**:
///   given after the due instant, or not given by `end` while `end` is past due. Due exactly at
///   the instant given is on time, as in `Deadline.isOverdue`.
/// - **Incidents** belong to their station (the last component of the incident's path); the
///   feedback deadline is the incident's own `deadlineRule`, else the policy's limit for its
///   priority; the feedback is the incident's close. Every `incident.*` event carries the whole
///   incident, and the last one read wins, so a reopened incident owes its feedback again and a
///   merged duplicate (cancelled) drops out. Cancelled incidents owe nothing. An incident handed
///   to an agency and closed by the agency's feedback (or still referred) owes it through the
///   referral and is counted in the agency's row, not the station's, so one delay counts once.
///   What an incident owes its station is `StationFeedbackDue`'s to say, the definition the
///   assessment's per-incident figures (`IncidentFacts`) share.
/// - **Referrals** belong to their agency; the deadline is the referral's `feedbackDue`. Done
///   counts its feedback's time; returned counts the return as the agency's answer (a late
///   return is still late); withdrawn referrals owe nothing.
///
/// Feed events in log order with `add`, or use `rows(from:at:policy:)`; memory grows with the
/// number of incidents and referrals seen, not with the number of events.
public struct OverdueFeedbackRate: Sendable {
    public enum OwnerKind: String, Codable, Sendable, CaseIterable {
        case station, agency
    }

    public struct Row: Codable, Sendable, Hashable {
        /// `YYYY-MM-DD`, China Standard Time.
        public var day: String
        /// A station's jurisdiction ID or an agency's ID.
        public var owner: String
        public var ownerKind: OwnerKind
        public var due: Int
        public var overdue: Int
        /// `overdue / due`; every row has `due ≥ 1`.
        public var rate: Double

        public init(day: String, owner: String, ownerKind: OwnerKind, due: Int, overdue: Int, rate: Double) {
            self.day = day
            self.owner = owner
            self.ownerKind = ownerKind
            self.due = due
            self.overdue = overdue
            self.rate = rate
        }
    }

    /// One piece of feedback owed, as the last event read left it.
    struct Owed: Sendable {
        var owner: String
        var kind: OwnerKind
        var due: Date
        var doneAt: Date?
        /// False for work that owes nothing (cancelled, withdrawn) or owes it elsewhere.
        var counts: Bool
    }

    /// Just the referral of a `referral.*` payload, so this report reads the log without
    /// depending on the rest of the triage payload.
    private struct ReferralOnly: EventPayload {
        var referral: Referral
    }

    private static let incidentTypesRead: Set<EventType> = [.incidentCreated, .incidentTransitioned, .incidentFeedback]
    private static let referralTypes: Set<EventType> = [
        .referralSent, .referralAccepted, .referralStarted, .referralDone, .referralReturned, .referralWithdrawn,
    ]

    /// The limits for incidents stored without their own deadline rule.
    public var policy: DeadlinePolicy
    private var incidents: [String: Owed] = [:]
    private var referrals: [String: Owed] = [:]
    /// Events of the kinds this report relies on whose payload did not decode: a figure computed
    /// with any is missing work, and says so.
    public private(set) var unreadable = 0

    public init(policy: DeadlinePolicy = .standard) { self.policy = policy }

    /// Reads one event; events must come in log order.
    public mutating func add(_ event: Event) {
        if Self.referralTypes.contains(event.type) {
            guard let r = try? event.payload(as: ReferralOnly.self).referral else {
                unreadable += 1
                return
            }
            let doneAt: Date? = switch r.status {
            case .done: r.feedback?.at
            case .returned: r.returned?.at
            default: nil
            }
            referrals[r.id.rawValue] = Owed(owner: r.agencyID.rawValue, kind: .agency, due: r.feedbackDue, doneAt: doneAt,
                                            counts: r.status != .withdrawn)
        } else if event.type.rawValue.hasPrefix("incident.") {
            guard let data = try? event.payload(as: IncidentEventData.self) else {
                // Other incident events may carry other payloads; only the ones relied on count as unreadable.
                if Self.incidentTypesRead.contains(event.type) { unreadable += 1 }
                return
            }
            let i = data.incident
            let owner = i.path.split(separator: "/").last.map(String.init) ?? i.jurisdictionID.rawValue
            // `StationFeedbackDue` applies the incident's own rule, gives a cancelled incident none,
            // and leaves the feedback an agency owes to the agency's row.
            if let owed = StationFeedbackDue(i, policy: policy) {
                incidents[i.id.rawValue] = Owed(owner: owner, kind: .station, due: owed.due, doneAt: owed.doneAt, counts: true)
            } else {
                incidents[i.id.rawValue] = Owed(owner: owner, kind: .station, due: i.times.receivedAt, doneAt: nil, counts: false)
            }
        }
    }

    /// The rows as of `end`, sorted by day, then owner (then owner kind).
    public func rows(at end: Date) -> [Row] {
        struct Key: Hashable {
            var day: String
            var owner: String
            var kind: OwnerKind
        }
        var table: [Key: (due: Int, overdue: Int)] = [:]
        for owed in [incidents.values, referrals.values].joined() where owed.counts && owed.due <= end {
            let late = StationFeedbackDue(due: owed.due, doneAt: owed.doneAt).isLate(at: end)
            let key = Key(day: Self.chinaDay(owed.due), owner: owed.owner, kind: owed.kind)
            var tally = table[key] ?? (0, 0)
            tally.due += 1
            if late { tally.overdue += 1 }
            table[key] = tally
        }
        return table.map { key, tally in
            Row(day: key.day, owner: key.owner, ownerKind: key.kind, due: tally.due, overdue: tally.overdue,
                rate: Double(tally.overdue) / Double(tally.due))
        }.sorted { a, b in
            if a.day != b.day { return a.day < b.day }
            if a.owner != b.owner { return a.owner < b.owner }
            return a.ownerKind.rawValue < b.ownerKind.rawValue
        }
    }

    /// The rows of a whole log (in order) as of `end`.
    public static func rows(from events: some Sequence<Event>, at end: Date, policy: DeadlinePolicy = .standard) -> [Row] {
        var rate = OverdueFeedbackRate(policy: policy)
        for event in events { rate.add(event) }
        return rate.rows(at: end)
    }

    /// `YYYY-MM-DD` of `date` in China Standard Time: UTC+8 all year, no daylight saving, so
    /// plain arithmetic does.
    public static func chinaDay(_ date: Date) -> String {
        let local = Int64((date.timeIntervalSince1970 + 8 * 3600).rounded(.down))
        let (year, month, day, _) = Timestamp.civil(local)
        return String(year) + (month < 10 ? "-0" : "-") + String(month) + (day < 10 ? "-0" : "-") + String(day)
    }
}
