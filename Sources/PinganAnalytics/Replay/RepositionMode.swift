/// What idle units do between calls.
public enum RepositionMode: String, Codable, Sendable, CaseIterable {
    /// Idle units wait at their posts.
    case fixedPosts
    /// Every few minutes the largest 3-minute coverage gap (road length no available unit
    /// reaches within 3 minutes, PHAST over all units) pulls one idle unit from the zone with
    /// the most idle units towards it.
    case coverGaps
    /// Every few minutes the idle units move to the posts of a maximal-covering solution over
    /// the call demand within 3 minutes (`MovePlanner`, as the live server proposes).
    case maximalCover

    public var label: String {
        switch self {
        case .fixedPosts: "fixed posts"
        case .coverGaps: "idle units cover 3-min gaps"
        case .maximalCover: "idle units move to maximal-covering posts"
        }
    }
}
