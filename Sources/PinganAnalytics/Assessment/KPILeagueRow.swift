/// One station in the league table against the 1-3-5 standard: ranked by met-standard rate
/// (highest first; stations with nothing judged last), ties by the 90th percentile of call →
/// arrival (shortest first), then by ID.
public struct KPILeagueRow: Codable, Sendable, Hashable {
    public var rank: Int
    public var key: String
    public var name: String?
    public var path: String
    public var incidents: Int
    public var judged: Int
    public var metRate: Double?
    public var arrivals: Int
    public var callToArrivalP90: Double?
    public var within5MinutesShare: Double?
    public var feedbackDue: Int
    public var overdueFeedbackRate: Double?
    public var targets: TargetsInForce
    public var warnings: [KPIWarning]

    public init(rank: Int, group: KPIGroup) {
        self.rank = rank
        key = group.key
        name = group.name
        path = group.path ?? ""
        incidents = group.figures.incidents
        judged = group.figures.judged
        metRate = group.figures.metRate
        arrivals = group.figures.arrivals
        callToArrivalP90 = group.figures.callToArrival?.p90
        within5MinutesShare = group.figures.within5MinutesShare
        feedbackDue = group.figures.feedbackDue
        overdueFeedbackRate = group.figures.overdueFeedbackRate
        targets = group.targets
        warnings = group.warnings
    }

    /// `groups` (stations) ranked into the table.
    public static func table(_ groups: [KPIGroup]) -> [KPILeagueRow] {
        let sorted = groups.sorted { a, b in
            let ra = a.figures.metRate ?? -1, rb = b.figures.metRate ?? -1
            if ra != rb { return ra > rb }
            let pa = a.figures.callToArrival?.p90 ?? .infinity, pb = b.figures.callToArrival?.p90 ?? .infinity
            if pa != pb { return pa < pb }
            return a.key < b.key
        }
        return sorted.enumerated().map { KPILeagueRow(rank: $0.offset + 1, group: $0.element) }
    }
}
