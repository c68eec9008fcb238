import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

@Suite("Duplicate calls: text grams, caller numbers, rules")
struct DuplicateTextTests {
    @Test func normalisationFoldsWidthCaseSpaceAndPunctuation() {
        #expect(CharacterGrams.normalisedString("ＥＭＳ：Fall-Victim ！") == "emsfallvictim")
        #expect(CharacterGrams.normalisedString("楼上 着火了，冒黑烟！！") == "楼上着火了冒黑烟")
        #expect(CharacterGrams.normalisedString("１２３号") == "123号")
        #expect(CharacterGrams.normalisedString("Ünïcode ÉTÉ") == "ünïcodeété")
        #expect(CharacterGrams.normalisedString(" ,.;!?　、。") == "")
    }

    @Test func gramsAreSortedUniqueBigramsOrTheOneCharacter() {
        let g = CharacterGrams.grams("abab")  // ab, ba, ab
        #expect(g.count == 2 && g == g.sorted())
        #expect(CharacterGrams.grams("火").count == 1)
        #expect(CharacterGrams.grams("，。").isEmpty)
        #expect(CharacterGrams.similarity("火", "火") == 1)
        #expect(CharacterGrams.similarity("火", "水") == 0)
        #expect(CharacterGrams.similarity("", "anything") == 0)
    }

    @Test func chineseParaphrasesScoreAboveUnrelatedText() {
        let crash = "两车相撞，有人受伤"
        let same = CharacterGrams.similarity(crash, "两辆车相撞，有人受伤了")
        let other = CharacterGrams.similarity(crash, "楼上着火了，冒黑烟")
        #expect(same > 0.6, "\(same)")
        #expect(other == 0)
        #expect(CharacterGrams.similarity("小区楼上着火了", "小区楼上着火了") == 1)
        #expect(CharacterGrams.similarity("饭店门口有人打架", "有人在饭店门口打架斗殴") > 0.5)
    }

    @Test func englishIgnoresCaseAndPunctuation() {
        #expect(CharacterGrams.similarity("Vehicle accident", "VEHICLE ACCIDENT!!") == 1)
        let s = CharacterGrams.similarity("Traffic: VEHICLE ACCIDENT -", "EMS: VEHICLE ACCIDENT")
        #expect(s > 0.7 && s < 1, "\(s)")
        // English letter pairs recur across unrelated words ("ou", "ar"): unrelated texts sit near
        // 0.2, not 0, which is why text alone never makes a duplicate.
        #expect(CharacterGrams.similarity("Loud party", "Warehouse on fire") < 0.25)
    }

    /// Dice and cosine on known sets: {ab, bc} and {bc, cd, de} share one gram.
    @Test func diceAndCosineOnKnownSets() {
        let a = CharacterGrams.grams("abc"), b = CharacterGrams.grams("bcde")
        #expect(abs(CharacterGrams.similarity(a, b, measure: .dice) - 0.4) < 1e-12)
        #expect(abs(CharacterGrams.similarity(a, b, measure: .cosine) - 1 / 6.0.squareRoot()) < 1e-12)
    }

    @Test func callerNumbersCompareOnTheirLastTenDigits() {
        #expect(CallerNumber.same("+86 138-0013-8000", "13800138000"))
        #expect(CallerNumber.same("(610) 555-0100", "+1 610 555 0100"))
        #expect(CallerNumber.same("１３８００１３８０００", "13800138000"))
        #expect(!CallerNumber.same("13800138000", "13800138001"))
        #expect(!CallerNumber.same("110", "110"), "a short number is no caller")
        #expect(!CallerNumber.same(nil, nil) && !CallerNumber.same("", ""))
        #expect(CallerNumber.key("withheld") == 0)
    }

    @Test func rulesRefuseValuesOutOfRange() {
        #expect(throws: Never.self) { try DuplicateRules.standard.validate() }
        for bad in [DuplicateRules(radiusMeters: -1), DuplicateRules(radiusMeters: 10_000), DuplicateRules(proposalThreshold: 1.5),
                    DuplicateRules(mergeThreshold: .nan), DuplicateRules(weights: .init(text: -0.1)), DuplicateRules(openWindow: -60),
                    DuplicateRules(timeHalfLife: 0), DuplicateRules(repeatShortDays: 100, repeatLongDays: 90)] {
            let e = #expect(throws: DomainError.self) { try bad.validate() }
            #expect(e?.code == .invalidField)
        }
    }

    @Test func evidenceAndReasons() {
        let r = DuplicateRules.standard
        #expect(r.placeEvidence(meters: 80) == 1 && r.placeEvidence(meters: 300) == 0)
        #expect(abs(r.placeEvidence(meters: 200) - 0.5) < 1e-12)
        #expect(abs(r.timeEvidence(seconds: 20 * 60) - 0.5) < 1e-12)
        #expect(r.score(distanceMeters: 0, secondsApart: 0, sameCaller: true, textSimilarity: 1, sameCategory: true) == 1, "capped")
        #expect(r.reasons(distanceMeters: 120.4, secondsApart: 7 * 60 + 10, sameCaller: true, textSimilarity: 0.724, sameCategory: true)
            == ["sameCaller", "near:120m", "within:8min", "similarText:0.72", "sameCategory"])
        #expect(r.reasons(distanceMeters: 900, secondsApart: 60, sameCaller: true, textSimilarity: 0.1, sameCategory: false)
            == ["sameCaller", "within:1min"])
    }
}

@Suite("Duplicate calls: the index")
struct DuplicateIndexTests {
    static let t0 = Date(timeIntervalSince1970: 1_772_352_000)
    static let here = Coordinate(lat: 31.2304, lon: 121.4737)

    static func call(_ id: String, minutes: Double, east: Double = 0, north: Double = 0, text: String = "饭店门口有人打架",
                     category: String = "dispute", phone: String? = nil, open: Bool = true, path: String = "/sh/huangpu/") -> CallSummary {
        CallSummary(id: id, receivedAt: t0.addingTimeInterval(minutes * 60), location: DuplicateCraftedSet.at(here, east, north),
                    callerPhone: phone, category: category, description: text, path: path, open: open)
    }

    static func index(_ calls: [CallSummary], rules: DuplicateRules = .standard) throws -> DuplicateIndex {
        var index = DuplicateIndex(rules: rules)
        for c in calls { try index.upsert(c) }
        return index
    }

    @Test func findsNearSoonSimilarAndNotFarOldOrDifferent() throws {
        let index = try Self.index([
            Self.call("near", minutes: -5, east: 120, text: "有人在饭店门口打架斗殴"),
            Self.call("far", minutes: -5, east: 2000),
            Self.call("old", minutes: -180),
            Self.call("other", minutes: -40, east: 250, text: "楼上装修噪音太大", category: "complaint"),
        ])
        let new = Self.call("new", minutes: 0, text: "饭店门口打架，好几个人")
        let found = index.candidates(for: new, now: new.receivedAt, limit: 10)
        #expect(found.map(\.incidentID) == ["near"])
        let c = try #require(found.first)
        #expect(c.score >= DuplicateRules.standard.mergeThreshold, "\(c)")
        #expect(abs(c.distanceMeters - 120) < 1 && c.secondsApart == 300 && c.sameCategory && !c.sameCaller)
        #expect(c.reasons.contains("near:120m") && c.reasons.contains("within:5min") && c.reasons.contains("sameCategory"))
        #expect(c.reasons.contains { $0.hasPrefix("similarText:") }, "\(c.reasons)")
    }

    /// Same door, same minute, a different story: worth showing the dispatcher, not merging.
    @Test func samePlaceAndTimeAloneIsProposedButBelowMerging() throws {
        let index = try Self.index([Self.call("a", minutes: -1, text: "有人晕倒在路边", category: "assistance")])
        let new = Self.call("b", minutes: 0, text: "楼上着火了", category: "fire")
        let c = try #require(index.candidates(for: new, now: new.receivedAt).first)
        #expect(c.score >= DuplicateRules.standard.proposalThreshold && c.score < DuplicateRules.standard.mergeThreshold, "\(c.score)")
        #expect(!c.reasons.contains { $0.hasPrefix("similarText") })
    }

    @Test func sameCallerIsFoundFromAfar() throws {
        let index = try Self.index([
            Self.call("first", minutes: -15, east: 900, north: 300, text: "我的电动车被偷了", category: "criminal", phone: "15500000014"),
            Self.call("stranger", minutes: -15, east: 900, north: 300, text: "我的电动车被偷了", category: "criminal", phone: "15500000099"),
        ])
        let new = Self.call("again", minutes: 0, text: "电动车被盗，刚才报过警了，怎么还没人来", category: "criminal", phone: "+86 155-0000-0014")
        let found = index.candidates(for: new, now: new.receivedAt)
        #expect(found.map(\.incidentID) == ["first"])
        #expect(found.first?.sameCaller == true && found.first?.reasons.first == "sameCaller")
        #expect(found.first?.reasons.contains { $0.hasPrefix("near:") } == false)
    }

    @Test func closedIncidentsHaveTheShorterWindow() throws {
        let index = try Self.index([
            Self.call("closed", minutes: -45, east: 10, open: false),
            Self.call("open", minutes: -45, east: 20, open: true),
            Self.call("closedRecent", minutes: -20, east: 30, open: false),
        ])
        let new = Self.call("new", minutes: 0)
        #expect(Set(index.candidates(for: new, now: new.receivedAt).map(\.incidentID)) == ["open", "closedRecent"])
    }

    @Test func bestFirstLimitedWithoutItselfAndWithinScope() throws {
        var index = try Self.index([
            Self.call("a", minutes: -30, east: 100),
            Self.call("b", minutes: -2, east: 10),
            Self.call("c", minutes: -10, east: 50, path: "/sh/jingan/"),
        ])
        let new = Self.call("new", minutes: 0)
        try index.upsert(new)
        let all = index.candidates(for: new, now: new.receivedAt, limit: 10)
        #expect(all.map(\.incidentID) == ["b", "c", "a"])
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(index.candidates(for: new, now: new.receivedAt, limit: 1).map(\.incidentID) == ["b"])
        #expect(index.candidates(for: new, now: new.receivedAt, limit: 10, scope: "/sh/huangpu/").map(\.incidentID) == ["b", "a"])
        #expect(index.candidates(for: new, now: new.receivedAt, limit: 0).isEmpty)
        // Calls after `now` are not proposed.
        #expect(index.candidates(for: new, now: new.receivedAt.addingTimeInterval(-5 * 60), limit: 10).map(\.incidentID) == ["c", "a"])
    }

    @Test func roadDistanceKeepsAcrossTheRiverApart() throws {
        var index = DuplicateIndex(rules: .standard) { a, b in a.distance(to: b) * 5 }
        try index.upsert(Self.call("across", minutes: -2, east: 100))
        try index.upsert(Self.call("beside", minutes: -2, east: 40))
        let new = Self.call("new", minutes: 0)
        let found = index.candidates(for: new, now: new.receivedAt, limit: 10)
        #expect(found.map(\.incidentID) == ["beside"])
        #expect(abs((found.first?.distanceMeters ?? 0) - 200) < 2, "the road distance is reported")
    }

    @Test func repeatPlacesAndCallersOver30And90Days() throws {
        let day = 24.0 * 60
        var calls: [CallSummary] = []
        for d in [1.0, 5, 20, 29] { calls.append(Self.call("p\(d)", minutes: -d * day, east: 50)) }
        for d in [40.0, 80] { calls.append(Self.call("q\(d)", minutes: -d * day, north: -60)) }
        calls.append(Self.call("tooOld", minutes: -100 * day, east: 10))
        calls.append(Self.call("tooFar", minutes: -2 * day, east: 180))
        for d in [2.0, 45] { calls.append(Self.call("r\(d)", minutes: -d * day, east: 5000, phone: "13800138000")) }
        calls.append(Self.call("rOld", minutes: -95 * day, east: 5000, phone: "13800138000"))
        var index = try Self.index(calls)
        let new = Self.call("new", minutes: 0, phone: "+86 13800138000")
        try index.upsert(new)
        #expect(index.repeats(for: new, now: new.receivedAt) == RepeatCounts(place30: 4, place90: 6, caller30: 1, caller90: 2))
        let anonymous = Self.call("anon", minutes: 0, east: 8000)
        #expect(index.repeats(for: anonymous, now: new.receivedAt) == RepeatCounts())
    }

    /// In a tower block every flat is within the place radius; the standard address counts the door.
    @Test func repeatsAtTheSameStandardAddressCountTheDoorNotTheBlock() throws {
        let day = 24.0 * 60
        func at(_ id: String, _ days: Double, _ door: String?) -> CallSummary {
            var c = Self.call(id, minutes: -days * day, east: 10)
            c.addressID = door
            return c
        }
        var index = try Self.index([at("a1", 3, "flat-302"), at("a2", 40, "flat-302"), at("b1", 2, "flat-1101"), at("c1", 1, nil),
                                    at("old", 95, "flat-302")])
        let new = at("new", 0, "flat-302")
        try index.upsert(new)
        let r = index.repeats(for: new, now: new.receivedAt)
        #expect(r.place90 == 4 && r.address30 == 1 && r.address90 == 2, "\(r)")
        // Removed, moved to another door, or pruned, a call leaves the door's count.
        index.remove(id: "a1")
        try index.upsert(at("a2", 40, "flat-1101"))
        #expect(index.repeats(for: new, now: new.receivedAt).address90 == 0)
        #expect(index.repeats(for: at("x", 0, "flat-1101"), now: new.receivedAt).address90 == 2)
        index.prune(before: new.receivedAt.addingTimeInterval(-10 * 86_400))
        #expect(index.repeats(for: at("x", 0, "flat-1101"), now: new.receivedAt).address90 == 1)
    }

    @Test func pruneRemoveAndReplace() throws {
        var index = try Self.index([
            Self.call("old", minutes: -100, east: 10),
            Self.call("recent", minutes: -3, east: 20),
            Self.call("moved", minutes: -4, east: 30),
        ])
        let new = Self.call("new", minutes: 0)
        #expect(index.count == 3)
        #expect(index.candidates(for: new, now: new.receivedAt, limit: 10).count == 3)
        let pruned = index.prune(before: Self.t0.addingTimeInterval(-60 * 60))
        #expect(pruned == 1)
        #expect(index.count == 2 && !index.contains(id: "old"))
        #expect(Set(index.candidates(for: new, now: new.receivedAt, limit: 10).map(\.incidentID)) == ["recent", "moved"])
        let removed = index.remove(id: "recent"), again = index.remove(id: "recent")
        #expect(removed && !again)
        try index.upsert(Self.call("moved", minutes: -4, east: 3000))
        #expect(index.count == 1)
        #expect(index.candidates(for: new, now: new.receivedAt, limit: 10).isEmpty)
        #expect(index.repeats(for: new, now: new.receivedAt).place30 == 0)
    }

    /// Slots and grams are reused: churn many calls through and the answers stay right.
    @Test func churnKeepsAnswersRight() throws {
        var index = DuplicateIndex()
        for round in 0..<40 {
            for k in 0..<500 {
                try index.upsert(Self.call("r\(round)-\(k)", minutes: Double(round * 1000 + k), east: Double(k % 50) * 700,
                                           text: "第\(k)号 楼道 噪音 \(round)"))
            }
            index.prune(before: Self.t0.addingTimeInterval(Double(round * 1000) * 60))
        }
        #expect(index.count == 500)
        let probe = Self.call("probe", minutes: 39_000 + 499, east: 49 * 700, text: "第499号 楼道 噪音 39")
        let found = index.candidates(for: probe, now: probe.receivedAt)
        #expect(found.first?.incidentID == "r39-499" && found.first?.textSimilarity == 1)
    }

    @Test func badPositionsAreRefusedAndNeverAnswered() throws {
        var index = DuplicateIndex()
        var bad = Self.call("bad", minutes: 0)
        bad.location = Coordinate(lat: .nan, lon: 121)
        let e = #expect(throws: DomainError.self) { try index.upsert(bad) }
        #expect(e?.field == "location")
        #expect(index.count == 0)
        #expect(index.candidates(for: bad, now: bad.receivedAt).isEmpty)
        #expect(index.repeats(for: bad, now: bad.receivedAt) == RepeatCounts())
    }
}

@Suite("Duplicate calls: offline clustering")
struct DuplicateClusteringTests {
    /// The crafted set: precision and recall over pairs at the default merge threshold.
    @Test func precisionAndRecallOnTheCraftedSet() throws {
        let set = DuplicateCraftedSet.calls
        let result = try DuplicateClustering.cluster(set.map(\.call))
        let s = DuplicateCraftedSet.pairScores(events: set.map(\.event), clusterOf: result.clusterOf)
        print(String(format: "crafted set: %d calls, %d duplicate pairs; clustering joined %d pairs, %d right: precision %.3f, recall %.3f; %d calls merged",
                     set.count, s.truePairs, s.predicted, s.correct, s.precision, s.recall, result.mergedCount))
        for m in result.merges where set[m.earlier].event != set[m.later].event {
            print("  wrong merge: \(set[m.later].call.description) -> \(set[m.earlier].call.description) \(m.candidate.score) \(m.candidate.reasons)")
        }
        for (i, c) in set.enumerated() {
            for j in 0..<i where set[j].event == c.event && result.clusterOf[i] != result.clusterOf[j] {
                print("  missed: \(c.call.description) ~ \(set[j].call.description)")
            }
        }
        #expect(s.precision >= 0.9)
        #expect(s.recall >= 0.8)
        #expect(result.merges.allSatisfy { $0.candidate.score >= result.threshold && set[$0.earlier].call.receivedAt <= set[$0.later].call.receivedAt })
    }

    @Test func nearMissesSitJustBelowTheThreshold() throws {
        let set = DuplicateCraftedSet.calls.map(\.call)
        let result = try DuplicateClustering.cluster(set, nearMissMargin: 0.2)
        #expect(!result.nearMisses.isEmpty)
        #expect(result.nearMisses.allSatisfy { $0.candidate.score < result.threshold && $0.candidate.score >= result.threshold - 0.2 })
        #expect(zip(result.nearMisses, result.nearMisses.dropFirst()).allSatisfy { $0.candidate.score >= $1.candidate.score })
        let merged = Set(result.merges.map(\.later))
        #expect(result.nearMisses.allSatisfy { !merged.contains($0.later) })
        // A lower threshold merges at least as many calls.
        let lower = try DuplicateClustering.cluster(set, threshold: result.threshold - 0.2)
        #expect(lower.mergedCount >= result.mergedCount + result.nearMisses.count)
    }

    @Test func clustersAreTransitiveAndRootedAtTheFirstCall() throws {
        let t = DuplicateIndexTests.self
        // c is like b, b like a, c not near a: one cluster, rooted at a, whatever the input order.
        let a = t.call("a", minutes: 0, east: 0, text: "两车相撞有人受伤", category: "traffic")
        let b = t.call("b", minutes: 5, east: 250, text: "两车相撞有人受伤", category: "traffic")
        let c = t.call("c", minutes: 10, east: 500, text: "两车相撞有人受伤", category: "traffic")
        let result = try DuplicateClustering.cluster([c, a, b])
        #expect(result.clusterOf == [1, 1, 1])
        #expect(result.clusters == [[0, 1, 2]])
        #expect(result.mergedCount == 2)
        #expect(result.merges.first { $0.later == 0 }?.candidate.incidentID == "b")
    }

    @Test func badThresholdsAndPositionsAreRefused() throws {
        let ok = DuplicateCraftedSet.calls.map(\.call)
        for bad in [0.0, 1.5, -1, .nan] {
            #expect(throws: DomainError.self) { try DuplicateClustering.cluster(ok, threshold: bad) }
        }
        var broken = ok
        broken[3].location = Coordinate(lat: 200, lon: 0)
        let e = #expect(throws: DomainError.self) { try DuplicateClustering.cluster(broken) }
        #expect(e?.field == "calls[3]")
    }
}

@Suite("Duplicate calls: reading call files")
struct CallSummaryFileTests {
    @Test func montgomeryColumnsGiveTextPlaceAreaAndLineIDs() throws {
        let path = temporaryFile("""
        lat,lng,desc,zip,title,timeStamp,twp,addr,e
        40.12,-75.34,X,19401,EMS: FALL VICTIM,2016-01-01 10:00:00,NORRISTOWN,MAIN ST & 5TH AVE,1
        40.12,-75.34,X,19401,Traffic: VEHICLE ACCIDENT -,2016-01-01 10:01:00,NORRISTOWN,MAIN ST,1
        48.85,2.35,X,19401,EMS: FALL VICTIM,2016-01-01 10:02:00,PARIS,RUE,1

        """)
        let r = try CallSummaryFile(preset: .montgomery).read(path: path)
        #expect(r.calls.count == 2 && r.skipped[.outsideArea] == 1)
        #expect(r.calls[0].id == "line 2" && r.calls[1].id == "line 3")
        #expect(r.calls[0].description == "EMS: FALL VICTIM" && r.calls[0].category == "assistance")
        #expect(r.calls[1].category == "traffic")
        #expect(r.places[0] == "MAIN ST & 5TH AVE, NORRISTOWN" && r.calls[0].path == "/NORRISTOWN/")
        #expect(r.calls[1].receivedAt.timeIntervalSince(r.calls[0].receivedAt) == 60)
        #expect(r.titles[1] == "Traffic: VEHICLE ACCIDENT -")
    }

    @Test func missingTextColumnsAreNamed() throws {
        let path = temporaryFile("lat,lng,title,timeStamp\n40.12,-75.34,EMS: FALL VICTIM,2016-01-01 10:00:00\n")
        let e = #expect(throws: AnalyticsError.self) { try CallSummaryFile(preset: .montgomery).read(path: path) }
        #expect(e?.kind == .missingColumns && e?.description.contains("'addr'") == true)
        let gone = #expect(throws: AnalyticsError.self) { try CallSummaryFile(preset: .montgomery).read(path: "/nonexistent/calls.csv") }
        #expect(gone?.kind == .fileNotFound)
    }

    @Test func realMontgomeryFileClustersWithSomeMerges() throws {
        guard let path = SharedData.path(SharedData.montgomery) else { return }
        let r = try CallSummaryFile(preset: .montgomery, options: .init(limit: 5_000)).read(path: path)
        #expect(r.calls.count > 4_900)
        let result = try DuplicateClustering.cluster(r.calls)
        // Multi-agency records of one crash (EMS, fire and traffic) are the file's duplicates.
        #expect(result.mergedCount > 50 && result.mergedCount < r.calls.count / 4, "\(result.mergedCount)")
    }
}
