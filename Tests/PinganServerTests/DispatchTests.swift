import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganGeo
import PinganServer
import PinganStore
import PinganTestSupport
import Testing

@Suite("Dispatch over HTTP")
struct DispatchTests {
    /// One fix for `unit` at `c`, `secondsAgo` before now.
    static func place(_ client: any TestClientProtocol, _ world: TestWorld, token: String, _ unit: UnitID, at c: Coordinate,
                      secondsAgo: Double = 1) async throws {
        let reply = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: [c], endingSecondsAgo: secondsAgo))
        #expect(reply.json["accepted"]?.intValue == 1, "\(reply.text)")
    }

    static func incident(_ client: any TestClientProtocol, token: String, at c: Coordinate, station: JurisdictionID) async throws -> String {
        let reply = try await client.call(.post, "/v1/incidents", token: token, json: callJSON(lat: c.lat, lon: c.lon, jurisdictionID: station))
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(reply.json["id"]?.stringValue)
    }

    static func events(_ store: any Store) async throws -> [RecordedEvent] {
        try await store.events(after: 0, scope: .everything, limit: 100_000)
    }

    @Test("zone enter and exit are audited events when a unit drives through a zone on a real route")
    func zoneEvents() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0].id
        let route = try TestMap.route(TestMap.nearA, TestMap.nearB)
        let middle = route.geometry[route.geometry.count / 2]
        let service = CommandService(store: world.store, time: world.time)
        let root = world.fixtures.admin
        let zone = try await service.createZone(stationID: world.fixtures.stationA.id, name: "中段", boundary: TestMap.square(around: middle, half: 0.0012),
                                                unitIDs: [], by: root)
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            let reply = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: TestMap.drive(route.geometry)))
            #expect(reply.status == .ok)
            #expect(try #require(reply.json["events"]?.intValue) >= 2)
            let log = try await Self.events(world.store).filter { $0.subject == unit.rawValue }
            let types = log.map(\.type.rawValue)
            let entered = try #require(types.firstIndex(of: "unit.zoneEntered"))
            let exited = try #require(types.lastIndex(of: "unit.zoneExited"))
            #expect(entered < exited)
            #expect(log[entered].command == "ReportPositions" && log[entered].actor.name == "disp")
            #expect(log[entered].path == world.fixtures.unitsA[0].path)
            #expect(log[entered].data["zoneID"]?.stringValue == zone.id.rawValue)
            #expect(try await world.store.verifyChain().firstBreak == nil)
        }
    }

    @Test("a free unit leaving its assigned zone raises one unit.outOfZone event")
    func outOfZone() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0].id
        let route = try TestMap.route(TestMap.nearA, TestMap.nearB)
        _ = try await CommandService(store: world.store, time: world.time).createZone(
            stationID: world.fixtures.stationA.id, name: "起点", boundary: TestMap.square(around: route.geometry[0], half: 0.001),
            unitIDs: [unit], by: world.fixtures.admin)
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            _ = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: TestMap.drive(route.geometry)))
            let warnings = try await Self.events(world.store).filter { $0.type.rawValue == "unit.outOfZone" && $0.subject == unit.rawValue }
            #expect(warnings.count == 1)
        }
    }

    @Test("recommendations are ranked by road time, tiered and marked across the station border")
    func recommendations() async throws {
        let world = try await TestWorld.make()
        let f = world.fixtures
        let scene = TestMap.nearB
        let near = try TestMap.route(TestMap.nearA, scene).geometry
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            try await Self.place(client, world, token: token, f.unitsA[0].id, at: near[near.count * 3 / 4])
            try await Self.place(client, world, token: token, f.unitsA[1].id, at: TestMap.nearA)
            try await Self.place(client, world, token: token, f.unitsB[0].id, at: near[near.count / 2])
            let id = try await Self.incident(client, token: token, at: scene, station: f.stationA.id)
            let reply = try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: token)
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["status"]?.stringValue == "ok")
            let recommended = try #require(reply.json["recommended"]?[0])
            #expect(recommended["unit"]?.stringValue == f.unitsA[0].id.rawValue)
            #expect(recommended["crossBorder"] == .bool(false))
            #expect(recommended["route"]?[0] != nil)
            guard case .array(let alternatives)? = reply.json["alternatives"] else { Issue.record("no alternatives"); return }
            let order = alternatives.compactMap { $0["unit"]?.stringValue }
            #expect(order == [f.unitsB[0].id.rawValue, f.unitsA[1].id.rawValue])
            let etas = ([recommended] + alternatives).compactMap { $0["etaSeconds"]?.doubleValue }
            #expect(etas == etas.sorted())
            for r in [recommended] + alternatives {
                let eta = try #require(r["etaSeconds"]?.doubleValue)
                #expect(r["tier"]?.intValue == ResponseTier(seconds: eta).rawValue)
            }
            #expect(alternatives[0]["crossBorder"] == .bool(true))
            // Station officers of another station cannot see the incident; auditors may not dispatch.
            #expect(try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: try await client.login("offB")).status == .notFound)
            #expect(try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: try await client.login("audit")).status == .forbidden)
        }
    }

    @Test("dispatch without units sends the recommended set in one call; busy units are refused")
    func dispatchInOneCall() async throws {
        let world = try await TestWorld.make()
        let f = world.fixtures
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            try await Self.place(client, world, token: token, f.unitsA[0].id, at: TestMap.nearB)
            try await Self.place(client, world, token: token, f.unitsA[1].id, at: TestMap.nearA)
            let first = try await Self.incident(client, token: token, at: TestMap.nearB, station: f.stationA.id)
            let dispatched = try await client.call(.post, "/v1/incidents/\(first)/dispatch", token: token)
            #expect(dispatched.status == .ok, "\(dispatched.text)")
            #expect(dispatched.json["status"]?.stringValue == "dispatched")
            #expect(dispatched.json["unitIDs"]?[0]?.stringValue == f.unitsA[0].id.rawValue)
            // The dispatched unit is busy: the next incident at the same spot gets another one.
            let second = try await Self.incident(client, token: token, at: TestMap.nearB, station: f.stationA.id)
            let next = try await client.call(.get, "/v1/incidents/\(second)/recommendations", token: token)
            #expect(next.json["recommended"]?[0]?["unit"]?.stringValue == f.unitsA[1].id.rawValue)
            let busy = try await client.call(.post, "/v1/incidents/\(second)/dispatch", token: token,
                                             json: .object(["unitIDs": .array([.string(f.unitsA[0].id.rawValue)])]))
            #expect(busy.status == .conflict, "\(busy.text)")
            let explicit = try await client.call(.post, "/v1/incidents/\(second)/dispatch", token: token,
                                                 json: .object(["unitIDs": .array([.string(f.unitsB[1].id.rawValue)])]))
            #expect(explicit.status == .ok)
            #expect(try await client.call(.post, "/v1/incidents/\(second)/dispatch", token: token, json: .object(["unitIDs": .array([])])).status
                    == .unprocessableContent)
            #expect(try await client.call(.post, "/v1/incidents/\(second)/dispatch", token: token, body: #"{"units":[]}"#).code == "unknown_field")
        }
    }

    @Test("end to end: drive through a zone, get dispatched, arrive, and see the response in the report")
    func endToEnd() async throws {
        let world = try await TestWorld.make()
        let f = world.fixtures
        let unit = f.unitsA[0].id
        let route = try TestMap.route(TestMap.nearA, TestMap.nearB)
        let middle = route.geometry[route.geometry.count / 2]
        _ = try await CommandService(store: world.store, time: world.time).createZone(
            stationID: f.stationA.id, name: "巡区", boundary: TestMap.square(around: middle, half: 0.0012), unitIDs: [], by: f.admin)
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            // Patrol from A towards B, through the zone.
            let drive = TestMap.drive(route.geometry)
            let patrol = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: drive))
            #expect(patrol.json["accepted"]?.intValue == drive.count)
            let types = try await Self.events(world.store).filter { $0.subject == unit.rawValue }.map(\.type.rawValue)
            #expect(types.contains("unit.zoneEntered") && types.contains("unit.zoneExited"))

            // A call back at A: the unit (now near B) is the only free one with a position.
            let id = try await Self.incident(client, token: token, at: TestMap.nearA, station: f.stationA.id)
            world.time.advance(by: 20)
            let recommendation = try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: token)
            let eta = try #require(recommendation.json["recommended"]?[0]?["etaSeconds"]?.doubleValue)
            #expect(recommendation.json["recommended"]?[0]?["unit"]?.stringValue == unit.rawValue)
            let dispatched = try await client.call(.post, "/v1/incidents/\(id)/dispatch", token: token)
            #expect(dispatched.json["unitIDs"]?[0]?.stringValue == unit.rawValue)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, json: ["status": "enRoute"]).status == .ok)

            // Drive back to A and arrive.
            let back = try TestMap.route(TestMap.nearB, TestMap.nearA)
            let home = TestMap.drive(back.geometry)
            world.time.advance(by: Double(home.count))
            let trip = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: home))
            #expect(trip.json["accepted"]?.intValue == home.count)
            #expect(try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, json: ["status": "onScene"]).status == .ok)

            let report = try await client.call(.get, "/v1/reports/response?from=\(Timestamp.format(world.time.now().addingTimeInterval(-3600)))",
                                               token: token)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.json["overall"]?["incidents"]?.intValue == 1)
            let callToArrival = try #require(report.json["overall"]?["callToArrival"]?["max"]?.doubleValue)
            #expect(callToArrival == 20 + Double(home.count))
            #expect(report.json["overall"]?["callToDispatch"]?["max"]?.doubleValue == 20)
            #expect(report.json["byUnit"]?[0]?["key"]?.stringValue == unit.rawValue)
            #expect(report.json["byStation"]?[0]?["key"]?.stringValue == f.stationA.path)
            #expect(eta > 0)
            let bad = try await client.call(.get, "/v1/reports/response?from=yesterday", token: token)
            #expect(bad.status == .badRequest && bad.code == "invalid_field")
        }
    }

    @Test("the road layer is GeoJSON, thinner at low zoom, and checks its bbox")
    func roads() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            let token = try await client.login("offA")
            let close = try await client.call(.get, "/v1/map/roads?bbox=31.228,121.475,31.240,121.492&zoom=17", token: token)
            #expect(close.status == .ok)
            #expect(close.headers[.contentType] == "application/geo+json")
            #expect(close.json["type"]?.stringValue == "FeatureCollection")
            guard case .array(let fine)? = close.json["features"] else { Issue.record("no features"); return }
            #expect(fine.count > 100)
            #expect(fine[0]["geometry"]?["type"]?.stringValue == "LineString")
            // Every segment is classed by speed, and a city centre has both arteries and lanes.
            let classes = Set(fine.compactMap { $0["properties"]?["class"]?.stringValue })
            #expect(classes.isSubset(of: ["trunk", "primary", "secondary", "local"]) && classes.contains("local") && classes.count >= 2, "\(classes)")
            let far = try await client.call(.get, "/v1/map/roads?bbox=31.228,121.475,31.240,121.492&zoom=12", token: token)
            guard case .array(let coarse)? = far.json["features"] else { Issue.record("no features"); return }
            #expect(coarse.count < fine.count / 2)
            for query in ["", "?bbox=1,2,3", "?bbox=31.24,121.47,31.23,121.49", "?bbox=31.22,121.47,31.24,121.49&zoom=40"] {
                let r = try await client.call(.get, "/v1/map/roads\(query)", token: token)
                #expect(r.status == .badRequest && r.code == "invalid_field", "\(query): \(r.text)")
            }
            #expect(try await client.call(.get, "/v1/map/roads?bbox=31.22,121.47,31.24,121.49").status == .unauthorized)
        }
    }
}
