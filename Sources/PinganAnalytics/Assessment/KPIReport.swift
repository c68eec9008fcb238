import Foundation

/// The answer to a `KPIQuery`: the period's figures against the previous period (环比) and the
/// same period a year before (同比), all three periods stated, the daily series, the groups and
/// the station league, each with the targets that apply and the warnings earned.
public struct KPIReport: Codable, Sendable, Hashable {
    /// The jurisdiction asked about: its ID (`root` for everything) and path.
    public var jurisdictionID: String
    public var jurisdictionName: String?
    public var path: String
    /// The instant open incidents and unpaid feedback were judged at.
    public var asOf: Date
    public var period: KPIPeriod
    public var previousPeriod: KPIPeriod
    public var lastYearPeriod: KPIPeriod
    public var current: KPIFigures
    public var previous: KPIFigures
    public var lastYear: KPIFigures
    public var changes: KPIChanges
    /// The jurisdiction's own targets and the warnings its figures earn against them.
    public var targets: TargetsInForce
    public var warnings: [KPIWarning]
    /// One point per day of the period (empty when not asked for).
    public var series: [KPIDayPoint]
    public var groupBy: KPIGrouping?
    /// By `groupBy`, ordered by key; empty without a grouping.
    public var groups: [KPIGroup]
    /// The stations under the jurisdiction ranked against the standard (empty when not asked for).
    public var league: [KPILeagueRow]
    /// Figures left out and why (patrol figures for a long period, say).
    public var notes: [String]

    public init(jurisdictionID: String, jurisdictionName: String?, path: String, asOf: Date, period: KPIPeriod, previousPeriod: KPIPeriod,
                lastYearPeriod: KPIPeriod, current: KPIFigures, previous: KPIFigures, lastYear: KPIFigures, changes: KPIChanges,
                targets: TargetsInForce, warnings: [KPIWarning], series: [KPIDayPoint], groupBy: KPIGrouping?, groups: [KPIGroup],
                league: [KPILeagueRow], notes: [String]) {
        self.jurisdictionID = jurisdictionID
        self.jurisdictionName = jurisdictionName
        self.path = path
        self.asOf = asOf
        self.period = period
        self.previousPeriod = previousPeriod
        self.lastYearPeriod = lastYearPeriod
        self.current = current
        self.previous = previous
        self.lastYear = lastYear
        self.changes = changes
        self.targets = targets
        self.warnings = warnings
        self.series = series
        self.groupBy = groupBy
        self.groups = groups
        self.league = league
        self.notes = notes
    }
}
