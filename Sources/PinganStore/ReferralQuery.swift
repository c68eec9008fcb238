import Foundation
import PinganCore

/// Which referrals to list, newest first. The police side asks by scope (the incident's path);
/// an agency's users ask by their agency, with the whole tree as scope.
public struct ReferralQuery: Sendable, Hashable {
    public var agencyID: AgencyID?
    public var incidentID: IncidentID?
    /// Only referrals in one of these states; nil for all.
    public var statuses: [Referral.Status]?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 500

    public init(agencyID: AgencyID? = nil, incidentID: IncidentID? = nil, statuses: [Referral.Status]? = nil, limit: Int = 100, offset: Int = 0) {
        self.agencyID = agencyID
        self.incidentID = incidentID
        self.statuses = statuses
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}
