import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore
import PinganTestSupport
import Testing

/// What the officer's field page and the dispatcher's messages rely on, over HTTP.
@Suite("Field officers over HTTP")
struct FieldTests {
    /// A field officer crewing station A's first unit, signing in with the test password.
    static func crew(_ world: TestWorld) async throws {
        let hash = try await Passwords.hash(TestWorld.password, cost: 4)
        _ = try await AppServices(store: world.store, time: world.time).users.create(
            username: "crew", displayName: "Crew A1", role: .fieldOfficer, jurisdictionID: world.fixtures.stationA.id,
            unitID: world.fixtures.unitsA[0].id, passwordHash: hash, by: .system, scope: .everything).get()
    }

    @Test("the crew accepts, sees its route and track, moves the incident along and closes it with feedback")
    func assignmentLoop() async throws {
        let world = try await TestWorld.make()
        try await Self.crew(world)
        let f = world.fixtures
        let unit = f.unitsA[0].id
        try await TestWorld.serve(world) { client in
            let dispatcher = try await client.login("disp")
            let crew = try await client.login("crew")
            // Before any assignment and before any fix.
            #expect(try await client.call(.get, "/v1/units/\(unit)/route", token: crew).code == "no_assignment")
            let route = try TestMap.route(TestMap.nearB, TestMap.nearA)
            let drive = Array(TestMap.drive(route.geometry).prefix(30))
            let posted = try await client.call(.post, "/v1/positions", token: crew, json: world.fixesJSON(unit: unit, along: drive))
            #expect(posted.json["accepted"]?.intValue == drive.count, "\(posted.text)")
            // Its own unit only.
            let other = try await client.call(.post, "/v1/positions", token: crew, json: world.fixesJSON(unit: f.unitsA[1].id, along: [TestMap.nearA]))
            #expect(other.json["unknownUnit"]?.intValue == 1)

            let id = try await DispatchTests.incident(client, token: dispatcher, at: TestMap.nearA, station: f.stationA.id)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/accept", token: crew).status == .forbidden)   // not its incident yet
            #expect(try await client.call(.post, "/v1/incidents/\(id)/dispatch", token: dispatcher,
                                          json: .object(["unitIDs": .array([.string(unit.rawValue)])])).status == .ok)
            let r = try await client.call(.get, "/v1/units/\(unit)/route", token: crew)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["incidentID"]?.stringValue == id)
            let eta = try #require(r.json["etaSeconds"]?.doubleValue)
            #expect(eta > 0 && (r.json["route"]?.arrayValue?.count ?? 0) >= 2)

            let accepted = try await client.call(.post, "/v1/incidents/\(id)/accept", token: crew)
            #expect(accepted.status == .ok)
            #expect(accepted.json["acceptances"]?[0]?["unitID"]?.stringValue == unit.rawValue)
            let again = try await client.call(.post, "/v1/incidents/\(id)/accept", token: crew)
            #expect(again.json["acceptances"]?.arrayValue?.count == 1)
            for status in ["enRoute", "onScene", "resolved"] {
                let moved = try await client.call(.post, "/v1/incidents/\(id)/transition", token: crew, json: ["status": .string(status)])
                #expect(moved.status == .ok, "\(status): \(moved.text)")
            }
            let closed = try await client.call(.post, "/v1/incidents/\(id)/feedback", token: crew,
                                               json: ["outcome": "resolved", "summary": "双方已调解"])
            #expect(closed.json["status"]?.stringValue == "closed")
            let types = try await DispatchTests.events(world.store).filter { $0.subject == id }.map(\.type.rawValue)
            #expect(types.filter { $0 == "incident.accepted" }.count == 1)

            // The shift's track: thinned points in order, within the unit's scope only.
            let track = try await client.call(.get, "/v1/units/\(unit)/track", token: dispatcher)
            let points = track.json["points"]?.arrayValue ?? []
            #expect(points.count >= 2 && points.count <= drive.count, "\(track.text.prefix(300))")
            #expect(try await client.call(.get, "/v1/units/\(unit)/track", token: try await client.login("offB")).status == .notFound)
            #expect(try await client.call(.get, "/v1/units/\(unit)/track?from=yesterday", token: dispatcher).code == "invalid_field")
        }
    }

    @Test("messages reach a unit, a zone or everyone; the crew's receipts show to the dispatcher")
    func messages() async throws {
        let world = try await TestWorld.make()
        try await Self.crew(world)
        let f = world.fixtures
        let zone = try await AppServices(store: world.store, time: world.time).organisation.createZone(
            stationID: f.stationA.id, name: "巡区一", boundary: TestMap.square(around: TestMap.nearA, half: 0.003),
            unitIDs: [f.unitsA[0].id, f.unitsA[1].id], by: f.admin).get()
        try await TestWorld.serve(world) { client in
            let dispatcher = try await client.login("disp")
            let crew = try await client.login("crew")
            let direct = try await client.call(.post, "/v1/messages", token: dispatcher,
                                               json: ["unitID": .string(f.unitsA[0].id.rawValue), "text": "请回所里取执法记录仪"])
            #expect(direct.status == .created, "\(direct.text)")
            let zoneSend = try await client.call(.post, "/v1/messages", token: dispatcher, json: ["zoneID": .string(zone.id.rawValue), "text": "巡区一加强巡逻"])
            #expect(zoneSend.json["items"]?.arrayValue?.count == 2)
            let all = try await client.call(.post, "/v1/messages", token: dispatcher, json: ["all": true, "text": "全体注意"])
            #expect(all.json["items"]?.arrayValue?.count == f.unitsA.count + f.unitsB.count)
            for bad in [#"{"text":"no audience"}"#, #"{"unitID":"x","all":true,"text":"two"}"#, #"{"all":true,"text":""}"#, #"{"all":true,"text":"hi","to":"x"}"#] {
                let refused = try await client.call(.post, "/v1/messages", token: dispatcher, body: bad)
                #expect(refused.status.code >= 400 && refused.status.code < 500, "\(bad): \(refused.text)")
            }
            #expect(try await client.call(.post, "/v1/messages", token: crew, json: ["all": true, "text": "crews cannot broadcast"]).status == .forbidden)

            // The crew lists only its own unit's messages, newest first, and acknowledges one.
            let mine = try await client.call(.get, "/v1/messages", token: crew)
            let items = mine.json["items"]?.arrayValue ?? []
            #expect(items.count == 3)
            #expect(items.allSatisfy { $0["unitID"]?.stringValue == f.unitsA[0].id.rawValue })
            #expect(try await client.call(.get, "/v1/messages?unitID=\(f.unitsA[1].id)", token: crew).status == .forbidden)
            let first = try #require(direct.json["items"]?[0]?["id"]?.stringValue)
            let delivered = try await client.call(.post, "/v1/messages/\(first)/ack", token: crew, json: ["state": "delivered"])
            #expect(delivered.json["deliveredAt"] != nil && delivered.json["readAt"] == nil)
            let read = try await client.call(.post, "/v1/messages/\(first)/ack", token: crew, json: ["state": "read"])
            #expect(read.json["readAt"]?.stringValue != nil)
            #expect(try await client.call(.post, "/v1/messages/\(first)/ack", token: crew, json: ["state": "lost"]).status.code / 100 == 4)
            #expect(try await client.call(.post, "/v1/messages/\(first)/ack", token: dispatcher, json: ["state": "read"]).status == .forbidden)

            // The dispatcher sees the receipts on the broadcast.
            let broadcast = try #require(direct.json["items"]?[0]?["broadcastID"]?.stringValue)
            let seen = try await client.call(.get, "/v1/messages?broadcastID=\(broadcast)", token: dispatcher)
            #expect(seen.json["items"]?[0]?["readAt"]?.stringValue == read.json["readAt"]?.stringValue)
            // Outside the demo the demo switches do not exist.
            #expect(try await client.call(.get, "/v1/demo", token: dispatcher).code == "not_demo")
        }
    }
}
