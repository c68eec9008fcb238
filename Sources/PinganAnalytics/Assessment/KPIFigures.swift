import Foundation

/// The assessment's figures over one set of incidents (a jurisdiction's, one group's) received
/// in one period. Definitions, so two readers get the same number:
///
/// - **incidents**: calls received in the period, every one (cancelled and merged duplicates too).
/// - **durations** per step, from the incident's own lifecycle times (`ResponseRecord`); a step
///   that did not happen is left out of that step's figures. Percentiles are nearest-rank
///   (`DurationStats`).
/// - **within 1/3/5 minutes**: of the incidents with a first arrival (`arrivals`, not of all
///   incidents), the share whose call → first arrival was at most 60, 180, 300 s (cumulative:
///   within 3 includes within 1), the 1-3-5 standard's tiers (`ResponseTier`).
/// - **met standard**: judged incidents are those with an arrival, and those nobody reached
///   within their priority's limit by `asOf` (missed); cancelled ones without an arrival, those
///   with an agency or closed by its feedback that no police unit reached (a referred noise
///   complaint is not a police response), and open ones still inside their limit are not judged.
/// - **closure rate**: closed ÷ incidents not cancelled.
/// - **overdue feedback**: of the incidents whose feedback to their station fell due by `asOf`
///   (`StationFeedbackDue`: referred and agency-closed incidents are the agency's, cancelled
///   ones owe none), the share given late or not at all. Counted by the period the *call* came
///   in, where `OverdueFeedbackRate` counts by the day the feedback fell due.
/// - **referred**: incidents referred to an agency at least once; **merged**: duplicate calls
///   merged under another; **highRisk**: calls a high-risk rule fired on.
/// - **alerts**: early warnings raised in the period (by kind and state); only where alerts
///   belong (a jurisdiction, a station, a district), nil for units, zones and categories.
public struct KPIFigures: Codable, Sendable, Hashable {
    public var incidents = 0
    /// Incidents by category code.
    public var byCategory: [String: Int] = [:]
    /// Incidents by priority, keyed `"1"` … `"4"` (absent when none).
    public var byPriority: [String: Int] = [:]
    public var callToDispatch: DurationStats?
    public var dispatchToArrival: DurationStats?
    public var arrivalToResolved: DurationStats?
    public var callToArrival: DurationStats?
    /// Incidents with a first arrival: the base of the 1-3-5 shares.
    public var arrivals = 0
    /// First arrivals within 60, 180 and 300 s (cumulative counts).
    public var within1Minute = 0
    public var within3Minutes = 0
    public var within5Minutes = 0
    /// The same as shares of `arrivals`; nil when there was no arrival.
    public var within1MinuteShare: Double?
    public var within3MinutesShare: Double?
    public var within5MinutesShare: Double?
    public var judged = 0
    public var met = 0
    /// `met / judged`; nil when nothing was judged.
    public var metRate: Double?
    public var closed = 0
    /// `closed / (incidents − cancelled)`; nil when every incident was cancelled.
    public var closureRate: Double?
    public var cancelled = 0
    public var merged = 0
    public var referred = 0
    public var highRisk = 0
    /// Feedback owed to the station that fell due by `asOf`, and how much of it came late or not at all.
    public var feedbackDue = 0
    public var feedbackOverdue = 0
    /// `feedbackOverdue / feedbackDue`; nil when nothing fell due.
    public var overdueFeedbackRate: Double?
    public var alerts: AlertCounts?

    public init() {}

    /// Alerts (预警) raised in a period.
    public struct AlertCounts: Codable, Sendable, Hashable {
        public var raised = 0
        /// By `Alert.Kind` raw value.
        public var byKind: [String: Int] = [:]
        /// By `Alert.Status` raw value, as the alerts stand now.
        public var byStatus: [String: Int] = [:]

        public init(raised: Int = 0, byKind: [String: Int] = [:], byStatus: [String: Int] = [:]) {
            self.raised = raised
            self.byKind = byKind
            self.byStatus = byStatus
        }
    }

    /// `a / b`, nil when `b` is 0.
    static func share(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
}
