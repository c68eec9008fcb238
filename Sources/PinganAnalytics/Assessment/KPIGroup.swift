/// One group of a KPI answer (a station, district, unit, zone or category) with its figures, the
/// targets that apply to it and the warnings it earns.
public struct KPIGroup: Codable, Sendable, Hashable {
    /// The jurisdiction's, unit's or zone's ID, or the category code.
    public var key: String
    /// What people call it (station name, unit callsign, zone name, category name), when known.
    public var name: String?
    /// The jurisdiction path of the group's owner (the station or district itself, the unit's or
    /// zone's station); nil for categories.
    public var path: String?
    public var figures: KPIFigures
    /// The targets of the group's owner (for a category: those of the jurisdiction asked about).
    public var targets: TargetsInForce
    public var warnings: [KPIWarning]
    /// Distance patrolled and time in the unit's patrol zones, for unit groups when measured.
    public var patrol: PatrolFigures?

    public init(key: String, name: String?, path: String?, figures: KPIFigures, targets: TargetsInForce, warnings: [KPIWarning],
                patrol: PatrolFigures? = nil) {
        self.key = key
        self.name = name
        self.path = path
        self.figures = figures
        self.targets = targets
        self.warnings = warnings
        self.patrol = patrol
    }
}
