/// One headline figure against the same figure of a comparison period (环比 or 同比).
public struct KPIChange: Codable, Sendable, Hashable {
    public var current: Double?
    public var base: Double?
    /// `current − base` (for rates: in points of the share, 0.9 − 0.85 = 0.05).
    public var difference: Double?
    /// `(current − base) / base`; nil when the base is 0 or either figure is missing.
    public var relative: Double?

    public init(current: Double?, base: Double?) {
        self.current = current
        self.base = base
        if let current, let base {
            difference = current - base
            relative = base != 0 ? (current - base) / base : nil
        }
    }

    /// The figures compared, by name (the keys of `KPIReport.changes`).
    public static let metrics: [(name: String, read: @Sendable (KPIFigures) -> Double?)] = [
        ("incidents", { Double($0.incidents) }),
        ("metRate", { $0.metRate }),
        ("callToArrivalP90", { $0.callToArrival?.p90 }),
        ("callToArrivalMean", { $0.callToArrival?.mean }),
        ("callToDispatchP90", { $0.callToDispatch?.p90 }),
        ("within5MinutesShare", { $0.within5MinutesShare }),
        ("closureRate", { $0.closureRate }),
        ("overdueFeedbackRate", { $0.overdueFeedbackRate }),
        ("referred", { Double($0.referred) }),
        ("highRisk", { Double($0.highRisk) }),
        ("alerts", { $0.alerts.map { Double($0.raised) } }),
    ]

    /// Every metric of `current` against `base`.
    public static func compare(_ current: KPIFigures, with base: KPIFigures) -> [String: KPIChange] {
        var out: [String: KPIChange] = [:]
        for m in metrics { out[m.name] = KPIChange(current: m.read(current), base: m.read(base)) }
        return out
    }
}

/// The period's headline figures against the previous period (环比) and the same period a year
/// before (同比).
public struct KPIChanges: Codable, Sendable, Hashable {
    public var previous: [String: KPIChange]
    public var lastYear: [String: KPIChange]

    public init(previous: [String: KPIChange], lastYear: [String: KPIChange]) {
        self.previous = previous
        self.lastYear = lastYear
    }
}
