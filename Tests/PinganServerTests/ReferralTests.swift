import Foundation
import HummingbirdTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

/// Referrals over HTTP (issue 18): the loop from the dispatcher's refer to the agency's feedback
/// closing the call, a return putting it back in the queue, each agency seeing and working only
/// its own referrals, and bad input refused with the store unchanged.
@Suite("Referrals")
struct ReferralTests {
    @Test func theAgencyWorksItsReferralAndTheCallCloses() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let triage = try await TriageWorld.make(client, admin: boss, city: world.fixtures.city.id)
            let (incident, referral) = try await triage.referred(client, dispatcher: disp)
            #expect(try await client.call(.get, "/v1/incidents/\(incident)", token: disp).json["status"] == "referred")

            // The agency's user sees it (caller masked), the other agency's user does not.
            let mine = try await client.call(.get, "/v1/referrals", token: triage.agent)
            #expect(mine.status == .ok)
            #expect(mine.json["items"]?[0]?["id"]?.stringValue == referral)
            #expect(mine.json["items"]?[0]?["summary"]?["caller"]?["phone"] == "138****5678")
            #expect(try await client.call(.get, "/v1/referrals", token: triage.gridder).json["items"] == .array([]))
            #expect(try await client.call(.get, "/v1/referrals/\(referral)", token: triage.gridder).status == .notFound)
            // An agency's user reads no incidents at all.
            #expect(try await client.call(.get, "/v1/incidents/\(incident)", token: triage.agent).status == .forbidden)
            let wrong = try await client.call(.post, "/v1/referrals/\(referral)/accept", token: triage.gridder, body: "")
            #expect(wrong.status == .notFound && wrong.json["code"] == "not_found", "another agency's referral is unknown: \(wrong.text)")

            let before = try await world.store.lastSequence()
            let early = try await client.call(.post, "/v1/referrals/\(referral)/feedback", token: triage.agent, body: #"{"outcome":"done","summary":"x"}"#)
            #expect(early.status == .conflict, "feedback before acceptance: \(early.text)")
            #expect(try await world.store.lastSequence() == before, "a refusal stores nothing")

            #expect(try await client.call(.post, "/v1/referrals/\(referral)/accept", token: triage.agent, body: "").json["status"] == "accepted")
            #expect(try await client.call(.post, "/v1/referrals/\(referral)/start", token: triage.agent, body: "").json["status"] == "inProgress")
            let done = try await client.call(.post, "/v1/referrals/\(referral)/feedback", token: triage.agent, body: #"{"outcome":"已办结","summary":"已劝导施工方停工"}"#)
            #expect(done.status == .ok && done.json["status"] == "done", "\(done.text)")
            let closed = try await client.call(.get, "/v1/incidents/\(incident)", token: disp).json
            #expect(closed["status"] == "closed")
            #expect(closed["feedback"]?["summary"]?.stringValue?.contains("已劝导施工方停工") == true)
            #expect(closed["referrals"]?[0]?["status"] == "done")
            // Every step is in the audit log, as the agency's user.
            let audit = try await client.call(.get, "/v1/audit?subject=\(referral)", token: boss).json
            guard case .array(let steps)? = audit["items"] else { Issue.record("no audit items: \(audit)"); return }
            #expect(steps.count == 4)
        }
    }

    @Test func aReturnedCallIsTheDispatchersAgain() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let triage = try await TriageWorld.make(client, admin: boss, city: world.fixtures.city.id)
            let (incident, referral) = try await triage.referred(client, dispatcher: disp)
            let back = try await client.call(.post, "/v1/referrals/\(referral)/return", token: triage.agent, body: #"{"reason":"涉及打架，属公安管辖"}"#)
            #expect(back.json["status"] == "returned" && back.json["returnReason"] == "涉及打架，属公安管辖", "\(back.text)")
            let i = try await client.call(.get, "/v1/incidents/\(incident)", token: disp).json
            #expect(i["status"] == "received")
            let queue = try await client.call(.get, "/v1/incidents?status=received", token: disp).json
            guard case .array(let waiting)? = queue["items"] else { Issue.record("no queue"); return }
            #expect(waiting.contains { $0["id"]?.stringValue == incident })
            // A second referral, then withdrawn by the dispatcher.
            let again = try await client.call(.post, "/v1/incidents/\(incident)/referrals", token: disp, body: #"{"agencyID":"\#(triage.grid)"}"#)
            #expect(again.status == .created, "\(again.text)")
            let id = try #require(again.json["id"]?.stringValue)
            #expect(try await client.call(.post, "/v1/referrals/\(id)/withdraw", token: triage.gridder, body: "").status == .forbidden)
            #expect(try await client.call(.post, "/v1/referrals/\(id)/withdraw", token: disp, body: "").json["status"] == "withdrawn")
            #expect(try await client.call(.get, "/v1/incidents/\(incident)", token: disp).json["status"] == "received")
        }
    }

    @Test func badReferralsAreRefusedAndStoreNothing() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let triage = try await TriageWorld.make(client, admin: boss, city: world.fixtures.city.id)
            let i = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("咨询", category: "inquiry"))
            let incident = try #require(i.json["id"]?.stringValue)
            let before = try await world.store.lastSequence()
            let unknown = try await client.call(.post, "/v1/incidents/\(incident)/referrals", token: disp, body: #"{"agencyID":"nobody"}"#)
            #expect(unknown.status == .notFound, "\(unknown.text)")
            let retire = try await client.call(.patch, "/v1/agencies/\(triage.grid)", token: boss, body: #"{"version":1,"active":false}"#)
            #expect(retire.status == .ok, "\(retire.text)")
            let afterRetire = try await world.store.lastSequence()
            let retired = try await client.call(.post, "/v1/incidents/\(incident)/referrals", token: disp, body: #"{"agencyID":"\#(triage.grid)"}"#)
            #expect(retired.status == .conflict && retired.json["code"] == "inactive", "\(retired.text)")
            let extra = try await client.call(.post, "/v1/incidents/\(incident)/referrals", token: disp, body: #"{"agencyID":"\#(triage.hotline)","x":1}"#)
            #expect(extra.status == .badRequest || extra.status == .unprocessableContent, "an unknown member: \(extra.text)")
            #expect(try await world.store.lastSequence() == afterRetire)
            #expect(afterRetire == before + 1)
            // An agency user cannot be made without an agency, nor an officer with one.
            let noAgency = try await client.call(.post, "/v1/users", token: boss, body: #"""
                {"username":"lost","displayName":"L","role":"externalAgency","jurisdictionID":"\#(world.fixtures.city.id)","password":"\#(TestWorld.password)"}
                """#)
            #expect(noAgency.status == .unprocessableContent, "\(noAgency.text)")
            let officer = try await client.call(.post, "/v1/users", token: boss, body: #"""
                {"username":"odd","displayName":"O","role":"dispatcher","jurisdictionID":"\#(world.fixtures.city.id)","agencyID":"\#(triage.hotline)","password":"\#(TestWorld.password)"}
                """#)
            #expect(officer.status == .unprocessableContent, "\(officer.text)")
        }
    }

    @Test func mergeAndUndoOverHTTP() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp"), offB = try await client.login("offB")
            let first = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("广场有人打架")).json["id"]?.stringValue)
            let second = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("广场打架了")).json["id"]?.stringValue)
            // A station officer of another station may not touch the first station's calls.
            let across = try await client.call(.post, "/v1/incidents/\(second)/merge", token: offB, body: #"{"into":"\#(first)"}"#)
            #expect(across.status == .notFound || across.status == .forbidden, "\(across.text)")
            let merged = try await client.call(.post, "/v1/incidents/\(second)/merge", token: disp, body: #"{"into":"\#(first)","score":0.9,"reasons":["near:0m"]}"#)
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(merged.json["mergedInto"]?["into"]?.stringValue == first)
            #expect(merged.json["status"] == "cancelled")
            #expect(try await client.call(.get, "/v1/incidents/\(first)", token: disp).json["mergedIncidentIDs"] == .array([.string(second)]))
            let undone = try await client.call(.post, "/v1/incidents/\(second)/unmerge", token: disp, body: "")
            #expect(undone.status == .ok && undone.json["status"] == "received", "\(undone.text)")
            let before = try await world.store.lastSequence()
            let twice = try await client.call(.post, "/v1/incidents/\(second)/unmerge", token: disp, body: "")
            #expect(twice.status == .conflict && twice.json["code"] == "not_merged", "\(twice.text)")
            #expect(try await world.store.lastSequence() == before)
        }
    }
}

/// The rest of triage over HTTP: a call's triage (duplicates, repeats, flags, routing
/// proposals, a rule applied on filing), supervision's board and acknowledgement, the
/// overdue-feedback rate, and EIDO out and in.
@Suite("Triage over HTTP")
struct TriageHTTPTests {
    @Test func aCallsTriageNamesDuplicatesFlagsAndProposals() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let triage = try await TriageWorld.make(client, admin: boss, city: world.fixtures.city.id)
            let policy = try await client.call(.put, "/v1/jurisdictions/\(world.fixtures.city.id)/policy", token: boss, body: #"""
                {"version":1,"referralRules":[
                  {"id":"noise","name":"噪音转12345","agencyID":"\#(triage.hotline)","keywords":["噪音","noise"],"mode":"apply"},
                  {"id":"stall","name":"占道经营转网格","agencyID":"\#(triage.grid)","keywords":["摆摊"],"mode":"propose"}],
                 "referralDeadlines":{"acceptSeconds":600,"feedbackSeconds":3600}}
                """#)
            #expect(policy.status == .ok, "\(policy.text)")
            // A rule of mode apply refers the call as it is filed.
            let noisy = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("楼上装修噪音", category: "complaint"))
            #expect(noisy.json["status"] == "referred", "\(noisy.text)")
            #expect(noisy.json["referrals"]?[0]?["agencyID"]?.stringValue == triage.hotline)
            let referral = try #require(try await client.call(.get, "/v1/referrals?status=sent", token: triage.agent).json["items"]?[0])
            #expect(referral["rule"] == "noise")
            #expect(referral["deadlinesSetBy"]?.stringValue == world.fixtures.city.id.rawValue)

            // A call with a knife is raised to P1 and says which words fired.
            let first = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("广场上有人持刀打架")).json["id"]?.stringValue)
            let stored = try await client.call(.get, "/v1/incidents/\(first)", token: disp).json
            #expect(stored["priority"] == .number(1))
            #expect(stored["riskFlags"]?[0]?["rule"] == "weapon")
            #expect(stored["riskFlags"]?[0]?["words"]?[0]?.stringValue?.contains("刀") == true)

            // The same fight, a minute later, from another phone: proposed as its duplicate.
            world.time.advance(by: 60)
            var again = callJSON("广场那边打架了", lat: 31.2353, lon: 121.4802)
            if case .object(var o) = again { o["callerPhone"] = "13900000000"; again = .object(o) }
            let second = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: again).json["id"]?.stringValue)
            let t = try await client.call(.get, "/v1/incidents/\(second)/triage", token: disp)
            #expect(t.status == .ok, "\(t.text)")
            #expect(t.json["duplicates"]?[0]?["incidentID"]?.stringValue == first, "\(t.text)")
            guard case .array(let reasons)? = t.json["duplicates"]?[0]?["reasons"] else { Issue.record("no reasons: \(t.text)"); return }
            #expect(reasons.contains { $0.stringValue?.hasPrefix("near:") == true })
            #expect(t.json["repeats"]?["place30"] != .number(0))
            // A call about a street stall gets the grid proposed, not referred.
            let stall = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("路口有人摆摊", category: "complaint", lat: 31.30, lon: 121.40)).json["id"]?.stringValue)
            let proposed = try await client.call(.get, "/v1/incidents/\(stall)/triage", token: disp).json
            #expect(proposed["proposals"]?[0]?["agencyID"]?.stringValue == triage.grid)
            #expect(proposed["proposals"]?[0]?["mode"] == "propose")
            #expect(try await client.call(.get, "/v1/incidents/\(stall)", token: disp).json["status"] == "received")
            // A rule naming an agency that does not exist is refused.
            let bad = try await client.call(.put, "/v1/jurisdictions/\(world.fixtures.city.id)/policy", token: boss, body: #"""
                {"version":2,"referralRules":[{"id":"x","name":"x","agencyID":"nobody","keywords":["x"],"mode":"apply"}]}
                """#)
            #expect(bad.status == .notFound, "\(bad.text)")
            let broken = try await client.call(.put, "/v1/jurisdictions/\(world.fixtures.city.id)/policy", token: boss, body: #"""
                {"version":2,"highRiskRules":[{"id":"x","nameZh":"x","nameEn":"x","patterns":["(unclosed"],"raiseTo":1,"notify":true}]}
                """#)
            #expect(broken.status == .unprocessableContent && broken.json["code"] == "invalid_rule", "\(broken.text)")
        }
    }

    @Test func overdueWorkIsSupervisedAndCounted() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp"), offA = try await client.login("offA")
            let id = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("无人处置")).json["id"]?.stringValue)
            let app = AppServices(store: world.store, time: world.time)
            #expect(try await app.supervision.sweep().isEmpty, "nothing is overdue yet")
            world.time.advance(by: 4 * 60)          // P2: dispatch within 3 minutes
            let first = try await app.supervision.sweep()
            #expect(first.map(\.level) == [.unit])
            world.time.advance(by: 20 * 60)         // past the station's stage, and past arrival (15 min)
            let second = try await app.supervision.sweep()
            #expect(second.contains { $0.level == .station })
            let board = try await client.call(.get, "/v1/supervision", token: offA)
            #expect(board.status == .ok, "\(board.text)")
            let item = try #require(board.json["items"]?.arrayValue?.first { $0["subjectID"]?.stringValue == id && $0["step"] == "dispatch" })
            let caseID = try #require(item["id"]?.stringValue)
            #expect(item["stages"]?.arrayCount == 2)
            // Station B's officer does not see it, nor acknowledge it.
            let offB = try await client.login("offB")
            #expect(try await client.call(.get, "/v1/supervision", token: offB).json["items"] == .array([]))
            #expect(try await client.call(.post, "/v1/supervision/\(caseID)/acknowledge", token: offB, body: "").status == .notFound)
            let ack = try await client.call(.post, "/v1/supervision/\(caseID)/acknowledge", token: offA, body: "")
            #expect(ack.status == .ok, "\(ack.text)")
            #expect(ack.json["stages"]?[1]?["acknowledgedBy"] == "offA")
            // The overdue-feedback rate: due a day after the call (P2), so nothing falls due yet.
            let rate = try await client.call(.get, "/v1/reports/overdue-feedback", token: disp)
            #expect(rate.status == .ok, "\(rate.text)")
            #expect(rate.json["totals"]?["station"]?["due"] == .number(0))
            world.time.advance(by: 2 * 86_400)
            let fresh = try await client.login("disp")   // two days on, the morning's token has expired
            let later = try await client.call(.get, "/v1/reports/overdue-feedback", token: fresh).json
            #expect(later["totals"]?["station"]?["overdue"] == .number(1), "\(later)")
            #expect(later["rows"]?[0]?["owner"]?.stringValue == world.fixtures.stationA.id.rawValue)
            let badDay = try await client.call(.get, "/v1/reports/overdue-feedback?from=2026-13-01", token: fresh)
            #expect(badDay.status == .badRequest || badDay.status == .unprocessableContent, "\(badDay.text)")
        }
    }

    @Test func eidoGoesOutAndComesBack() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let triage = try await TriageWorld.make(client, admin: boss, city: world.fixtures.city.id)
            let (incident, referral) = try await triage.referred(client, dispatcher: disp)
            let out = try await client.call(.get, "/v1/incidents/\(incident)/eido", token: disp)
            #expect(out.status == .ok, "\(out.text)")
            #expect(out.json["eidoVersion"] == "1.0")
            #expect(out.json["$id"]?.stringValue?.contains(incident) == true)
            // The agency's copy masks the caller.
            let theirs = try await client.call(.get, "/v1/referrals/\(referral)/eido", token: triage.agent)
            #expect(theirs.status == .ok)
            #expect(!theirs.text.contains("13812345678") && out.text.contains("13812345678"))
            #expect(try await client.call(.get, "/v1/referrals/\(referral)/eido", token: triage.gridder).status == .notFound)
            // Another system's document is filed as a new incident; the same one of ours is refused.
            let foreign = out.text.replacingOccurrences(of: incident, with: "elsewhere-1").replacingOccurrences(of: EIDOController.sender, with: "psap.example")
            let filed = try await client.call(.post, "/v1/eido", token: disp, body: foreign)
            #expect(filed.status == .created, "\(filed.text)")
            #expect(filed.json["category"] == "inquiry")
            #expect(try await client.call(.post, "/v1/eido", token: disp, body: out.text).status == .conflict)
            // Unknown versions and missing components are refused, and store nothing.
            let before = try await world.store.lastSequence()
            let v9 = try await client.call(.post, "/v1/eido", token: disp, body: out.text.replacingOccurrences(of: #""eidoVersion":"1.0""#, with: #""eidoVersion":"9.9""#))
            #expect(v9.status == .unprocessableContent && v9.json["code"] == "eido_unknown_version", "\(v9.text)")
            let bare = try await client.call(.post, "/v1/eido", token: disp, body: #"{"$id":"urn:emergency:uid:incidentid:x:psap.example","eidoVersion":"1.0"}"#)
            #expect(bare.status == .unprocessableContent && bare.json["code"] == "eido_missing_component", "\(bare.text)")
            #expect(try await world.store.lastSequence() == before)

            // The agency's system answers with the same incident, its referral done: the
            // referral is accepted and finished in turn, and the call closes.
            let stored = try #require(try await world.store.incident(IncidentID(incident), scope: .everything))
            var done = try #require(try await world.store.referral(ReferralID(referral)))
            done.status = .done
            done.feedback = Referral.Feedback(outcome: "已办结", summary: "已上门调解", by: "agent", at: world.time.now())
            let answer = String(decoding: EIDOExport.json(EIDOExport.document(incident: stored.maskingCaller, referrals: [done],
                                                                               sender: EIDOController.sender, now: world.time.now())), as: UTF8.self)
            #expect(try await client.call(.post, "/v1/eido", token: triage.gridder, body: answer).status == .notFound, "not the grid's referral")
            let applied = try await client.call(.post, "/v1/eido", token: triage.agent, body: answer)
            #expect(applied.status == .ok && applied.json["status"] == "done", "\(applied.text)")
            #expect(applied.json["feedback"]?["summary"] == "已上门调解")
            #expect(try await client.call(.get, "/v1/incidents/\(incident)", token: disp).json["status"] == "closed")
        }
    }
}
