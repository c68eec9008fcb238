import Foundation
import PinganCore
import PinganGeo

/// What the assessment needs to know about one incident, measured once when the incident is
/// stored or changes: one row of `IncidentFacts`. Durations come from `ResponseRecord` and the
/// feedback deadline from `StationFeedbackDue`, so the dashboard, the response report and the
/// overdue-feedback rate measure the same thing the same way.
public struct IncidentFact: Sendable, Hashable {
    /// Whether the arrival met the standard (`ResponseRecord.metStandard`).
    public enum Verdict: UInt8, Sendable, Hashable {
        /// On scene within the priority's limit.
        case met
        /// On scene after it.
        case missed
        /// Nobody on scene yet: missed once the limit has passed, undecided until then.
        case pending
        /// Cancelled without an arrival, or handed to an agency that answered it: never judged.
        case none
    }

    /// What happened to the incident, as flags.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let closed = Flags(rawValue: 1)
        /// Cancelled; merged duplicates are cancelled too.
        public static let cancelled = Flags(rawValue: 2)
        /// A duplicate call merged under another incident (重复警情).
        public static let merged = Flags(rawValue: 4)
        /// Referred to another agency at least once (警情分流).
        public static let referred = Flags(rawValue: 8)
        /// A high-risk rule fired on the call (高危警情).
        public static let highRisk = Flags(rawValue: 16)
    }

    public var id: String
    /// The incident's version: a row is replaced only by a later one.
    public var version: Int
    public var receivedAt: Date
    /// The incident's jurisdiction path; the station is its ancestor at station depth.
    public var path: String
    /// The patrol zone it lies in, if any.
    public var zone: String?
    public var category: String
    public var priority: Priority
    public var location: Coordinate
    /// Seconds per step; nil when the step did not happen.
    public var callToDispatch: Double?
    public var dispatchToArrival: Double?
    public var arrivalToResolved: Double?
    public var callToArrival: Double?
    public var verdict: Verdict
    public var flags: Flags
    /// The feedback the incident owes its station, if any.
    public var feedback: StationFeedbackDue?
    /// Every unit sent to it, first assignment first (released ones included).
    public var units: [String]

    public init(id: String, version: Int, receivedAt: Date, path: String, zone: String?, category: String, priority: Priority,
                location: Coordinate, callToDispatch: Double?, dispatchToArrival: Double?, arrivalToResolved: Double?, callToArrival: Double?,
                verdict: Verdict, flags: Flags, feedback: StationFeedbackDue?, units: [String]) {
        self.id = id
        self.version = version
        self.receivedAt = receivedAt
        self.path = path
        self.zone = zone
        self.category = category
        self.priority = priority
        self.location = location
        self.callToDispatch = callToDispatch
        self.dispatchToArrival = dispatchToArrival
        self.arrivalToResolved = arrivalToResolved
        self.callToArrival = callToArrival
        self.verdict = verdict
        self.flags = flags
        self.feedback = feedback
        self.units = units
    }

    /// Measures `incident`.
    /// - Parameters:
    ///   - zone: the zone containing it (from `ZoneIndex`), if zones are drawn.
    ///   - policy: the limits the met-standard verdict and feedback deadlines fall back on.
    public init(_ incident: Incident, zone: String?, policy: DeadlinePolicy = .standard) {
        let record = ResponseRecord(incident: incident, policy: policy)
        let verdict: Verdict = switch record.metStandard {
        case true?: .met
        case false?: .missed
        // Cancelled, or the agency's work (referred, or closed by its feedback) with no police unit
        // on scene: not the police response's to be judged by.
        case nil: incident.status == .cancelled || StationFeedbackDue.isAgencyOwned(incident) ? .none : .pending
        }
        var flags: Flags = []
        if incident.status == .closed { flags.insert(.closed) }
        if incident.status == .cancelled { flags.insert(.cancelled) }
        if incident.mergedInto != nil { flags.insert(.merged) }
        if !(incident.referrals ?? []).isEmpty { flags.insert(.referred) }
        if !(incident.riskFlags ?? []).isEmpty { flags.insert(.highRisk) }
        var units = (incident.attendedUnitIDs ?? []).map(\.rawValue)
        for u in incident.unitIDs where !units.contains(u.rawValue) { units.append(u.rawValue) }
        self.init(id: incident.id.rawValue, version: incident.version, receivedAt: incident.times.receivedAt, path: incident.path, zone: zone,
                  category: incident.category, priority: incident.priority, location: incident.location,
                  callToDispatch: record.callToDispatch, dispatchToArrival: record.dispatchToArrival,
                  arrivalToResolved: record.arrivalToResolved, callToArrival: record.callToArrival, verdict: verdict, flags: flags,
                  feedback: StationFeedbackDue(incident, policy: policy), units: units)
    }
}
