import Foundation
import PinganGeo

public typealias ReferralID = Identifier<Referral>

/// The part of a call handed to another agency (警情分流), with a loop of its own: sent →
/// accepted → in progress → done with feedback, or returned with a reason (the incident goes back
/// to the dispatcher's queue). Deadlines come from the policy data of the incident's
/// jurisdiction; the incident closes only when the referral's feedback is in.
public struct Referral: Codable, Sendable, Hashable, Versioned {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case sent, accepted, inProgress, done, returned, withdrawn

        /// Still the agency's to work.
        public var isOpen: Bool { self == .sent || self == .accepted || self == .inProgress }
    }

    /// What the agency is told about the call: enough to act, with the caller masked.
    public struct Summary: Codable, Sendable, Hashable {
        public var category: String
        public var address: String
        public var location: Coordinate
        public var description: String
        public var receivedAt: Date
        public var caller: Caller

        public init(category: String, address: String, location: Coordinate, description: String, receivedAt: Date, caller: Caller) {
            self.category = category
            self.address = address
            self.location = location
            self.description = description
            self.receivedAt = receivedAt
            self.caller = caller
        }

        public init(_ incident: Incident) {
            self.init(category: incident.category, address: incident.address, location: incident.location,
                      description: incident.description, receivedAt: incident.times.receivedAt, caller: incident.caller.masked)
        }
    }

    /// What the agency reports when it is done (反馈).
    public struct Feedback: Codable, Sendable, Hashable {
        public var outcome: String
        public var summary: String
        public var by: String
        public var at: Date

        public init(outcome: String, summary: String, by: String, at: Date) {
            self.outcome = outcome
            self.summary = summary
            self.by = by
            self.at = at
        }
    }

    /// Who did a step and when.
    public struct Step: Codable, Sendable, Hashable {
        public var at: Date
        public var by: String

        public init(at: Date, by: String) {
            self.at = at
            self.by = by
        }
    }

    public var id: ReferralID
    public var incidentID: IncidentID
    public var incidentNumber: String
    public var agencyID: AgencyID
    public var agencyName: String
    public var status: Status
    public var summary: Summary
    /// The dispatcher's words to the agency.
    public var note: String
    /// The routing rule that proposed or applied it, if one did.
    public var rule: String?
    public var sent: Step
    public var accepted: Step?
    public var started: Step?
    public var feedback: Feedback?
    public var returned: Step?
    public var returnReason: String?
    public var withdrawn: Step?
    /// When the agency must have accepted, and given its feedback.
    public var acceptDue: Date
    public var feedbackDue: Date
    /// Which rule set the deadlines: a jurisdiction's ID, or `standard`.
    public var deadlinesSetBy: String
    /// The incident's jurisdiction path: the police side sees it by this.
    public var path: String
    public var version: Int

    public init(id: ReferralID, incidentID: IncidentID, incidentNumber: String, agencyID: AgencyID, agencyName: String, status: Status = .sent,
                summary: Summary, note: String, rule: String? = nil, sent: Step, acceptDue: Date, feedbackDue: Date,
                deadlinesSetBy: String, path: String, version: Int = 1) {
        self.id = id
        self.incidentID = incidentID
        self.incidentNumber = incidentNumber
        self.agencyID = agencyID
        self.agencyName = agencyName
        self.status = status
        self.summary = summary
        self.note = note
        self.rule = rule
        self.sent = sent
        self.acceptDue = acceptDue
        self.feedbackDue = feedbackDue
        self.deadlinesSetBy = deadlinesSetBy
        self.path = path
        self.version = version
    }
}
