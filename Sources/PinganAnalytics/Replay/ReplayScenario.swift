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
