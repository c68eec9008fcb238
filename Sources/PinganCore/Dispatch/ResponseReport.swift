import Foundation

/// Response figures over a set of incidents (one unit's, one station's, one zone's, or all).
public struct ResponseSummary: Codable, Sendable, Hashable {
    /// Duration statistics in seconds; nil when no incident had the step.
    public struct Durations: Codable, Sendable, Hashable {
        public var count: Int
        public var mean: Double
        public var median: Double
        public var p90: Double
        public var max: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let s = values.sorted()
            func q(_ p: Double) -> Double { s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)] }
            count = s.count
            mean = s.reduce(0, +) / Double(s.count)
            median = q(0.5)
            p90 = q(0.9)
            max = s[s.count - 1]
        }
    }

    public var incidents: Int
    public var callToDispatch: Durations?
    public var dispatchToArrival: Durations?
    public var arrivalToResolved: Durations?
    public var callToArrival: Durations?
    /// Incidents with a verdict on the standard, and how many met it.
    public var judged: Int
    public var met: Int
    /// `met / judged` (nil when nothing was judged yet).
    public var metRate: Double?
    /// First arrivals per 1-3-5 tier (keys are the tier's raw value in minutes, 99 for beyond).
    public var arrivalsByTier: [String: Int]

    public init(_ records: [ResponseRecord]) {
        incidents = records.count
        callToDispatch = Durations(records.compactMap(\.callToDispatch))
        dispatchToArrival = Durations(records.compactMap(\.dispatchToArrival))
        arrivalToResolved = Durations(records.compactMap(\.arrivalToResolved))
        callToArrival = Durations(records.compactMap(\.callToArrival))
        let verdicts = records.compactMap(\.metStandard)
        judged = verdicts.count
        met = verdicts.filter { $0 }.count
        metRate = judged > 0 ? Double(met) / Double(judged) : nil
        var tiers: [String: Int] = [:]
        for r in records { if let t = r.arrivalTier { tiers[String(t.rawValue), default: 0] += 1 } }
        arrivalsByTier = tiers
    }
}

/// Response figures grouped the ways the assessment (系统化考核评估) looks at them.
public struct ResponseReport: Codable, Sendable, Hashable {
    public struct Group: Codable, Sendable, Hashable {
        /// Unit ID, station path or zone ID.
        public var key: String
        public var summary: ResponseSummary
    }

    public var overall: ResponseSummary
    /// Every unit sent to an incident is credited with the incident's response.
    public var byUnit: [Group]
    public var byStation: [Group]
    /// Incidents without a zone are left out of this grouping.
    public var byZone: [Group]

    public init(_ records: [ResponseRecord]) {
        overall = ResponseSummary(records)
        func groups(_ keys: (ResponseRecord) -> [String]) -> [Group] {
            var by: [String: [ResponseRecord]] = [:]
            for r in records { for k in keys(r) { by[k, default: []].append(r) } }
            return by.keys.sorted().map { Group(key: $0, summary: ResponseSummary(by[$0]!)) }
        }
        byUnit = groups { r in Array(Set(r.units.map(\.rawValue))) }
        byStation = groups { [$0.stationPath] }
        byZone = groups { r in r.zone.map { [$0.rawValue] } ?? [] }
    }
}
