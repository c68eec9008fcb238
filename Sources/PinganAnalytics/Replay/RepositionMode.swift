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
