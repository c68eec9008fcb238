/// A referral as the incident's card shows it: to whom, and where it stands. Kept on the
/// incident so the dispatcher sees it without another query.
public struct ReferralLink: Codable, Sendable, Hashable {
    public var id: ReferralID
    public var agencyID: AgencyID
    public var agencyName: String
    public var status: Referral.Status

    public init(id: ReferralID, agencyID: AgencyID, agencyName: String, status: Referral.Status) {
        self.id = id
        self.agencyID = agencyID
        self.agencyName = agencyName
        self.status = status
    }

    public init(_ referral: Referral) {
        self.init(id: referral.id, agencyID: referral.agencyID, agencyName: referral.agencyName, status: referral.status)
    }
}
