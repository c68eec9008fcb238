/// How the simulated dispatcher picks a unit for a call. The replay runs several side by side
/// on the same calls so their differences are the policies', not the dice's.
public enum DispatchPolicy: String, Codable, Sendable, CaseIterable {
    /// Pingan's rule: the available unit with the shortest road travel time (CH bucket query).
    case roadTime
    /// The available unit nearest as the crow flies: what a map without routing suggests.
    case straightLine
    /// Only units assigned to the call's patrol zone; the call waits if none is free.
    case zoneOwn

    public var label: String {
        switch self {
        case .roadTime: "nearest by road time (Pingan)"
        case .straightLine: "nearest by straight line"
        case .zoneOwn: "zone's own units only"
        }
    }
}

/// What idle units do between calls.
public enum RepositionMode: String, Codable, Sendable, CaseIterable {
    /// Idle units wait at their posts.
    case fixedPosts
    /// Every few minutes the largest 3-minute coverage gap (road length no available unit
    /// reaches within 3 minutes, PHAST over all units) pulls one idle unit from the zone with
    /// the most idle units towards it.
    case coverGaps

    public var label: String {
        switch self {
        case .fixedPosts: "fixed posts"
        case .coverGaps: "idle units cover 3-min gaps"
        }
    }
}

/// One simulated variant: a dispatch policy and a repositioning mode.
public struct ReplayScenario: Sendable, Hashable, Codable {
    public var policy: DispatchPolicy
    public var reposition: RepositionMode

    public init(policy: DispatchPolicy, reposition: RepositionMode) {
        self.policy = policy
        self.reposition = reposition
    }

    /// `roadTime+fixedPosts`: the key used in reports.
    public var key: String { "\(policy.rawValue)+\(reposition.rawValue)" }
    public var label: String { "\(policy.label), \(reposition.label)" }
}
