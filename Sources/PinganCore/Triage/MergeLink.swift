import Foundation

/// How a duplicate call was merged, enough to undo it: into which incident, by whom, when, and
/// the status it had, which an undo gives back.
public struct MergeLink: Codable, Sendable, Hashable {
    public var into: IncidentID
    public var intoNumber: String
    public var by: String
    public var at: Date
    public var previousStatus: IncidentStatus
    /// The duplicate score and its reasons when the merge followed a proposal.
    public var score: Double?
    public var reasons: [String]?

    public init(into: IncidentID, intoNumber: String, by: String, at: Date, previousStatus: IncidentStatus, score: Double? = nil,
                reasons: [String]? = nil) {
        self.into = into
        self.intoNumber = intoNumber
        self.by = by
        self.at = at
        self.previousStatus = previousStatus
        self.score = score
        self.reasons = reasons
    }
}
