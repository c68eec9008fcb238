import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

@Suite("Volunteers over HTTP: a team, a shift on the map, reports filed and kept, contributions, and nothing an officer does")
struct VolunteerRouteTests {
    static let square = #"[{"lat":31.23,"lon":121.47},{"lat":31.23,"lon":121.48},{"lat":31.24,"lon":121.48},{"lat":31.24,"lon":121.47}]"#

    @Test func aVolunteerWalksAShiftAndTheStationDecidesTheirReports() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), offA = try await client.login("offA"), disp = try await client.login("disp")
            let a = world.fixtures.stationA.id
            let zone = try #require(try await client.call(.post, "/v1/zones", token: boss,
                                                           body: #"{"stationID":"\#(a)","name":"一巡区","boundary":\#(Self.square)}"#).json["id"]?.stringValue)
            // The dispatcher reads teams but does not form them.
            #expect(try await client.call(.post, "/v1/volunteer-teams", token: disp, body: #"{"name":"西湖义警"}"#).status == .forbidden)
            let created = try await client.call(.post, "/v1/volunteer-teams", token: offA, body: #"{"name":"西湖义警","zoneIDs":["\#(zone)"]}"#)
            #expect(created.status == .created, "\(created.text)")
            let team = try #require(created.json["id"]?.stringValue)
            #expect(created.json["stationID"]?.stringValue == a.rawValue)
            try await VolunteerWorld.account(client, admin: boss, station: a, username: "vol1", team: team)
            // An officer's account joins no team.
            let officer = try await client.call(.post, "/v1/volunteer-teams/\(team)/members", token: offA, body: #"{"username":"offA"}"#)
            #expect(officer.status == .unprocessableContent && officer.json["field"]?.stringValue == "username")

            let vol = try await client.login("vol1")
            let before = try await client.call(.get, "/v1/volunteer-shifts/mine", token: vol)
            #expect(before.json["team"]?["name"]?.stringValue == "西湖义警" && before.json["shift"] == nil)
            #expect(before.json["zones"]?[0]?["name"]?.stringValue == "一巡区")
            let started = try await client.call(.post, "/v1/volunteer-shifts", token: vol, body: "")
            #expect(started.status == .created, "\(started.text)")
            let shift = try #require(started.json["id"]?.stringValue)
            #expect(try await client.call(.post, "/v1/volunteer-shifts", token: vol, body: "").status == .conflict)
            let moved = try await client.call(.post, "/v1/volunteer-shifts/\(shift)/position", token: vol, body: #"{"location":{"lat":31.235,"lon":121.475}}"#)
            #expect(moved.json["inArea"] == .bool(true), "\(moved.text)")
            #expect(try await client.call(.post, "/v1/volunteer-shifts/\(shift)/reports", token: vol,
                                          body: #"{"text":"车棚有人撬电动车锁","urgent":true}"#).status == .created)
            #expect(try await client.call(.post, "/v1/volunteer-shifts/\(shift)/reports", token: vol,
                                          body: #"{"text":"路灯不亮","location":{"lat":31.236,"lon":121.476}}"#).status == .created)

            // The command centre sees the volunteer on the map and the reports waiting.
            let patrol = try await client.call(.get, "/v1/volunteer-shifts", token: disp)
            #expect(patrol.json["items"]?[0]?["position"]?["lat"] == .number(31.235))
            #expect(try await client.call(.get, "/v1/volunteer-shifts?which=pending", token: offA).json["items"]?.arrayValue?.count == 1)
            #expect(try await client.call(.get, "/v1/volunteer-shifts?which=soon", token: offA).status == .unprocessableContent)
            #expect(try await client.call(.get, "/v1/volunteer-shifts?team=a%2Fb", token: offA).json["field"]?.stringValue == "team")
            #expect(try await client.call(.get, "/v1/volunteer-shifts", token: try await client.login("offB")).json["items"]?.arrayValue?.isEmpty == true)
            let filed = try await client.call(.post, "/v1/volunteer-shifts/\(shift)/file", token: disp, body: #"{"report":1,"priority":2}"#)
            #expect(filed.status == .created, "\(filed.text)")
            let incident = try #require(filed.json["incident"]?["id"]?.stringValue)
            #expect(filed.json["incident"]?["category"]?.stringValue == "suspicious" && filed.json["incident"]?["jurisdictionID"]?.stringValue == a.rawValue)
            #expect(filed.json["shift"]?["reports"]?[0]?["incidentID"]?.stringValue == incident)
            #expect(try await client.call(.post, "/v1/volunteer-shifts/\(shift)/file", token: disp, body: #"{"report":1}"#).status == .conflict)
            let kept = try await client.call(.post, "/v1/volunteer-shifts/\(shift)/review", token: offA, body: #"{"report":2,"outcome":"kept"}"#)
            #expect(kept.json["reports"]?[1]?["status"]?.stringValue == "kept")
            #expect(try await client.call(.get, "/v1/volunteer-shifts?which=pending", token: offA).json["items"]?.arrayValue?.isEmpty == true)

            world.time.advance(by: 3 * 3600)
            let vol2 = try await client.login("vol1")
            #expect(try await client.call(.post, "/v1/volunteer-shifts/\(shift)/end", token: vol2, body: "").status == .ok)
            #expect(try await client.call(.get, "/v1/volunteer-shifts", token: try await client.login("disp")).json["items"]?.arrayValue?.isEmpty == true)
            // Three hours, two reports, one filed, one kept; the phone masked to the dispatcher, whole to the station.
            let detail = try await client.call(.get, "/v1/volunteer-teams/\(team)", token: try await client.login("offA"))
            let c = try #require(detail.json["contributions"]?[0])
            #expect(c["hours"] == .number(3) && c["reports"] == .number(2) && c["filed"] == .number(1) && c["kept"] == .number(1), "\(detail.text)")
            #expect(detail.json["team"]?["members"]?[0]?["phone"]?.stringValue == "13800001111")
            let masked = try await client.call(.get, "/v1/volunteer-teams", token: try await client.login("disp"))
            #expect(masked.json["items"]?[0]?["members"]?[0]?["phone"]?.stringValue == "*******1111")
            // Every step is in the audit log under the one who took it.
            let events = try await world.store.events(after: 0, scope: .everything, limit: 10_000).filter { $0.type.rawValue.hasPrefix("volunteer") }
            #expect(events.map(\.type) == [.volunteerTeamCreated, .volunteerMemberAdded, .volunteerShiftStarted, .volunteerReported, .volunteerReported,
                                           .volunteerReportReviewed, .volunteerReportReviewed, .volunteerShiftEnded])
            #expect(events.filter { $0.type == .volunteerReported }.allSatisfy { $0.actor.name == "vol1" })
        }
    }

    /// A volunteer is not police: every officer's action is refused with a clear 403, and another
    /// volunteer's shift is not theirs to work.
    @Test func aVolunteerTryingOfficersActionsIsRefused() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let (_, shift) = try await VolunteerWorld.shift(client, admin: boss, station: world.fixtures.stationA, username: "vol1")
            let (team2, _) = try await VolunteerWorld.shift(client, admin: boss, station: world.fixtures.stationA, username: "vol2")
            let vol2 = try await client.login("vol2")
            let tries: [(HTTPRequest.Method, String, String)] = [
                (.post, "/v1/incidents", callJSON("我来报警").canonicalText), (.get, "/v1/incidents", ""), (.get, "/v1/units", ""),
                (.post, "/v1/addresses", #"{"district":"黄浦区","street":"南京东路","number":"1"}"#), (.get, "/v1/volunteer-teams", ""),
                (.post, "/v1/volunteer-teams/\(team2)/members", #"{"username":"vol1"}"#),
                (.post, "/v1/volunteer-shifts/\(shift)/file", #"{"report":1}"#), (.post, "/v1/volunteer-shifts/\(shift)/review", #"{"report":1,"outcome":"kept"}"#),
                (.get, "/v1/fraud-warnings", ""), (.get, "/v1/audit", ""),
            ]
            let before = try await world.store.lastSequence()
            for (method, path, body) in tries {
                let reply = try await client.call(method, path, token: vol2, body: body.isEmpty ? nil : body)
                #expect(reply.status == .forbidden && reply.json["code"]?.stringValue == "forbidden", "\(path): \(reply.status.code) \(reply.text)")
                #expect(reply.json["detail"]?.stringValue?.contains("volunteer") == true, "\(path): \(reply.text)")
            }
            // vol1's shift is not vol2's.
            let other = try await client.call(.post, "/v1/volunteer-shifts/\(shift)/reports", token: vol2, body: #"{"text":"替人报告","location":{"lat":31.2,"lon":121.4}}"#)
            #expect(other.status == .forbidden, "\(other.text)")
            #expect(try await client.call(.post, "/v1/volunteer-shifts/\(shift)/end", token: vol2, body: "").status == .forbidden)
            #expect(try await world.store.events(after: before, scope: .everything, limit: 100).filter { $0.actor != .system }.isEmpty)
        }
    }
}
