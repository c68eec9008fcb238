import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// The demo city's triage as data: the calls its callers make (non-police, repeated,
/// high-risk), the routing rules that read them, the policy the seeding writes, and how its
/// simulated agencies answer.
@Suite("Demo city triage")
struct DemoTriageTests {
    static let net = TestNetworks.grid(20)
    static let start: Int64 = 1_451_865_600
    static let ids = Dictionary(uniqueKeysWithValues: DemoTriagePlan.agencies.map { ($0.code, AgencyID("id-\($0.code)")) })

    @Test func scriptAddsNonPoliceRepeatedAndHighRiskCallsToTheGeneratorsStream() throws {
        let generator = CallGenerator(model: .montgomery, network: Self.net)
        let script = DemoCallScript(generator: generator)
        var calls: [DemoCall] = []
        var firstCalls = 0
        for day in 0..<7 {
            let start = Self.start + Int64(day) * 86_400
            let made = script.day(start: start, seed: UInt64(day))
            #expect(made == script.day(start: start, seed: UInt64(day)), "deterministic for a seed")
            #expect(made.allSatisfy { $0.time >= start && $0.time < start + 86_400 })
            #expect(zip(made, made.dropFirst()).allSatisfy { $0.time <= $1.time })
            // The police calls are the generator's, in words.
            let police = made.filter { !$0.repeatsEarlierCall && !Self.isNonPolice($0) }
            let records = generator.generate(start: start, days: 1, seed: UInt64(day))
            #expect(police.map(\.time) == records.map(\.time) && police.map(\.coordinate) == records.map(\.coordinate))
            #expect(zip(police, records).allSatisfy { $0.kind == .highRisk || ($0.category == $1.category && $0.priority == $1.priority) })
            firstCalls += made.filter { !$0.repeatsEarlierCall }.count
            calls += made
        }
        #expect(calls.allSatisfy { $0.description.hasPrefix(DemoCallTexts.label) }, "everything invented is labelled simulated")

        let firsts = calls.filter { !$0.repeatsEarlierCall }
        let nonPolice = firsts.filter(Self.isNonPolice)
        let share = Double(nonPolice.count) / Double(firsts.count)
        #expect(abs(share - 0.15) < 0.03, "non-police share \(share)")
        let kinds = Dictionary(grouping: nonPolice, by: \.kind).mapValues(\.count)
        #expect(kinds.count == DemoCallTexts.NonPolice.allCases.count, "\(kinds)")
        #expect(nonPolice.allSatisfy { call in
            guard case .nonPolice(let kind) = call.kind else { return false }
            return call.category == kind.category && call.priority >= .p3
        })
        let highRisk = firsts.filter { $0.kind == .highRisk }
        let policeCount = firsts.count - nonPolice.count
        #expect((Int(Double(policeCount) * 0.004)...Int(Double(policeCount) * 0.02)).contains(highRisk.count), "\(highRisk.count) of \(policeCount)")

        // A second caller: a minute or two after a first call about the same trouble, a few tens
        // of metres away, in the first caller's words.
        let repeats = calls.filter(\.repeatsEarlierCall)
        let repeatShare = Double(repeats.count) / Double(firstCalls)
        #expect((0.015...0.045).contains(repeatShare), "repeat share \(repeatShare)")
        for again in repeats {
            let first = firsts.first { f in
                (60...150).contains(again.time - f.time) && f.category == again.category && f.priority == again.priority
                    && again.description.hasSuffix(String(f.description.dropFirst(DemoCallTexts.label.count)))
            }
            let found = try #require(first, "no first call for \(again.description)")
            let metres = Geodesy.haversine(found.coordinate, again.coordinate)
            #expect((9...61).contains(metres), "\(metres) m apart")
            #expect(again.description != found.description)
        }
    }

    @Test func routingRulesTakeEveryNonPoliceCallAndNoPoliceOrHighRiskOne() throws {
        let router = try ReferralRouter(rules: DemoTriagePlan.referralRules(agencyIDs: Self.ids))
        func route(_ category: String, _ text: String) -> [ReferralMatch] {
            router.match(category: category, text: text, path: "/sim-city/sim-d1/sim-d1-s1/", at: Date(timeIntervalSince1970: 0))
        }
        let expected: [DemoCallTexts.NonPolice: (agency: String, mode: ReferralRule.Mode)] = [
            .inquiry: (DemoTriagePlan.hotline.code, .apply), .noise: (DemoTriagePlan.hotline.code, .apply),
            .neighbours: (DemoTriagePlan.centre.code, .apply), .street: (DemoTriagePlan.grid.code, .propose),
        ]
        var rng = SeededRandom(seed: 5)
        for kind in DemoCallTexts.NonPolice.allCases {
            for _ in 0..<200 {
                let text = DemoCallTexts.nonPolice(kind, &rng)
                let first = try #require(route(kind.category, text).first, "\(text) is routed nowhere")
                #expect(first.agencyID == Self.ids[expected[kind]!.agency] && first.mode == expected[kind]!.mode, "\(text) → \(first.rule)")
            }
        }

        let highRisk = try HighRiskMatcher(rules: HighRiskRules.standard)
        let policeCategories = CallCategories.codes.filter { $0 != "inquiry" }
        for category in policeCategories {
            for _ in 0..<100 {
                let text = DemoCallTexts.police(category, &rng)
                #expect(route(category, text).isEmpty, "police call \(text) routed")
                #expect(highRisk.flags(category: category, text: text).isEmpty, "police call \(text) flagged")
            }
        }
        for _ in 0..<200 {
            let call = DemoCallTexts.highRisk(&rng)
            #expect(!highRisk.flags(category: call.category, text: call.description).isEmpty, "\(call.description) not flagged")
            #expect(route(call.category, call.description).isEmpty, "high-risk \(call.description) referred away")
        }
    }

    @Test func seedingAddsOnlyWhatTheCityPolicyLacks() throws {
        let rules = DemoTriagePlan.referralRules(agencyIDs: Self.ids)
        #expect(rules.map(\.id) == DemoTriagePlan.rules.map(\.id))
        #expect(DemoTriagePlan.referralRules(agencyIDs: Self.ids.filter { $0.key != DemoTriagePlan.grid.code }).map(\.id)
            == ["demo-inquiry", "demo-neighbours", "demo-noise"], "a rule whose agency is missing is left out")

        let empty = try #require(DemoTriagePlan.policy(adding: rules, to: JurisdictionPolicy()))
        #expect(empty.referralRules == rules && empty.referralDeadlines == DemoTriagePlan.deadlines)
        #expect(DemoTriagePlan.policy(adding: rules, to: empty) == nil, "a second start changes nothing")

        // What a person set stays: deadlines, another rule, a demo rule switched off.
        var own = JurisdictionPolicy(deadlines: [DeadlineOverride(priority: 1, dispatchSeconds: 60, arriveSeconds: 300, feedbackSeconds: 3600)])
        own.referralDeadlines = ReferralDeadlines(acceptSeconds: 120, feedbackSeconds: 7200)
        let theirs = ReferralRule(id: "city-own", name: "自定", agencyID: AgencyID("x"), categories: ["other"], mode: .propose)
        var off = rules[0]
        off.disabled = true
        own.referralRules = [theirs, off]
        let merged = try #require(DemoTriagePlan.policy(adding: rules, to: own))
        #expect(merged.deadlines == own.deadlines && merged.referralDeadlines == own.referralDeadlines)
        #expect(merged.referralRules == [theirs, off] + rules.dropFirst())
    }

    @Test func agenciesAnswerMostlyInTimeSomeLateAFewSentBack() {
        var rng = SeededRandom(seed: 11)
        let sent = Date(timeIntervalSince1970: 1_000_000)
        let acceptDue = sent + 600, feedbackDue = sent + 1800
        var answers: [DemoReferralAnswer] = []
        for i in 0..<3000 {
            let kind = Agency.Kind.allCases[i % Agency.Kind.allCases.count]
            answers.append(DemoReferralAnswer.draw(sent: sent, acceptDue: acceptDue, feedbackDue: feedbackDue, kind: kind,
                                                   category: i % 2 == 0 ? "inquiry" : "complaint", pace: 1, &rng))
        }
        let returned = answers.filter { if case .returned = $0.ending { true } else { false } }
        let answered = answers.filter { if case .feedback = $0.ending { true } else { false } }
        #expect(abs(Double(returned.count) / 3000 - DemoReferralAnswer.returnShare) < 0.015)
        let late = answered.filter { $0.answerAt > feedbackDue }
        #expect(abs(Double(late.count) / Double(answered.count) - DemoReferralAnswer.lateShare) < 0.025, "\(late.count) of \(answered.count) late")
        #expect(late.allSatisfy { $0.lateFeedback } && answered.filter { !$0.lateFeedback }.allSatisfy { $0.answerAt <= feedbackDue })
        let lateAccepts = answers.filter { $0.acceptAt > acceptDue }
        #expect(abs(Double(lateAccepts.count) / 3000 - DemoReferralAnswer.lateAcceptShare) < 0.02)
        #expect(lateAccepts.allSatisfy { $0.lateAccept })
        #expect(answers.allSatisfy { $0.acceptAt > sent && $0.acceptAt <= $0.startAt && $0.startAt <= $0.answerAt })
        for answer in answered {
            guard case .feedback(let outcome, let summary) = answer.ending else { continue }
            #expect(!outcome.isEmpty && summary.hasPrefix(DemoCallTexts.label))
        }

        // Sped up 100×, the same work takes a hundredth of the time.
        var fast = SeededRandom(seed: 11)
        let quick = DemoReferralAnswer.draw(sent: sent, acceptDue: acceptDue, feedbackDue: feedbackDue, kind: .grid, category: "complaint", pace: 100, &fast)
        var slow = SeededRandom(seed: 11)
        let plain = DemoReferralAnswer.draw(sent: sent, acceptDue: acceptDue, feedbackDue: feedbackDue, kind: .grid, category: "complaint", pace: 1, &slow)
        #expect(abs(quick.answerAt.timeIntervalSince(sent) * 100 - plain.answerAt.timeIntervalSince(sent)) < 0.01)
        #expect(quick.answerAt.timeIntervalSince(sent) <= 1.5 * 1800 / 100)
    }

    static func isNonPolice(_ call: DemoCall) -> Bool {
        if case .nonPolice = call.kind { return true }
        return false
    }
}
