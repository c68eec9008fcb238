import PinganCore

/// A figure on the wrong side of its target (the league table's red cells), raised only when the
/// figure rests on at least `ResponseTargets.minIncidents` incidents.
public struct KPIWarning: Codable, Sendable, Hashable {
    public enum Metric: String, Codable, Sendable, CaseIterable {
        /// `KPIFigures.metRate` below `minMetRate` (sample: incidents judged).
        case metRate
        /// The 90th percentile of call → arrival above `maxP90ArrivalSeconds` (sample: arrivals).
        case callToArrivalP90
        /// `KPIFigures.overdueFeedbackRate` above `maxOverdueFeedbackRate` (sample: feedback due).
        case overdueFeedbackRate
    }

    public var metric: Metric
    public var value: Double
    public var target: Double
    /// The incidents the figure rests on.
    public var sample: Int

    public init(metric: Metric, value: Double, target: Double, sample: Int) {
        self.metric = metric
        self.value = value
        self.target = target
        self.sample = sample
    }

    /// The warnings `figures` earn against `targets`.
    public static func check(_ figures: KPIFigures, against targets: ResponseTargets) -> [KPIWarning] {
        var out: [KPIWarning] = []
        let minimum = max(1, targets.minIncidents)
        if let rate = figures.metRate, figures.judged >= minimum, rate < targets.minMetRate {
            out.append(KPIWarning(metric: .metRate, value: rate, target: targets.minMetRate, sample: figures.judged))
        }
        if let p90 = figures.callToArrival?.p90, figures.arrivals >= minimum, p90 > Double(targets.maxP90ArrivalSeconds) {
            out.append(KPIWarning(metric: .callToArrivalP90, value: p90, target: Double(targets.maxP90ArrivalSeconds), sample: figures.arrivals))
        }
        if let rate = figures.overdueFeedbackRate, figures.feedbackDue >= minimum, rate > targets.maxOverdueFeedbackRate {
            out.append(KPIWarning(metric: .overdueFeedbackRate, value: rate, target: targets.maxOverdueFeedbackRate, sample: figures.feedbackDue))
        }
        return out
    }
}
