import PinganCore

/// One day of the trend lines: the day's incidents, met-standard rate, 90th percentile of call →
/// arrival and overdue-feedback rate, with the counts the rates rest on (definitions as in
/// `KPIFigures`).
public struct KPIDayPoint: Codable, Sendable, Hashable {
    public var day: ReportDay
    public var incidents: Int
    public var judged: Int
    public var met: Int
    public var metRate: Double?
    public var arrivals: Int
    public var callToArrivalP90: Double?
    public var feedbackDue: Int
    public var feedbackOverdue: Int
    public var overdueFeedbackRate: Double?

    public init(day: ReportDay, incidents: Int, judged: Int, met: Int, arrivals: Int, callToArrivalP90: Double?, feedbackDue: Int,
                feedbackOverdue: Int) {
        self.day = day
        self.incidents = incidents
        self.judged = judged
        self.met = met
        metRate = KPIFigures.share(met, judged)
        self.arrivals = arrivals
        self.callToArrivalP90 = callToArrivalP90
        self.feedbackDue = feedbackDue
        self.feedbackOverdue = feedbackOverdue
        overdueFeedbackRate = KPIFigures.share(feedbackOverdue, feedbackDue)
    }
}
