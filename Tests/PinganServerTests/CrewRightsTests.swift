import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
import PinganServer
import PinganStore
import PinganTestSupport
import Testing

/// The crew rule (issue 13, defects 4, 5 and 10): a crew sees and works the incident its unit is
/// on, wherever it is filed, and only while its unit is on it; everyone else sees only their
/// scope; a callsign names one unit.
@Suite("Crews work only what their unit is on")
struct CrewRightsTests {
    /// Field officers crewing station A's first two units: `crew1` and `crew2`.
    static func crews(_ world: TestWorld) async throws {
        let hash = try await Passwords.hash(TestWorld.password, cost: 4)
        let service = AppServices(store: world.store, time: world.time)
        for (name, unit) in [("crew1", world.fixtures.unitsA[0]), ("crew2", world.fixtures.unitsA[1])] {
            _ = try await service.users.create(username: name, displayName: name, role: .fieldOfficer, jurisdictionID: world.fixtures.stationA.id,
                                             unitID: unit.id, passwordHash: hash, by: .system, scope: .everything).get()
        }
    }

    @Test("a unit taken off an incident loses every right to it; the crew now on it works it and closes it")
    func rightsEndWithTheAssignment() async throws {
        let world = try await TestWorld.make()
        try await Self.crews(world)
        let u1 = JSONValue.string(world.fixtures.unitsA[0].id.rawValue), u2 = JSONValue.string(world.fixtures.unitsA[1].id.rawValue)
        try await TestWorld.serve(world, map: nil) { client in
            let disp = try await client.login("disp")
            let crew1 = try await client.login("crew1"), crew2 = try await client.login("crew2")
            let id = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON()).json["id"]?.stringValue)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/assign", token: disp, json: ["unitIDs": [u1]]).status == .ok)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/unassign", token: disp, json: ["unitID": u1]).status == .ok)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/assign", token: disp, json: ["unitIDs": [u2]]).status == .ok)

            let before = try await world.store.lastSequence()
            for (path, body) in [("transition", #"{"status":"cancelled"}"#), ("transition", #"{"status":"enRoute"}"#), ("accept", "")] {
                let r = try await client.call(.post, "/v1/incidents/\(id)/\(path)", token: crew1, body: body)
                #expect(r.status == .forbidden, "\(path) \(body): \(r.text)")
            }
            #expect(try await world.store.lastSequence() == before)

            for status in ["enRoute", "onScene", "resolved"] {
                #expect(try await client.call(.post, "/v1/incidents/\(id)/transition", token: crew2, json: ["status": .string(status)]).status == .ok)
            }
            // Resolved: the crew that resolved it gives the feedback; the one taken off earlier cannot.
            let stale = try await client.call(.post, "/v1/incidents/\(id)/feedback", token: crew1, json: ["outcome": "x", "summary": "y"])
            #expect(stale.status == .forbidden)
            let closed = try await client.call(.post, "/v1/incidents/\(id)/feedback", token: crew2, json: ["outcome": "mediated", "summary": "双方和解"])
            #expect(closed.status == .ok)
            #expect(closed.json["status"]?.stringValue == "closed")
            // Reopened, nobody is on it: the old crew may not move it.
            #expect(try await client.call(.post, "/v1/incidents/\(id)/transition", token: disp, json: ["status": "reopened"]).status == .ok)
            let reopened = try await client.call(.post, "/v1/incidents/\(id)/transition", token: crew2, json: ["status": "cancelled"])
            #expect(reopened.status == .forbidden)
        }
    }

    @Test("a unit sent to another station's incident: its crew sees and works it, its station sees only that it is busy")
    func crossStationAssignment() async throws {
        let world = try await TestWorld.make()
        try await Self.crews(world)
        let f = world.fixtures
        let unit = f.unitsA[0].id
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp"), offA = try await client.login("offA"), crew = try await client.login("crew1")
            let posted = try await client.call(.post, "/v1/positions", token: crew, json: world.fixesJSON(unit: unit, along: [TestMap.nearA]))
            #expect(posted.json["accepted"]?.intValue == 1, "\(posted.text)")
            let id = try await DispatchTests.incident(client, token: disp, at: TestMap.nearB, station: f.stationB.id)
            let assigned = try await client.call(.post, "/v1/incidents/\(id)/assign", token: disp, json: ["unitIDs": [.string(unit.rawValue)]])
            #expect(assigned.status == .ok, "\(assigned.text)")

            // Station A sees its unit busy, not on what or where.
            let shown = try await client.call(.get, "/v1/units/\(unit)", token: offA)
            #expect(shown.json["status"]?.stringValue == "dispatched")
            #expect(shown.json["incidentID"] == nil && shown.json["incidentPath"] == nil, "\(shown.text)")
            let listed = try await client.call(.get, "/v1/units", token: offA)
            let item = try #require(listed.json.arrayValue?.first { $0["id"]?.stringValue == unit.rawValue })
            #expect(item["incidentID"] == nil)
            #expect(try await client.call(.get, "/v1/units/\(unit)/route", token: offA).status == .forbidden)
            #expect(try await client.call(.get, "/v1/incidents/\(id)", token: offA).status == .notFound)
            // The dispatcher who sent it sees it all.
            #expect(try await client.call(.get, "/v1/units/\(unit)", token: disp).json["incidentID"]?.stringValue == id)

            // The crew sees its unit's assignment, the incident and the route, and works it.
            #expect(try await client.call(.get, "/v1/units/\(unit)", token: crew).json["incidentID"]?.stringValue == id)
            let incident = try await client.call(.get, "/v1/incidents/\(id)", token: crew)
            #expect(incident.status == .ok, "\(incident.text)")
            #expect(incident.json["id"]?.stringValue == id)
            #expect(try await client.call(.get, "/v1/units/\(unit)/route", token: crew).status == .ok)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/accept", token: crew).status == .ok)
            for status in ["enRoute", "onScene", "resolved"] {
                let r = try await client.call(.post, "/v1/incidents/\(id)/transition", token: crew, json: ["status": .string(status)])
                #expect(r.status == .ok, "\(status): \(r.text)")
            }
            let closed = try await client.call(.post, "/v1/incidents/\(id)/feedback", token: crew, json: ["outcome": "mediated", "summary": "已处理"])
            #expect(closed.json["status"]?.stringValue == "closed")
            // Closed and released: it is B's incident again, out of the crew's sight.
            #expect(try await client.call(.get, "/v1/incidents/\(id)", token: crew).status == .notFound)
        }
    }

    @Test("callsigns are unique in a station, whatever the case or width, and a CoT uid never lands on a guess")
    func callsignsNameOneUnit() async throws {
        let world = try await TestWorld.make()
        let f = world.fixtures
        try await TestWorld.serve(world) { client in
            let boss = try await client.login("boss")
            func create(_ callsign: String, in station: JurisdictionID) async throws -> Reply {
                try await client.call(.post, "/v1/units", token: boss, json: ["callsign": .string(callsign), "kind": "patrolCar",
                                                                              "stationID": .string(station.rawValue), "crew": 2])
            }
            let before = try await world.store.lastSequence()
            for taken in ["HP01-1", "hp01-1", "ＨＰ０１－1".replacingOccurrences(of: "－", with: "-")] {
                let r = try await create(taken, in: f.stationA.id)
                #expect(r.status == .conflict, "\(taken): \(r.text)")
                #expect(r.code == "duplicate" && r.field == "callsign")
            }
            #expect(try await world.store.lastSequence() == before)
            // Eight at once: one unit.
            let replies = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<8 { group.addTask { try await create("HP01-9", in: f.stationA.id).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .created }.count == 1)
            #expect(replies.filter { $0 == .conflict }.count == 7)
            // Another station may use the same callsign...
            #expect(try await create("HP01-1", in: f.stationB.id).status == .created)
            // ...and then a device naming it by callsign is refused, not given to either unit.
            let disp = try await client.login("disp")
            let t = Timestamp.format(world.time.now())
            let cot = #"<event uid="HP01-1" time="\#(t)"><point lat="31.2352" lon="121.4801"/></event>"#
            let ambiguous = try await client.call(.post, "/v1/positions/cot", token: disp, body: cot, headers: ["Content-Type": "application/xml"])
            #expect(ambiguous.status == .conflict)
            #expect(ambiguous.code == "ambiguous_device_uid")
            #expect(try await world.store.latestPositions().isEmpty)
            // Its unit ID still names it.
            let byID = cot.replacingOccurrences(of: "HP01-1", with: f.unitsA[0].id.rawValue)
            let accepted = try await client.call(.post, "/v1/positions/cot", token: disp, body: byID, headers: ["Content-Type": "application/xml"])
            #expect(accepted.json["accepted"]?.intValue == 1, "\(accepted.text)")
        }
    }
}
