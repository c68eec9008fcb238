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

        /// Figures measured elsewhere (the assessment's `IncidentFacts`, which percentiles by
        /// selection over a year of incidents); the same nearest-rank definition as below.
        public init(count: Int, mean: Double, median: Double, p90: Double, max: Double) {
            self.count = count
            self.mean = mean
            self.median = median
            self.p90 = p90
            self.max = max
        }

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

    /// A summary computed elsewhere (see `Durations.init(count:mean:median:p90:max:)`).
    public init(incidents: Int, callToDispatch: Durations?, dispatchToArrival: Durations?, arrivalToResolved: Durations?,
                callToArrival: Durations?, judged: Int, met: Int, arrivalsByTier: [String: Int]) {
        self.incidents = incidents
        self.callToDispatch = callToDispatch
        self.dispatchToArrival = dispatchToArrival
        self.arrivalToResolved = arrivalToResolved
        self.callToArrival = callToArrival
        self.judged = judged
        self.met = met
        metRate = judged > 0 ? Double(met) / Double(judged) : nil
        self.arrivalsByTier = arrivalsByTier
    }

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

        public init(key: String, summary: ResponseSummary) {
            self.key = key
            self.summary = summary
        }
    }

    public var overall: ResponseSummary
    /// Every unit sent to an incident is credited with the incident's response.
    public var byUnit: [Group]
    public var byStation: [Group]
    /// Incidents without a zone are left out of this grouping.
    public var byZone: [Group]

    /// A report assembled elsewhere (the server computes it from its in-memory incident facts).
    public init(overall: ResponseSummary, byUnit: [Group], byStation: [Group], byZone: [Group]) {
        self.overall = overall
        self.byUnit = byUnit
        self.byStation = byStation
        self.byZone = byZone
    }

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
