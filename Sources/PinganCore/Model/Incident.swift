import Foundation
import PinganGeo

/// The lifecycle positions of an incident (警情). See `IncidentLifecycle` for the legal moves.
public enum IncidentStatus: String, Codable, Sendable, CaseIterable {
    case received, dispatched, enRoute, onScene, resolved, closed, cancelled, reopened
    /// Handed to another agency (警情分流) and off the dispatcher's queue until it is done
    /// (closed with the agency's feedback) or returned (received again).
    case referred

    /// Still needs work from the command centre or the field.
    public var isOpen: Bool { self != .closed && self != .cancelled }
}

/// The person who called, kept whole in the store and masked for roles that may not see it.
public struct Caller: Codable, Sendable, Hashable {
    public var name: String?
    public var phone: String?

    public init(name: String? = nil, phone: String? = nil) {
        self.name = name
        self.phone = phone
    }

    /// 张** and 138****5678: enough to match a repeat caller by eye, not enough to call them.
    public var masked: Caller {
        Caller(name: name.map(Caller.maskName), phone: phone.map(Caller.maskPhone))
    }

    static func maskName(_ s: String) -> String {
        guard let first = s.first else { return s }
        return String(first) + String(repeating: "*", count: max(1, s.count - 1))
    }

    static func maskPhone(_ s: String) -> String {
        let chars = Array(s)
        guard chars.count > 6 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }
}

/// The time each lifecycle step was reached; `nil` until it is.
public struct IncidentTimes: Codable, Sendable, Hashable {
    public var receivedAt: Date
    public var dispatchedAt: Date?
    public var enRouteAt: Date?
    public var onSceneAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var cancelledAt: Date?
    public var reopenedAt: Date?

    public init(receivedAt: Date) { self.receivedAt = receivedAt }
}

/// What the field reports back when the loop closes (处警反馈).
public struct Feedback: Codable, Sendable, Hashable {
    public var outcome: String
    public var summary: String
    public var by: UserID
    public var at: Date

    public init(outcome: String, summary: String, by: UserID, at: Date) {
        self.outcome = outcome
        self.summary = summary
        self.by = by
        self.at = at
    }
}

/// A crew's acknowledgement that it has the assignment: the dispatcher sees who has not
/// confirmed yet.
public struct Acceptance: Codable, Sendable, Hashable {
    public var unitID: UnitID
    public var at: Date

    public init(unitID: UnitID, at: Date) {
        self.unitID = unitID
        self.at = at
    }
}

/// A call for service from intake to closed loop.
public struct Incident: Codable, Sendable, Hashable, Versioned {
    public var id: IncidentID
    /// Human number, unique per jurisdiction and day: `CODE-YYYYMMDD-NNNN`.
    public var number: String
    public var jurisdictionID: JurisdictionID
    public var category: String
    public var priority: Priority
    public var location: Coordinate
    public var address: String
    public var caller: Caller
    public var description: String
    public var status: IncidentStatus
    public var times: IncidentTimes
    public var unitIDs: [UnitID]
    public var feedback: Feedback?
    /// Units whose crews acknowledged the assignment from the field (接警确认), first time each.
    /// Optional so incidents stored before acceptances existed still decode.
    public var acceptances: [Acceptance]?
    /// Every unit ever assigned, kept after they are released: the incident's history of who
    /// worked it. Grants nothing (see `IncidentAccess`). Optional for older documents.
    public var attendedUnitIDs: [UnitID]?
    /// The units that were on the incident when it was resolved: their crews give the feedback
    /// that closes it. Cleared when it is reopened; absent on older documents.
    public var resolvedByUnitIDs: [UnitID]?
    /// The deadline limits set when the incident came in; absent on incidents stored before
    /// policies existed, which follow the standard limits.
    public var deadlineRule: DeadlineRule?
    /// The agencies this call was referred to and where each referral stands; absent when none.
    public var referrals: [ReferralLink]?
    /// Set on a duplicate call merged under another incident (重复警情): it keeps its number and
    /// caller, and points at the incident that carries the work.
    public var mergedInto: MergeLink?
    /// The duplicate calls merged under this one.
    public var mergedIncidentIDs: [IncidentID]?
    /// The high-risk rules that fired on the call (高危警情), each with the words it fired on.
    public var riskFlags: [RiskFlag]?
    /// The number the system used before Pingan gave it, for an incident brought from there
    /// (`HistoryImport`); absent on incidents taken here.
    public var sourceID: String?
    /// The standard address (标准地址) the call was placed at, when the call-taker found it in
    /// the registry: repeat calls to the same door are then counted as such, not by distance.
    public var addressID: AddressID?
    public var path: String
    public var version: Int

    public init(id: IncidentID, number: String, jurisdictionID: JurisdictionID, category: String, priority: Priority,
                location: Coordinate, address: String, caller: Caller, description: String, status: IncidentStatus = .received,
                times: IncidentTimes, unitIDs: [UnitID] = [], feedback: Feedback? = nil, path: String, version: Int = 1) {
        self.id = id
        self.number = number
        self.jurisdictionID = jurisdictionID
        self.category = category
        self.priority = priority
        self.location = location
        self.address = address
        self.caller = caller
        self.description = description
        self.status = status
        self.times = times
        self.unitIDs = unitIDs
        self.feedback = feedback
        self.path = path
        self.version = version
    }

    /// The referral still with an agency, if any: while it is open the incident cannot close
    /// on police feedback alone.
    public var openReferral: ReferralLink? { referrals?.first { $0.status.isOpen } }

    /// The same incident with the caller masked, for lists and for roles without the right.
    public var maskingCaller: Incident {
        var copy = self
        copy.caller = caller.masked
        return copy
    }
}
