/// How long an agency has to take a referral and to report back on it, counted from when it was
/// sent. Policy data (`JurisdictionPolicy.referralDeadlines`), inherited down the tree.
public struct ReferralDeadlines: Codable, Sendable, Hashable {
    public var acceptSeconds: Int
    public var feedbackSeconds: Int

    public init(acceptSeconds: Int, feedbackSeconds: Int) {
        self.acceptSeconds = acceptSeconds
        self.feedbackSeconds = feedbackSeconds
    }

    /// Accept within 30 minutes, feedback within 24 hours. Defaults, not rules of law: a staffed
    /// duty desk can look at a new referral within half an hour, and the matters referred (noise,
    /// neighbours, utilities, welfare) are ones a grid worker or hotline can visit and answer
    /// within a day, while the caller still remembers calling. Agencies and places differ (a
    /// village grid at night is not a city hotline), so each jurisdiction sets its own in its policy.
    public static let standard = ReferralDeadlines(acceptSeconds: 30 * 60, feedbackSeconds: 24 * 3600)
}
