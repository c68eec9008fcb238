import Foundation
import PinganCore
import Testing

/// Routing calls to other agencies by category, keywords, place and hour of the day (CST).
@Suite("Triage: referral routing")
struct ReferralRouterTests {
    static let hotline = AgencyID("a-12345"), grid = AgencyID("a-grid")
    static let path = "/c/d1/s1/"

    /// An instant given as a wall-clock time in Beijing on 1 June 2025.
    static func cst(_ hour: Int, _ minute: Int) -> Date {
        // 2025-06-01T00:00:00+08:00
        Date(timeIntervalSince1970: 1_748_707_200 + Double(hour * 3600 + minute * 60))
    }

    static let noise = ReferralRule(id: "noise", name: "噪音转12345", agencyID: hotline, categories: ["complaint", "inquiry"],
                                    keywords: ["噪音|噪声", #"\bnois[ey]\b"#, "装修"], mode: .propose)

    @Test func categoryAndKeywordsBothCountAndTheWordsAreNamed() throws {
        let router = try ReferralRouter(rules: [Self.noise])
        let m = router.match(category: "complaint", text: "楼上装修噪音太大", path: Self.path, at: Self.cst(10, 0))
        #expect(m == [ReferralMatch(rule: "noise", name: "噪音转12345", agencyID: Self.hotline, mode: .propose, words: ["装修", "噪音"])])
        #expect(router.match(category: "inquiry", text: "Loud NOISE from the bar", path: Self.path, at: Self.cst(10, 0)).first?.words == ["NOISE"])
        #expect(router.match(category: "criminal", text: "楼上装修噪音太大", path: Self.path, at: Self.cst(10, 0)).isEmpty, "category outside the rule")
        #expect(router.match(category: "complaint", text: "路灯坏了", path: Self.path, at: Self.cst(10, 0)).isEmpty, "no keyword")
    }

    @Test func aRuleWithoutKeywordsTakesAnyTextOfItsCategories() throws {
        let rule = ReferralRule(id: "inq", name: "咨询", agencyID: Self.hotline, categories: ["inquiry"], mode: .apply)
        let m = try ReferralRouter(rules: [rule]).match(category: "inquiry", text: "办身份证要带什么", path: Self.path, at: Self.cst(9, 0))
        #expect(m.map(\.mode) == [.apply] && m.first?.words == [])
    }

    @Test func aJurisdictionMustBeAComponentOfThePath() throws {
        var rule = Self.noise
        rule.jurisdictions = [JurisdictionID("d1"), JurisdictionID("d7")]
        let router = try ReferralRouter(rules: [rule])
        #expect(router.match(category: "complaint", text: "噪音", path: "/c/d1/s1/", at: Self.cst(10, 0)).count == 1)
        #expect(router.match(category: "complaint", text: "噪音", path: "/c/d7/", at: Self.cst(10, 0)).count == 1)
        #expect(router.match(category: "complaint", text: "噪音", path: "/c/d10/s1/", at: Self.cst(10, 0)).isEmpty, "d10 is not d1")
        #expect(router.match(category: "complaint", text: "噪音", path: "/c/d2/d1x/", at: Self.cst(10, 0)).isEmpty)
    }

    @Test func hoursAreChinaStandardTimeAndMayWrapPastMidnight() throws {
        var day = Self.noise
        day.hours = .init(from: 8 * 60, to: 18 * 60)
        var night = ReferralRule(id: "night", name: "夜间网格", agencyID: Self.grid, categories: ["complaint"], mode: .apply)
        night.hours = .init(from: 22 * 60, to: 6 * 60)
        let router = try ReferralRouter(rules: [day, night])
        func rules(_ h: Int, _ m: Int) -> [String] {
            router.match(category: "complaint", text: "噪音", path: Self.path, at: Self.cst(h, m)).map(\.rule)
        }
        #expect(rules(7, 59) == [])
        #expect(rules(8, 0) == ["noise"])
        #expect(rules(17, 59) == ["noise"])
        #expect(rules(18, 0) == [])
        #expect(rules(21, 59) == [])
        #expect(rules(22, 0) == ["night"])
        #expect(rules(23, 30) == ["night"])
        #expect(rules(24 + 5, 59) == ["night"], "05:59 the next morning")
        #expect(rules(24 + 6, 0) == [])
        // 15:30 UTC is 23:30 in Beijing: the night rule, whatever the machine's time zone.
        #expect(router.match(category: "complaint", text: "噪音", path: Self.path, at: Date(timeIntervalSince1970: 1_748_791_800)).map(\.rule) == ["night"])
        #expect(ReferralRouter.chinaMinuteOfDay(Date(timeIntervalSince1970: 0)) == 8 * 60)
        #expect(ReferralRouter.chinaMinuteOfDay(Date(timeIntervalSince1970: -8 * 3600 - 60)) == 1439, "before 1970 too")
    }

    @Test func everyFittingRuleInOrderAndDisabledOnesLeftOut() throws {
        let grid = ReferralRule(id: "grid", name: "网格", agencyID: Self.grid, keywords: ["噪音"], mode: .propose)
        var off = ReferralRule(id: "off", name: "停用", agencyID: Self.grid, categories: ["complaint"], mode: .apply)
        off.disabled = true
        let router = try ReferralRouter(rules: [Self.noise, off, grid])
        #expect(router.match(category: "complaint", text: "噪音", path: Self.path, at: Self.cst(10, 0)).map(\.agencyID) == [Self.hotline, Self.grid])
    }

    @Test func aBadKeywordFailsNamingTheRule() {
        let rule = ReferralRule(id: "broken", name: "坏", agencyID: Self.hotline, keywords: ["噪音(", "ok"], mode: .propose)
        #expect(performing: { _ = try ReferralRouter(rules: [Self.noise, rule]) }, throws: { error in
            let e = error as? DomainError
            return e?.code == .invalidRule && e?.field == "keywords.0" && e?.message.contains("broken") == true && e?.message.contains("噪音(") == true
        })
    }
}
