/// An earlier call or incident that a new call may repeat, with the evidence, so the dispatcher
/// sees why it was proposed and decides; nothing is merged on a score alone.
public struct DuplicateCandidate: Sendable, Equatable, Codable {
    /// The earlier call's id.
    public var incidentID: String
    /// 0...1 (`DuplicateRules.score`).
    public var score: Double
    /// Straight (or, when the index has one, road) distance between the two places.
    public var distanceMeters: Double
    /// Seconds between the two calls (positive when the candidate came first).
    public var secondsApart: Double
    public var sameCaller: Bool
    /// Character-bigram similarity of the descriptions, 0...1.
    public var textSimilarity: Double
    public var sameCategory: Bool
    /// Stable codes for the card and the audit: "sameCaller", "near:120m", "within:8min",
    /// "similarText:0.72", "sameCategory".
    public var reasons: [String]

    public init(incidentID: String, score: Double, distanceMeters: Double, secondsApart: Double, sameCaller: Bool,
                textSimilarity: Double, sameCategory: Bool, reasons: [String]) {
        self.incidentID = incidentID
        self.score = score
        self.distanceMeters = distanceMeters
        self.secondsApart = secondsApart
        self.sameCaller = sameCaller
        self.textSimilarity = textSimilarity
        self.sameCategory = sameCategory
        self.reasons = reasons
    }
}
