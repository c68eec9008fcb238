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
        let service = AppServices(store: world.store, time: world.time)
        let root = world.fixtures.admin
        let zone = try await service.organisation.createZone(stationID: world.fixtures.stationA.id, name: "中段", boundary: TestMap.square(around: middle, half: 0.0012),
                                                unitIDs: [], by: root).get()
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
        _ = try await AppServices(store: world.store, time: world.time).organisation.createZone(
            stationID: world.fixtures.stationA.id, name: "起点", boundary: TestMap.square(around: route.geometry[0], half: 0.001),
            unitIDs: [unit], by: world.fixtures.admin).get()
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

    @Test("a station's dispatcher sees a neighbouring station's unit only where the policy shares across the border")
    func crossBorderFollowsThePolicy() async throws {
        let world = try await TestWorld.make()
        let f = world.fixtures
        let scene = TestMap.nearB
        let near = try TestMap.route(TestMap.nearA, scene).geometry
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            try await Self.place(client, world, token: disp, f.unitsA[1].id, at: TestMap.nearA)
            try await Self.place(client, world, token: disp, f.unitsB[0].id, at: near[near.count / 2])
            let id = try await Self.incident(client, token: disp, at: scene, station: f.stationA.id)
            let offA = try await client.login("offA")
            func units() async throws -> [String] {
                let reply = try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: offA)
                return ((reply.json["recommended"]?.arrayValue ?? []) + (reply.json["alternatives"]?.arrayValue ?? [])).compactMap { $0["unit"]?.stringValue }
            }
            // No rule: station A's officer is shown only station A's units.
            #expect(try await units() == [f.unitsA[1].id.rawValue])
            let boss = try await client.login("boss")
            let set = try await client.call(.put, "/v1/jurisdictions/\(f.district.id.rawValue)/policy", token: boss, json: ["version": 1, "crossBorder": true])
            #expect(set.json["effective"]?["crossBorder"] == .bool(true), "\(set.text)")
            #expect(Set(try await units()) == [f.unitsA[1].id.rawValue, f.unitsB[0].id.rawValue])
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
        _ = try await AppServices(store: world.store, time: world.time).organisation.createZone(
            stationID: f.stationA.id, name: "巡区", boundary: TestMap.square(around: middle, half: 0.0012), unitIDs: [], by: f.admin).get()
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
            // Corners the other way round mean the same box.
            let swapped = try await client.call(.get, "/v1/map/roads?bbox=31.240,121.492,31.228,121.475&zoom=12", token: token)
            #expect(swapped.status == .ok && swapped.text == far.text)
            for query in ["", "?bbox=1,2,3", "?bbox=31.24,121.47,31.23,x", "?bbox=31.22,121.47,31.24,121.49&zoom=40",
                          "?bbox=31.22,121.47,31.24,121.49&bbox=1,2,3,4", "?bbox=31.22,121.47,31.24,121.49&colour=red"] {
                let r = try await client.call(.get, "/v1/map/roads\(query)", token: token)
                #expect(r.status == .badRequest && (r.code == "invalid_field" || r.code == "unknown_parameter"), "\(query): \(r.text)")
            }
            #expect(try await client.call(.get, "/v1/map/roads?bbox=31.22,121.47,31.24,121.49").status == .unauthorized)
        }
    }

    @Test("the coverage layer tiers road segments by the nearest free unit in the caller's scope")
    func coverage() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0]
        let bbox = "bbox=31.215,121.460,31.250,121.505&zoom=14"
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            let empty = try await client.call(.get, "/v1/map/coverage?\(bbox)", token: disp)
            #expect(empty.status == .ok && empty.headers[.contentType] == "application/geo+json")
            #expect(empty.json["units"]?.intValue == 0)
            guard case .array(let none)? = empty.json["features"] else { Issue.record("no features: \(empty.text)"); return }
            #expect(!none.isEmpty && none.allSatisfy { $0["properties"]?["tier"]?.stringValue == "over" })

            try await Self.place(client, world, token: disp, unit.id, at: TestMap.nearA)
            let reply = try await client.call(.get, "/v1/map/coverage?\(bbox)", token: disp)
            #expect(reply.json["units"]?.intValue == 1)
            let shares = ["1", "3", "5"].compactMap { reply.json["shares"]?[$0]?.doubleValue }
            #expect(shares.count == 3 && shares[0] > 0 && shares[0] <= shares[1] && shares[1] <= shares[2] && shares[2] <= 1, "\(shares)")
            guard case .array(let features)? = reply.json["features"] else { Issue.record("no features"); return }
            // The segment nearest the unit is reached within a minute; the tier of every segment
            // agrees with the road engine's time from the unit to its nearer end, give or take
            // the snapping of both to the road.
            func ends(_ f: JSONValue) -> [Coordinate] {
                guard case .array(let pts)? = f["geometry"]?["coordinates"] else { return [] }
                return pts.compactMap { p in p[1]?.doubleValue.flatMap { lat in p[0]?.doubleValue.map { Coordinate(lat: lat, lon: $0) } } }
            }
            let nearest = try #require(features.min { a, b in
                (ends(a).map { Geodesy.haversine($0, TestMap.nearA) }.min() ?? .infinity) < (ends(b).map { Geodesy.haversine($0, TestMap.nearA) }.min() ?? .infinity)
            })
            #expect(nearest["properties"]?["tier"]?.stringValue == "1")
            let tiers = Dictionary(grouping: features, by: { $0["properties"]?["tier"]?.stringValue ?? "?" }).mapValues(\.count)
            #expect(Set(tiers.keys).isSubset(of: ["1", "3", "5", "over"]) && tiers.count >= 3, "\(tiers)")
            // Exact nodes at zoom 17 (no grid snapping) for comparing with the road engine.
            let close = try await client.call(.get, "/v1/map/coverage?bbox=31.230,121.474,31.241,121.487&zoom=17", token: disp)
            guard case .array(let exact)? = close.json["features"] else { Issue.record("no features"); return }
            #expect(exact.count > 50)
            for f in exact.prefix(300) {
                let minutes = ends(f).compactMap { try? TestMap.route(TestMap.nearA, $0).seconds }.min().map { $0 / 60 } ?? .infinity
                let tier = f["properties"]?["tier"]?.stringValue
                let expected = minutes <= 1 ? "1" : minutes <= 3 ? "3" : minutes <= 5 ? "5" : "over"
                if abs(minutes - 1) > 0.2 && abs(minutes - 3) > 0.2 && abs(minutes - 5) > 0.2 { #expect(tier == expected, "\(minutes) min") }
            }

            // Station B's officer counts only station B's units: none has a position.
            let offB = try await client.login("offB")
            #expect(try await client.call(.get, "/v1/map/coverage?\(bbox)", token: offB).json["units"]?.intValue == 0)
            #expect(try await client.call(.get, "/v1/map/coverage?\(bbox)", token: try await client.login("offA")).json["units"]?.intValue == 1)
            #expect(try await client.call(.get, "/v1/map/coverage?bbox=1,2,3", token: disp).code == "invalid_field")
        }
    }

    @Test("a typed address finds stations and posts in scope, streets and crossings")
    func places() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            func places(_ q: String, token: String) async throws -> [JSONValue] {
                let reply = try await client.call(.get, "/v1/map/places?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q)", token: token)
                #expect(reply.status == .ok, "\(q): \(reply.text)")
                guard case .array(let items) = reply.json else { return [] }
                return items
            }
            let crossing = try await places("西藏中路福州路口", token: disp)
            #expect(crossing.first?["kind"]?.stringValue == "intersection" && crossing.first?["name"]?.stringValue == "西藏中路/福州路", "\(crossing)")
            let lat = try #require(crossing.first?["location"]?["lat"]?.doubleValue), lon = try #require(crossing.first?["location"]?["lon"]?.doubleValue)
            // a real place on the map: on a road, within a few metres of where the engine snaps it
            let place = Coordinate(lat: lat, lon: lon)
            #expect(Geodesy.haversine(try TestMap.shanghai.snap(place, maxDistance: 100).coordinate, place) < 30)
            let street = try await places("河南中路100号", token: disp)
            #expect(street.first?["name"]?.stringValue == "河南中路" && street.first?["kind"]?.stringValue == "street")
            // Stations by name, and only in the caller's scope.
            let stationA = world.fixtures.stationA.name, stationB = world.fixtures.stationB.name
            #expect(try await places(stationA, token: disp).contains { $0["kind"]?.stringValue == "station" && $0["name"]?.stringValue == stationA })
            let offA = try await client.login("offA")
            #expect(try await places(stationB, token: offA).allSatisfy { $0["kind"]?.stringValue != "station" })
            for bad in ["", "%20%20", String(repeating: "路", count: 101)] {
                let r = try await client.call(.get, "/v1/map/places?q=\(bad)", token: disp)
                #expect(r.status == .badRequest && r.code == "invalid_field", "\(bad): \(r.text)")
            }
            #expect(try await client.call(.get, "/v1/map/places?q=%E6%B2%B3%E5%8D%97").status == .unauthorized)
        }
    }
}
