import Foundation
import PinganCore
import Testing

/// The standard high-risk rules on real-sounding calls, in both languages, and the matcher's
/// category filter, priority raising and refusal of bad patterns.
@Suite("Triage: high-risk flags")
struct HighRiskMatcherTests {
    static let matcher = try! HighRiskMatcher(rules: HighRiskRules.standard)

    /// (rule that must fire, description, words it must name)
    static let firing: [(String, String, [String])] = [
        ("threat", "他扬言要弄死我，还在门口堵着", ["扬言", "弄死我"]),
        ("threat", "有人发短信恐吓我", ["恐吓"]),
        ("threat", "My neighbour threatened to kill me last night", ["threatened", "threatened to kill"]),
        ("threat", "he said he'll hurt my kids", ["he'll hurt"]),
        ("weapon", "一男子拿着一把菜刀在楼下砍人", ["拿着一把菜刀", "菜刀", "砍人"]),
        ("weapon", "听到两声枪响", ["枪响"]),
        ("weapon", "A man with a KNIFE stabbed my friend", ["KNIFE", "stabbed"]),
        ("weapon", "shots fired near the school, he has a gun", ["shots fired", "gun"]),
        ("domestic-violence", "我老公又打我了，孩子在哭", ["老公又打我"]),
        ("domestic-violence", "邻居家暴，经常被丈夫打", ["家暴", "被丈夫打"]),
        ("domestic-violence", "my husband hit me and locked the door", ["husband hit me"]),
        ("domestic-violence", "I think it is domestic violence next door", ["domestic violence"]),
        ("self-harm", "有个女孩站在天台上要跳楼", ["跳楼"]),
        ("self-harm", "我妈喝了农药", ["喝了农药"]),
        ("self-harm", "my brother says he wants to kill himself", ["kill himself"]),
        ("self-harm", "caller is suicidal and alone", ["suicidal"]),
        ("extreme-act", "有人在加油站扬言纵火", ["纵火"]),
        ("extreme-act", "公交车上一男子劫持人质", ["劫持", "人质"]),
        ("extreme-act", "there is a bomb in the station", ["bomb"]),
        ("extreme-act", "Man holding two hostages in the bank", ["hostages"]),
    ]

    @Test(arguments: firing.indices)
    func eachStandardRuleFiresAndNamesTheWords(_ i: Int) {
        let (rule, text, words) = Self.firing[i]
        let flags = Self.matcher.flags(category: "other", text: text)
        let flag = flags.first { $0.rule == rule }
        #expect(flag?.words == words, "\(text): \(flags)")
        #expect(flag?.raiseTo == HighRiskRules.standard.first { $0.id == rule }?.raiseTo)
    }

    @Test(arguments: [
        "邻居装修噪音太大", "lost my wallet on the bus", "刀削面馆门口有车辆违停", "商场跳楼价促销，人太多堵住了出口",
        "打老公电话打不通，担心他出事", "孩子走失了，穿红色外套", "kids playing with a water gun in the lobby",
        "car accident on Main Street, no injuries", "where can I get a flu shot", "我家水管爆了，楼下漏水",
    ])
    func ordinaryCallsDoNotFire(_ text: String) {
        #expect(Self.matcher.flags(category: "other", text: text).isEmpty)
    }

    @Test func severalRulesFireInRuleOrderAndCarryTheirNotice() {
        let flags = Self.matcher.flags(category: "criminal", text: "他扬言要用汽油纵火，手里还拿着刀")
        #expect(flags.map(\.rule) == ["weapon", "extreme-act", "threat"])
        #expect(flags.map(\.notify) == [true, true, false])
        #expect(flags.map(\.nameZh) == ["持械/刀枪", "极端行为", "威胁恐吓"])
        #expect(Self.matcher.flags(category: "other", text: "").isEmpty)
        // Wanting to die is self-harm, not a threat to others.
        #expect(Self.matcher.flags(category: "other", text: "he wants to kill himself").map(\.rule) == ["self-harm"])
    }

    @Test func aCategoryFilterLimitsTheRule() throws {
        let rule = HighRiskRule(id: "elder", nameZh: "老人走失", nameEn: "Missing elder", categories: ["assistance"],
                                patterns: ["老人.{0,4}走失", #"\bmissing (grand(ma|pa|mother|father)|elderly)\b"#], raiseTo: .p2, notify: false)
        let m = try HighRiskMatcher(rules: [rule])
        #expect(m.flags(category: "assistance", text: "家里老人昨天走失了").map(\.words) == [["老人昨天走失"]])
        #expect(m.flags(category: "assistance", text: "Missing Grandma, 82").map(\.words) == [["Missing Grandma"]])
        #expect(m.flags(category: "traffic", text: "家里老人昨天走失了").isEmpty)
    }

    @Test func disabledRulesAreNotCompiledIn() throws {
        var weapon = HighRiskRules.weapon
        weapon.disabled = true
        let m = try HighRiskMatcher(rules: [weapon, HighRiskRules.threat])
        #expect(m.flags(category: "other", text: "他拿着刀威胁我").map(\.rule) == ["threat"])
    }

    @Test func raisingOnlyEverRaises() {
        func flag(_ p: Priority) -> RiskFlag { RiskFlag(rule: "r", nameZh: "r", nameEn: "r", words: ["w"], raiseTo: p, notify: false) }
        #expect(RiskFlag.raised(.p3, by: []) == .p3)
        #expect(RiskFlag.raised(.p3, by: [flag(.p2)]) == .p2)
        #expect(RiskFlag.raised(.p4, by: [flag(.p2), flag(.p1), flag(.p3)]) == .p1)
        #expect(RiskFlag.raised(.p1, by: [flag(.p2)]) == .p1, "a worse priority set by the call-taker stands")
        let flags = Self.matcher.flags(category: "other", text: "my husband hit me")
        #expect(RiskFlag.raised(.p4, by: flags) == .p2)
    }

    @Test(arguments: ["(unclosed", "[a-", "", "x|", "a*"])
    func aBadPatternFailsNamingTheRule(_ pattern: String) {
        let rule = HighRiskRule(id: "mine", nameZh: "自定义", nameEn: "Mine", patterns: ["fine", pattern], raiseTo: .p2, notify: true)
        #expect(performing: { _ = try HighRiskMatcher(rules: [HighRiskRules.threat, rule]) }, throws: { error in
            guard let e = error as? DomainError else { return false }
            return e.code == .invalidRule && e.code.rawValue == "invalid_rule" && e.message.contains("mine") && (pattern.isEmpty || e.message.contains(pattern))
                && e.field == "patterns.1"
        })
    }

    @Test func flagsRoundTripAsJSON() throws {
        let flags = Self.matcher.flags(category: "other", text: "有人要跳楼")
        let back = try JSONDecoder().decode([RiskFlag].self, from: JSONEncoder().encode(flags))
        #expect(back == flags && back.first?.words == ["跳楼"])
    }

    /// Flagging is done on every new call: it must stay far below the call-taker's notice.
    @Test func flaggingACallIsCheap() {
        let texts = Self.firing.map(\.1) + ["邻居装修噪音太大，吵得孩子睡不着，已经说过好几次了，请派人来处理一下"]
        let clock = ContinuousClock()
        let rounds = 200
        var fired = 0
        let elapsed = clock.measure {
            for _ in 0 ..< rounds { for t in texts { fired += Self.matcher.flags(category: "other", text: t).count } }
        }
        let perCall = elapsed / (rounds * texts.count)
        print("high-risk flags per call: \(perCall)")
        #expect(fired >= rounds * Self.firing.count)
        #expect(perCall < .milliseconds(2))
    }
}
