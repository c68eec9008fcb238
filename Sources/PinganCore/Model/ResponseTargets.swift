/// What a station (or a district, a unit) is held to in the assessment (系统化考核评估) against the
/// 1-3-5 rapid-response standard: policy data, set on a jurisdiction and inherited down the tree
/// as a whole (`JurisdictionPolicy.responseTargets`), so the dashboard's warnings follow what the
/// bureau decided rather than numbers written into the code.
public struct ResponseTargets: Codable, Sendable, Hashable {
    /// Lowest acceptable share of judged incidents on scene within their priority's limit
    /// (`ResponseRecord.metStandard`: P1 five minutes), 0 to 1.
    public var minMetRate: Double
    /// Longest acceptable 90th percentile of call → first arrival, in seconds.
    public var maxP90ArrivalSeconds: Int
    /// Highest acceptable share of feedback given late or not at all (警情超时反馈率), 0 to 1.
    public var maxOverdueFeedbackRate: Double
    /// Fewest incidents a figure must rest on before it can raise a warning: a station with three
    /// calls and one slow arrival is chance, not a finding.
    public var minIncidents: Int

    public init(minMetRate: Double, maxP90ArrivalSeconds: Int, maxOverdueFeedbackRate: Double, minIncidents: Int) {
        self.minMetRate = minMetRate
        self.maxP90ArrivalSeconds = maxP90ArrivalSeconds
        self.maxOverdueFeedbackRate = maxOverdueFeedbackRate
        self.minIncidents = minIncidents
    }

    /// 90% of incidents on scene within their limit, 90% of arrivals within 15 minutes, at most
    /// 5% of feedback late, judged on 20 incidents or more. Defaults, not rules of law: the 1-3-5
    /// standard itself asks P1 calls to be reached within five minutes, and the mix of
    /// priorities a station takes (P3 and P4 may take 30 minutes and two hours) puts an honest
    /// 90th percentile over all calls well above that; each bureau sets its own.
    public static let standard = ResponseTargets(minMetRate: 0.9, maxP90ArrivalSeconds: 900, maxOverdueFeedbackRate: 0.05, minIncidents: 20)

    /// Refuses targets no assessment could mean: rates outside 0 to 1, a percentile limit
    /// outside 1 s to the longest arrival limit a policy may set.
    public func check() throws(DomainError) {
        guard minMetRate.isFinite, (0...1).contains(minMetRate) else {
            throw DomainError.invalid("responseTargets.minMetRate", "the met-standard rate is a share from 0 to 1")
        }
        guard (1...OrganisationDecider.maxArriveSeconds).contains(maxP90ArrivalSeconds) else {
            throw DomainError.invalid("responseTargets.maxP90ArrivalSeconds", "the 90th-percentile arrival limit is 1 s to 7 days")
        }
        guard maxOverdueFeedbackRate.isFinite, (0...1).contains(maxOverdueFeedbackRate) else {
            throw DomainError.invalid("responseTargets.maxOverdueFeedbackRate", "the overdue-feedback rate is a share from 0 to 1")
        }
        guard (0...1_000_000).contains(minIncidents) else {
            throw DomainError.invalid("responseTargets.minIncidents", "the smallest sample is 0 to 1000000 incidents")
        }
    }

    /// The targets in force at the last jurisdiction of `chain` (the jurisdiction and its
    /// ancestors from the top down) and who set them: the lowest one that sets any, else the
    /// standard.
    public static func resolve(_ chain: [Jurisdiction]) -> (targets: ResponseTargets, setBy: String) {
        JurisdictionPolicy.nearest(\.responseTargets, in: chain, else: standard)
    }
}
