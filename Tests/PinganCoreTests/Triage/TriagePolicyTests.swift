import Foundation
import PinganCore
import Testing

/// Triage rules as policy data: inherited down the tree, replaced and disabled by ID, and checked
/// when a policy is set.
@Suite("Triage: rules in the jurisdiction policy")
struct TriagePolicyTests {
    static let city = Jurisdiction(id: JurisdictionID("c"), parentID: nil, level: .city, code: "C", name: "市", path: "/c/")
    static let district = Jurisdiction(id: JurisdictionID("d1"), parentID: city.id, level: .district, code: "D1", name: "区", path: "/c/d1/")
    static let station = Jurisdiction(id: JurisdictionID("s1"), parentID: district.id, level: .station, code: "S1", name: "所", path: "/c/d1/s1/")

    static let elder = HighRiskRule(id: "elder", nameZh: "老人走失", nameEn: "Missing elder", categories: ["assistance"],
                                    patterns: ["老人.{0,4}走失"], raiseTo: .p2, notify: false)
    static let hotline = AgencyID("a-12345"), grid = AgencyID("a-grid")
    static let noise = ReferralRule(id: "noise", name: "噪音", agencyID: hotline, categories: ["complaint"], keywords: ["噪音"], mode: .propose)
    static let lost = ReferralRule(id: "lost", name: "失物", agencyID: hotline, keywords: ["丢失|遗失"], mode: .propose)

    static func with(_ j: Jurisdiction, _ policy: JurisdictionPolicy) -> Jurisdiction {
        var j = j
        j.policy = policy
        return j
    }

    static func disabled(_ id: String) -> HighRiskRule {
        HighRiskRule(id: id, nameZh: "", nameEn: "", patterns: [], raiseTo: .p4, notify: false, disabled: true)
    }

    @Test func withNoPolicyTheStandardsApply() {
        let p = EffectivePolicy.resolve([Self.city, Self.district, Self.station])
        #expect(p.highRiskRules == HighRiskRules.standard)
        #expect(p.highRiskRules.map(\.id) == ["weapon", "extreme-act", "self-harm", "domestic-violence", "threat"])
        #expect(p.referralRules.isEmpty)
        #expect(p.referralDeadlines == ReferralDeadlines(acceptSeconds: 1800, feedbackSeconds: 86_400) && p.referralDeadlinesSetBy == "standard")
    }

    @Test func rulesAreAddedReplacedAndDisabledByIDFromTheTopDown() throws {
        var stricterThreat = HighRiskRules.threat
        stricterThreat.raiseTo = .p1
        stricterThreat.notify = true
        let city = Self.with(Self.city, JurisdictionPolicy(highRiskRules: [Self.elder, stricterThreat], referralRules: [Self.noise, Self.lost],
                                                          referralDeadlines: ReferralDeadlines(acceptSeconds: 600, feedbackSeconds: 7200)))
        var gridNoise = Self.noise
        gridNoise.agencyID = Self.grid
        var lostOff = Self.lost
        lostOff.disabled = true
        let district = Self.with(Self.district, JurisdictionPolicy(highRiskRules: [Self.disabled("weapon")], referralRules: [gridNoise, lostOff]))
        let p = EffectivePolicy.resolve([city, district, Self.station])
        #expect(p.highRiskRules.map(\.id) == ["extreme-act", "self-harm", "domestic-violence", "threat", "elder"])
        #expect(p.highRiskRules.first { $0.id == "threat" } == stricterThreat)
        #expect(p.referralRules == [gridNoise])
        #expect(p.referralDeadlines.acceptSeconds == 600 && p.referralDeadlinesSetBy == "c")
        // Compiled from the policy: no weapon flag under the district, the city's own rule fires.
        let matcher = try HighRiskMatcher(policy: p)
        #expect(matcher.flags(category: "other", text: "他拿着刀威胁我").map(\.rule) == ["threat"])
        #expect(RiskFlag.raised(.p3, by: matcher.flags(category: "other", text: "他拿着刀威胁我")) == .p1)
        #expect(matcher.flags(category: "assistance", text: "家里老人走失了").map(\.rule) == ["elder"])
        let router = try ReferralRouter(policy: p)
        #expect(router.match(category: "complaint", text: "噪音", path: Self.station.path, at: Date()).map(\.agencyID) == [Self.grid])
        #expect(router.match(category: "complaint", text: "钱包丢失", path: Self.station.path, at: Date()).isEmpty)
        // The city alone still has everything it set; a station may switch the weapon rule back on in its place.
        #expect(EffectivePolicy.resolve([city]).highRiskRules.map(\.id) == ["weapon", "extreme-act", "self-harm", "domestic-violence", "threat", "elder"])
        let station = Self.with(Self.station, JurisdictionPolicy(highRiskRules: [HighRiskRules.weapon],
                                                                 referralDeadlines: ReferralDeadlines(acceptSeconds: 300, feedbackSeconds: 3600)))
        let back = EffectivePolicy.resolve([city, district, station])
        #expect(back.highRiskRules.first?.id == "weapon")
        #expect(back.referralDeadlines.feedbackSeconds == 3600 && back.referralDeadlinesSetBy == "s1")
    }

    @Test func storedPoliciesWithoutTriageRulesStillDecode() throws {
        let old = #"{"deadlines":[{"priority":2,"dispatchSeconds":60,"arriveSeconds":600,"feedbackSeconds":3600}],"categories":[]}"#
        let policy = try JSONDecoder().decode(JurisdictionPolicy.self, from: Data(old.utf8))
        #expect(policy.highRiskRules == nil && policy.referralRules == nil && policy.referralDeadlines == nil && policy.deadlines.count == 1)
        let full = JurisdictionPolicy(highRiskRules: [Self.elder], referralRules: [Self.noise], referralDeadlines: .standard)
        #expect(try JSONDecoder().decode(JurisdictionPolicy.self, from: JSONEncoder().encode(full)) == full)
    }

    @Test func aValidPolicyIsStoredAndOneWithOnlyTriageRulesIsNotDropped() throws {
        let (j, _) = try OrganisationDecider.setPolicy(Self.district, JurisdictionPolicy(referralDeadlines: ReferralDeadlines(acceptSeconds: 60, feedbackSeconds: 60)),
                                                       version: 1)
        #expect(j.version == 2 && j.policy?.referralDeadlines?.acceptSeconds == 60)
        let (k, _) = try OrganisationDecider.setPolicy(Self.district, JurisdictionPolicy(highRiskRules: [Self.elder, Self.disabled("weapon")],
                                                                                         referralRules: [Self.noise, Self.lost]), version: 1)
        #expect(k.policy?.highRiskRules?.count == 2 && k.policy?.referralRules?.count == 2)
        let (none, _) = try OrganisationDecider.setPolicy(Self.district, JurisdictionPolicy(highRiskRules: [], referralRules: []), version: 1)
        #expect(none.policy == nil)
    }

    static func rule(_ id: String, _ patterns: [String]) -> HighRiskRule {
        HighRiskRule(id: id, nameZh: "规则", nameEn: "Rule", patterns: patterns, raiseTo: .p2, notify: true)
    }

    static func hours(_ from: Int, _ to: Int) -> ReferralRule {
        ReferralRule(id: "night", name: "夜间", agencyID: grid, categories: ["complaint"], hours: .init(from: from, to: to), mode: .apply)
    }

    /// (policy, code, field, words the message must hold)
    static let refused: [(JurisdictionPolicy, String, String, [String])] = [
        (JurisdictionPolicy(highRiskRules: [rule("ok", ["a"]), rule("knives", ["刀", "(刀"])]), "invalid_rule", "highRiskRules.1.patterns.1", ["knives", "(刀"]),
        (JurisdictionPolicy(highRiskRules: [rule("empty", [])]), "invalid_rule", "highRiskRules.0.patterns", ["empty"]),
        (JurisdictionPolicy(highRiskRules: [rule("twice", ["a"]), rule("twice", ["b"])]), "invalid_rule", "highRiskRules.1.id", ["twice"]),
        (JurisdictionPolicy(highRiskRules: [rule("all", ["x?"])]), "invalid_rule", "highRiskRules.0.patterns.0", ["all", "x?"]),
        (JurisdictionPolicy(highRiskRules: [rule("bad id", ["a"])]), "invalid_field", "highRiskRules.0.id", []),
        (JurisdictionPolicy(highRiskRules: [disabled("weapon"), rule("cats", ["a"])].map {
            var r = $0
            if r.id == "cats" { r.categories = [] }
            return r
        }), "invalid_rule", "highRiskRules.1.categories", ["cats"]),
        (JurisdictionPolicy(referralRules: [noise, ReferralRule(id: "k", name: "k", agencyID: hotline, keywords: ["[噪"], mode: .propose)]),
         "invalid_rule", "referralRules.1.keywords.0", ["k", "[噪"]),
        (JurisdictionPolicy(referralRules: [noise, noise]), "invalid_rule", "referralRules.1.id", ["noise"]),
        (JurisdictionPolicy(referralRules: [ReferralRule(id: "all", name: "全部", agencyID: hotline, mode: .apply)]), "invalid_rule", "referralRules.0", ["all"]),
        (JurisdictionPolicy(referralRules: [ReferralRule(id: "nokw", name: "n", agencyID: hotline, keywords: [], mode: .apply)]),
         "invalid_rule", "referralRules.0.keywords", ["nokw"]),
        (JurisdictionPolicy(referralRules: [hours(1320, 1440)]), "invalid_field", "referralRules.0.hours.to", ["night"]),
        (JurisdictionPolicy(referralRules: [hours(-1, 360)]), "invalid_field", "referralRules.0.hours.from", ["night"]),
        (JurisdictionPolicy(referralRules: [hours(600, 600)]), "invalid_field", "referralRules.0.hours", ["night"]),
        (JurisdictionPolicy(referralDeadlines: ReferralDeadlines(acceptSeconds: 0, feedbackSeconds: 3600)), "invalid_field", "referralDeadlines.acceptSeconds", []),
        (JurisdictionPolicy(referralDeadlines: ReferralDeadlines(acceptSeconds: 600, feedbackSeconds: -5)), "invalid_field", "referralDeadlines.feedbackSeconds", []),
        (JurisdictionPolicy(referralDeadlines: ReferralDeadlines(acceptSeconds: 600, feedbackSeconds: 300)), "invalid_field", "referralDeadlines.feedbackSeconds", []),
    ]

    @Test(arguments: refused.indices)
    func aBadRuleOrDeadlineIsRefusedNamingIt(_ i: Int) {
        let (policy, code, field, words) = Self.refused[i]
        #expect(performing: { _ = try OrganisationDecider.setPolicy(Self.district, policy, version: 1) }, throws: { error in
            guard let e = error as? DomainError else { return false }
            return e.code.rawValue == code && e.field == field && words.allSatisfy { e.message.contains($0) }
        })
    }
}
