import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

@Suite("Disputes over HTTP: opened from a call, mediated, escalated, masked, supervised, counted")
struct DisputeRouteTests {
    static let parties = #"[{"name":"王大明","phone":"13900001111"},{"name":"李小红","idNumber":"11010519491231002X"}]"#

    @Test func aStationMediatesADisputeFromACallToSettledAndTheRateFollows() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp"), offA = try await client.login("offA"), offB = try await client.login("offB")
            let call = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("邻居因漏水争吵")).json["id"]?.stringValue)
            // The dispatcher reads disputes but does not open them.
            let body = #"{"kind":"neighbour","risk":"medium","summary":"楼上漏水","parties":\#(Self.parties),"incidentID":"\#(call)"}"#
            #expect(try await client.call(.post, "/v1/disputes", token: disp, body: body).status == .forbidden)
            let opened = try await client.call(.post, "/v1/disputes", token: offA, body: body)
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened.json["id"]?.stringValue)
            #expect(opened.json["stationID"]?.stringValue == world.fixtures.stationA.id.rawValue)
            #expect(opened.json["incidentIDs"]?[0]?.stringValue == call)
            #expect(opened.json["parties"]?[0]?["phone"]?.stringValue == "13900001111")
            // Masked to the dispatcher, invisible to the other station.
            let seen = try await client.call(.get, "/v1/disputes/\(id)", token: disp)
            #expect(seen.json["parties"]?[0]?["phone"]?.stringValue == "*******1111" && seen.json["parties"]?[1]?["name"]?.stringValue == "李**")
            #expect(try await client.call(.get, "/v1/disputes/\(id)", token: offB).status == .notFound)
            #expect(try await client.call(.get, "/v1/disputes", token: offB).json["items"]?.arrayValue?.isEmpty == true)
            // Bad input names its field.
            let bad = try await client.call(.post, "/v1/disputes", token: offA, body: #"{"kind":"neighbour","risk":"low","summary":"x","parties":[{"name":"甲","phone":"12345"}],"address":"某处"}"#)
            #expect(bad.status == .unprocessableContent && bad.json["field"]?.stringValue == "parties.phone")

            let going = try await client.call(.post, "/v1/disputes/\(id)/sessions", token: offA,
                                              body: #"{"note":"双方到场","outcome":"continuing","risk":"high","mediators":[{"name":"律师赵","kind":"lawyer"}],"version":1}"#)
            #expect(going.status == .ok, "\(going.text)")
            #expect(going.json["status"]?.stringValue == "mediating" && going.json["risk"]?.stringValue == "high")
            // High risk: on the supervision board at the next sweep.
            let app = AppServices(store: world.store, time: world.time)
            try await app.supervision.sweep()
            let cases = try await world.store.supervisionCases(SupervisionQuery(statuses: [.open]), scope: .everything).filter { $0.kind == .dispute }
            #expect(Set(cases.map(\.subjectID)) == [id] && cases.allSatisfy { $0.step == "highRisk" })
            let settled = try await client.call(.post, "/v1/disputes/\(id)/sessions", token: offA, body: #"{"note":"达成调解协议","outcome":"resolved"}"#)
            #expect(settled.json["status"]?.stringValue == "resolved" && settled.json["followUpDue"] == nil)
            #expect(try await client.call(.post, "/v1/disputes/\(id)/sessions", token: offA, body: #"{"note":"再谈","outcome":"continuing"}"#).status == .conflict)
            try await app.supervision.sweep()
            #expect(try await world.store.supervisionCases(SupervisionQuery(statuses: [.open]), scope: .everything).allSatisfy { $0.kind != .dispute })

            let rates = try await client.call(.get, "/v1/disputes/rates", token: offA)
            let row = rates.json["stations"]?[0]
            #expect(row?["opened"]?.intValue == 1 && row?["resolved"]?.intValue == 1 && row?["resolutionRate"]?.doubleValue == 1, "\(rates.text)")
        }
    }

    @Test func aDisputeBecomesAnIncidentAndALateFollowUpIsChased() async throws {
        try await TestWorld.run { world, client in
            let offA = try await client.login("offA")
            let opened = try await client.call(.post, "/v1/disputes", token: offA,
                                               body: #"{"kind":"debt","risk":"low","summary":"欠款纠纷","parties":\#(Self.parties),"address":"南京东路300号","location":{"lat":31.2352,"lon":121.4801}}"#)
            let id = try #require(opened.json["id"]?.stringValue, "\(opened.text)")
            let escalated = try await client.call(.post, "/v1/disputes/\(id)/escalate", token: offA, body: #"{"priority":2}"#)
            #expect(escalated.status == .created, "\(escalated.text)")
            let incident = try #require(escalated.json["incident"]?["id"]?.stringValue)
            #expect(escalated.json["incident"]?["category"]?.stringValue == "dispute")
            // The incident as the incident routes show it: with its deadlines.
            #expect(escalated.json["incident"]?["deadlines"]?.arrayValue?.isEmpty == false && escalated.json["incident"]?["overdue"] == .bool(false))
            #expect(escalated.json["dispute"]?["incidentIDs"]?.arrayValue?.compactMap(\.stringValue) == [incident])
            #expect(escalated.json["dispute"]?["escalations"]?.intValue == 1)
            // A dispute without a place to send units to cannot be escalated.
            let nowhere = try #require(try await client.call(.post, "/v1/disputes", token: offA,
                                                             body: #"{"kind":"family","risk":"low","summary":"家庭矛盾","parties":\#(Self.parties),"address":"某小区"}"#).json["id"]?.stringValue)
            #expect(try await client.call(.post, "/v1/disputes/\(nowhere)/escalate", token: offA, body: #"{"priority":3}"#).json["field"]?.stringValue == "location")
            // A week on, both low-risk disputes are late for their follow-up.
            world.time.advance(by: 7 * 86_400 + 60)
            try await AppServices(store: world.store, time: world.time).supervision.sweep()
            let cases = try await world.store.supervisionCases(SupervisionQuery(statuses: [.open]), scope: .everything).filter { $0.kind == .dispute }
            #expect(Set(cases.map(\.subjectID)) == [id, nowhere] && cases.allSatisfy { $0.step == "followUp" })
        }
    }
}
