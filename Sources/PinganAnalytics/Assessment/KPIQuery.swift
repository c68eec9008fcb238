import Foundation

/// One KPI question: a jurisdiction's figures over a period, with the comparisons, the daily
/// series, a grouping and the station league. What the caller knows about the organisation
/// (names, where units and zones belong, the policies with their targets) comes with it, so
/// answering reads nothing but `IncidentFacts` and `AlertFacts`.
public struct KPIQuery: Sendable {
    /// The jurisdiction asked about, as its path (`/` for everything).
    public var scope: String
    public var period: KPIPeriod
    /// The instant open incidents and unpaid feedback are judged at.
    public var asOf: Date
    public var groupBy: KPIGrouping?
    /// Whether to compute the daily series.
    public var series = true
    /// Whether to compute the station league table.
    public var league = true
    /// The policies the targets come from; empty means the standard targets everywhere.
    public var targets = ResponseTargetsTable()
    /// Names by key (jurisdiction ID, unit ID, zone ID, category code), for the groups.
    public var names: [String: String] = [:]
    /// Where each unit belongs (unit ID → its station's path). When given, only units under
    /// `scope` are reported as groups (a neighbour's unit sent across the border stays out of
    /// this jurisdiction's table), and each unit's targets are its station's.
    public var unitPaths: [String: String]?
    /// Where each zone belongs (zone ID → its station's path), as `unitPaths`.
    public var zonePaths: [String: String]?
    /// Every jurisdiction's path: stations and districts without a call in the period still get
    /// their (empty) row in a station or district grouping and in the league.
    public var jurisdictionPaths: [String] = []

    public init(scope: String, period: KPIPeriod, asOf: Date, groupBy: KPIGrouping? = nil) {
        self.scope = scope
        self.period = period
        self.asOf = asOf
        self.groupBy = groupBy
    }
}
