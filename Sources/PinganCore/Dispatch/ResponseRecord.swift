import Foundation

/// The measured response to one incident: how long each step of the closed loop took and
/// whether it met the rapid-response standard. Computed from the incident's own lifecycle times,
/// so the figures the seeds boast of (1-3-5 minutes) come from the platform's data, honestly.
public struct ResponseRecord: Codable, Sendable, Hashable {
    public var incidentID: IncidentID
    public var priority: Priority
    public var category: String
    /// The incident's station path (`/city/district/station/`), for per-station figures.
    public var stationPath: String
    /// The patrol zone the incident lies in, when known.
    public var zone: ZoneID?
    public var units: [UnitID]
    /// Seconds from the call to the first dispatch.
    public var callToDispatch: TimeInterval?
    /// Seconds from the dispatch to the first unit on scene.
    public var dispatchToArrival: TimeInterval?
    /// Seconds from the first unit on scene to resolution.
    public var arrivalToResolved: TimeInterval?
    /// Seconds from the call to the first unit on scene: the 1-3-5 figure.
    public var callToArrival: TimeInterval?
    /// The 1-3-5 tier of `callToArrival`.
    public var arrivalTier: ResponseTier?
    /// The tier the recommender promised for the first arriving unit, when known; comparing it
    /// with `arrivalTier` shows whether slow responses are slow dispatching or slow driving.
    public var recommendedTier: ResponseTier?
    /// On scene within the priority's limit (P1: 5 min). Nil while it can still be met, and for
    /// cancelled incidents.
    public var metStandard: Bool?
    /// Dispatched within the priority's dispatch limit (P1: 1 min); nil while it can still be met.
    public var dispatchedInTime: Bool?

    /// Measures `incident`.
    /// - Parameters:
    ///   - policy: the per-priority limits (the standard one encodes 1-3-5 for P1).
    ///   - zone: the zone containing the incident (from `ZoneIndex`), if zones are fenced.
    ///   - recommendedTier: the tier of the first arriving unit's recommendation, if recorded.
    ///   - now: for incidents still open, decides whether a limit has already been missed.
    public init(incident: Incident, policy: DeadlinePolicy = .standard, zone: ZoneID? = nil,
                recommendedTier: ResponseTier? = nil, now: Date? = nil) {
        let t = incident.times
        let limits = policy.limits(for: incident.priority)
        incidentID = incident.id
        priority = incident.priority
        category = incident.category
        stationPath = JurisdictionRelation.ancestor(incident.path, depth: JurisdictionLevel.station.depth + 1)
        self.zone = zone
        units = incident.unitIDs
        self.recommendedTier = recommendedTier
        func span(_ a: Date?, _ b: Date?) -> TimeInterval? {
            guard let a, let b else { return nil }
            return max(0, b.timeIntervalSince(a))
        }
        callToDispatch = span(t.receivedAt, t.dispatchedAt)
        dispatchToArrival = span(t.dispatchedAt, t.onSceneAt)
        arrivalToResolved = span(t.onSceneAt, t.resolvedAt)
        callToArrival = span(t.receivedAt, t.onSceneAt)
        arrivalTier = callToArrival.map { ResponseTier(seconds: $0) }
        let cancelled = incident.status == .cancelled
        func verdict(_ took: TimeInterval?, limit: TimeInterval) -> Bool? {
            if let took { return took <= limit }
            if cancelled { return nil }
            if let now, now.timeIntervalSince(t.receivedAt) > limit { return false }
            return nil
        }
        metStandard = verdict(callToArrival, limit: limits.arrive)
        dispatchedInTime = verdict(callToDispatch, limit: limits.dispatch)
        if cancelled && callToArrival == nil { metStandard = nil }
    }
}
