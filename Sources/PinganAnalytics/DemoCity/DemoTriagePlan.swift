import Foundation
import PinganCore

/// The demo city's triage (警情分流), as data: the three agencies that take its non-police
/// calls, the sign-ins, the routing rules in the city's policy and the shortened deadlines.
/// The seeding (`DemoTriageSetup` in `pingan`) registers it, the simulator answers for the
/// agencies (`DemoReferralAnswer`), and the tests check the rules against what the demo's
/// callers say (`DemoCallTexts`).
///
/// Each agency has two accounts: a sign-in for a person who wants to try the agency's page,
/// with the demo's printed password, and a desk the simulator answers the referrals under,
/// with a random password nobody is shown. Two, so that the audit log and the referral's own
/// steps say whether a person or the simulator took it, and the simulator can leave alone
/// what a person took (as it leaves the unit the demo's officer crews).
public enum DemoTriagePlan {
    public struct AgencySpec: Sendable, Hashable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var kind: Agency.Kind
        public var phone: String
        /// The sign-in for a person.
        public var login: String
        public var loginName: String
        /// The simulator's account at the agency.
        public var desk: String
        public var deskName: String
    }

    /// A routing rule of the city's policy, naming its agency by code (IDs are drawn at registration).
    public struct RuleSpec: Sendable, Hashable {
        public var id: String
        public var name: String
        public var agencyCode: String
        public var categories: [String]
        public var keywords: [String]?
        public var mode: ReferralRule.Mode
    }

    public static let hotline = AgencySpec(code: "SIM-12345", name: "12345政务服务热线（模拟）", nameEn: "12345 government service hotline (simulated)",
                                           kind: .hotline12345, phone: "12345", login: "hotline", loginName: "12345热线值班员（模拟）",
                                           desk: "hotline-desk", deskName: "12345热线坐席（模拟器）")
    public static let centre = AgencySpec(code: "SIM-ZZZX", name: "模拟市综治中心（模拟）", nameEn: "Comprehensive-governance centre (simulated)",
                                          kind: .governanceCentre, phone: "021-12345678", login: "zongzhi", loginName: "综治中心值班员（模拟）",
                                          desk: "zongzhi-desk", deskName: "综治中心调解员（模拟器）")
    public static let grid = AgencySpec(code: "SIM-GRID", name: "社区网格服务站（模拟）", nameEn: "Community grid office (simulated)",
                                        kind: .grid, phone: "021-87654321", login: "grid", loginName: "网格员（模拟）",
                                        desk: "grid-desk", deskName: "网格员（模拟器）")

    public static let agencies = [hotline, centre, grid]

    /// In order: the first rule of mode `apply` that fits a call refers it. Neighbours' quarrels
    /// go to the governance centre before the noise rule can send a quarrel about building work
    /// to the hotline; stalls and rubbish are only proposed, so a dispatcher (or the simulated
    /// one) decides.
    public static let rules = [
        RuleSpec(id: "demo-inquiry", name: "咨询类转12345（演示）", agencyCode: hotline.code, categories: ["inquiry"], keywords: nil, mode: .apply),
        RuleSpec(id: "demo-neighbours", name: "邻里物业纠纷转综治中心调解（演示）", agencyCode: centre.code, categories: ["dispute"],
                 keywords: ["邻里|邻居|物业|漏水"], mode: .apply),
        RuleSpec(id: "demo-noise", name: "噪音扰民转12345（演示）", agencyCode: hotline.code, categories: ["complaint", "dispute"],
                 keywords: ["噪音|噪声|扰民|装修|施工|noise"], mode: .apply),
        RuleSpec(id: "demo-street", name: "占道摆摊、垃圾建议转网格（演示）", agencyCode: grid.code, categories: ["complaint"],
                 keywords: ["占道|摆摊|摊贩|垃圾"], mode: .propose),
    ]

    /// Accept within 10 minutes, feedback within 30: far shorter than the standard (30 minutes,
    /// a day), so that a late answer shows, on the supervision board and in the overdue-feedback
    /// rate, within a demo session. Set only when the city has no deadlines of its own.
    public static let deadlines = ReferralDeadlines(acceptSeconds: 10 * 60, feedbackSeconds: 30 * 60)

    /// The routing rules, with the registered agencies' IDs by code; a rule whose agency is not
    /// registered is left out.
    public static func referralRules(agencyIDs: [String: AgencyID]) -> [ReferralRule] {
        rules.compactMap { spec in
            agencyIDs[spec.agencyCode].map {
                ReferralRule(id: spec.id, name: spec.name, agencyID: $0, categories: spec.categories, keywords: spec.keywords, mode: spec.mode)
            }
        }
    }

    /// `own` (what the city's policy sets) with the demo's rules it lacks, by ID, and the demo's
    /// deadlines when it sets none; nil when nothing is missing. A rule a person edited or
    /// disabled keeps its ID and so stays as they left it.
    public static func policy(adding rules: [ReferralRule], to own: JurisdictionPolicy) -> JurisdictionPolicy? {
        var policy = own
        let present = Set((own.referralRules ?? []).map(\.id))
        let missing = rules.filter { !present.contains($0.id) }
        if !missing.isEmpty { policy.referralRules = (own.referralRules ?? []) + missing }
        if own.referralDeadlines == nil { policy.referralDeadlines = deadlines }
        return policy == own ? nil : policy
    }
}
