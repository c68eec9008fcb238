import Foundation
import HummingbirdTesting
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
