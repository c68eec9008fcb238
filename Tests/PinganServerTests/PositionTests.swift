import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

@Suite("Positions")
struct PositionTests {
    @Test("a batch along a real route is accepted, thinned into stored track points and counted in /metrics")
    func happyPath() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0].id
        let points = TestMap.drive(try TestMap.route(TestMap.nearA, TestMap.nearB).geometry)
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            let reply = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: points))
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["received"]?.intValue == points.count)
            #expect(reply.json["accepted"]?.intValue == points.count)
            let stored = try #require(reply.json["trackPointsStored"]?.intValue)
            #expect(stored > 2 && stored < points.count)
            // The same batch again: every fix is a retransmission.
            let again = try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: points))
            #expect(again.json["duplicates"]?.intValue == 1)
            #expect(again.json["outOfOrder"]?.intValue == points.count - 1)
            // A retry under the same Idempotency-Key replays the first answer.
            let keyed = world.fixesJSON(unit: unit, along: [try #require(points.last)], endingSecondsAgo: -0.5)
            let once = try await client.call(.post, "/v1/positions", token: token, json: keyed, headers: ["Idempotency-Key": "batch-1"])
            let twice = try await client.call(.post, "/v1/positions", token: token, json: keyed, headers: ["Idempotency-Key": "batch-1"])
            #expect(once.json["accepted"]?.intValue == 1 && twice.json["accepted"]?.intValue == 1)
            #expect(twice.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == "true")
            let latest = try await world.store.latestPositions()
            #expect(latest.count == 1 && latest[0].unitID == unit)
            // Thinned: the newest stored point is at most `keepDistance` (50 m) behind the last fix.
            #expect(try #require(latest.first).coordinate.distance(to: try #require(points.last)) <= 50)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.text.contains("pingan_position_fixes_total{outcome=\"accepted\"} \(points.count + 1)"))
            #expect(metrics.text.contains("pingan_position_fixes_total{outcome=\"outOfOrder\"} \(points.count - 1)"))
        }
    }

    @Test("implausible fixes and foreign units are refused one by one and counted")
    func perFixRefusals() async throws {
        let world = try await TestWorld.make()
        let own = world.fixtures.unitsA[0].id
        let hash = try await Passwords.hash(TestWorld.password, cost: 4)
        _ = try await AppServices(store: world.store, time: world.time).users.create(
            username: "field", displayName: "field", role: .fieldOfficer, jurisdictionID: world.fixtures.stationA.id, unitID: own,
            passwordHash: hash, by: .system, scope: .everything).get()
        try await TestWorld.serve(world) { client in
            let token = try await client.login("field")
            let now = world.time.now()
            func fix(_ unit: UnitID, _ offset: Double, _ c: Coordinate = TestMap.nearA) -> JSONValue {
                .object(["unitID": .string(unit.rawValue), "time": .string(Timestamp.format(now.addingTimeInterval(offset))),
                         "lat": .number(c.lat), "lon": .number(c.lon)])
            }
            let far = Coordinate(lat: TestMap.nearA.lat + 0.05, lon: TestMap.nearA.lon)   // 5.5 km in 2 s
            let body: JSONValue = .object(["fixes": .array([
                fix(own, -10), fix(own, -10), fix(own, -20), fix(own, -8, far), fix(own, 3600), fix(own, -2 * 86_400),
                fix(world.fixtures.unitsA[1].id, -5), fix(world.fixtures.unitsB[0].id, -5), fix(UnitID("nope"), -5),
            ])])
            let reply = try await client.call(.post, "/v1/positions", token: token, json: body)
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["accepted"]?.intValue == 1)
            #expect(reply.json["duplicates"]?.intValue == 1)
            #expect(reply.json["outOfOrder"]?.intValue == 1)
            #expect(reply.json["rejectedJump"]?.intValue == 1)
            #expect(reply.json["rejectedTime"]?.intValue == 2)
            #expect(reply.json["unknownUnit"]?.intValue == 3)
        }
    }

    @Test("bad input is a problem with a stable code and stores nothing")
    func badInput() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0].id.rawValue
        let at = Timestamp.format(world.time.now())
        @Sendable func one(_ extra: String) -> String { #"{"fixes":[{"unitID":"\#(unit)","time":"\#(at)",\#(extra)}]}"# }
        let tooMany = "{\"fixes\":[" + Array(repeating: #"{"unitID":"\#(unit)","time":"\#(at)","lat":31.2,"lon":121.4}"#, count: 5001)
            .joined(separator: ",") + "]}"
        let cases: [(String, HTTPResponse.Status, String)] = [
            ("{", .badRequest, "malformed_json"),
            (#"{"fixes":[],"extra":1}"#, .badRequest, "unknown_field"),
            (one(#""lat":31.2,"lon":121.4,"alt":3"#), .badRequest, "unknown_field"),
            (one(#""lat":31.2"#), .badRequest, "invalid_field"),
            (one(#""lat":"north","lon":121.4"#), .badRequest, "invalid_field"),
            (#"{"fixes":[{"unitID":"\#(unit)","time":"yesterday","lat":31.2,"lon":121.4}]}"#, .badRequest, "invalid_field"),
            (one(#""lat":91,"lon":121.4"#), .unprocessableContent, "invalid_field"),
            (one(#""lat":31.2,"lon":121.4,"speed":-1"#), .unprocessableContent, "invalid_field"),
            (one(#""lat":31.2,"lon":121.4,"heading":400"#), .unprocessableContent, "invalid_field"),
            (one(#""lat":"NaN","lon":121.4"#), .badRequest, "invalid_field"),   // a string where a number belongs
            (#"{"fixes":[]}"#, .unprocessableContent, "invalid_field"),
            (tooMany, .contentTooLarge, "too_many_fixes"),
            // Issue 13: 40,000 nested brackets, or deep objects inside a fix, once crashed the server.
            (String(repeating: "[", count: 40_000), .badRequest, "malformed_json"),
            (#"{"fixes":"# + String(repeating: "[", count: 40_000), .badRequest, "malformed_json"),
            (one(#""lat":31.2,"lon":121.4,"speed":"# + String(repeating: #"{"a":"#, count: 40_000) + "1" + String(repeating: "}", count: 40_000)),
             .badRequest, "malformed_json"),
        ]
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            for (body, status, code) in cases {
                let reply = try await client.call(.post, "/v1/positions", token: token, body: body)
                #expect(reply.status == status && reply.code == code && reply.isProblem, "\(body.prefix(120)): \(reply.text)")
            }
            let officer = try await client.login("offA")   // station officers do not report positions
            #expect(try await client.call(.post, "/v1/positions", token: officer, body: one(#""lat":31.2,"lon":121.4"#)).status == .forbidden)
            #expect(try await client.call(.post, "/v1/positions", body: one(#""lat":31.2,"lon":121.4"#)).status == .unauthorized)
            #expect(try await world.store.latestPositions().isEmpty)
        }
    }

    @Test("without a road network the position, dispatch and map routes answer 503 no_road_network")
    func noMap() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world, map: nil) { client in
            let token = try await client.login("disp")
            let incident = try await client.call(.post, "/v1/incidents", token: token, json: callJSON())
            let id = try #require(incident.json["id"]?.stringValue)
            let replies = [
                try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: world.fixtures.unitsA[0].id, along: [TestMap.nearA])),
                try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: token),
                try await client.call(.post, "/v1/incidents/\(id)/dispatch", token: token),
                try await client.call(.get, "/v1/map/roads?bbox=31.23,121.47,31.24,121.49&zoom=16", token: token),
            ]
            for reply in replies { #expect(reply.status == .serviceUnavailable && reply.code == "no_road_network", "\(reply.text)") }
        }
    }

    @Test("latest positions survive a restart on a file-backed store")
    func restartRecovery() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-positions-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let world = try await TestWorld.make(store: try SQLiteStore(path: path))
        let unit = world.fixtures.unitsA[0].id
        let points = TestMap.drive(try TestMap.route(TestMap.nearA, TestMap.nearB).geometry)
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            #expect(try await client.call(.post, "/v1/positions", token: token, json: world.fixesJSON(unit: unit, along: points)).status == .ok)
        }
        // A new store instance on the same file, and a new server over it.
        let reopened = TestWorld(store: try SQLiteStore(path: path), time: world.time, fixtures: world.fixtures)
        try await reopened.store.migrate()
        let latest = try await reopened.store.latestPositions()
        #expect(latest.count == 1)
        let recovered = try #require(latest.first)
        #expect(recovered.coordinate.distance(to: try #require(points.last)) <= 50)
        try await TestWorld.serve(reopened) { client in
            let token = try await client.login("disp")
            let incident = try await client.call(.post, "/v1/incidents", token: token,
                                                 json: callJSON(lat: TestMap.nearB.lat, lon: TestMap.nearB.lon, jurisdictionID: world.fixtures.stationA.id))
            let id = try #require(incident.json["id"]?.stringValue)
            let reply = try await client.call(.get, "/v1/incidents/\(id)/recommendations", token: token)
            #expect(reply.status == .ok, "\(reply.text)")
            let first = try #require(reply.json["recommended"]?[0])
            #expect(first["unit"]?.stringValue == unit.rawValue)
            let lat = try #require(first["position"]?["lat"]?.doubleValue), lon = try #require(first["position"]?["lon"]?.doubleValue)
            #expect(Coordinate(lat: lat, lon: lon).distance(to: recovered.coordinate) < 75)
        }
    }

    @Test("Cursor-on-Target events are mapped to units by callsign; malformed XML is malformed_cot")
    func cursorOnTarget() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0]
        let t0 = Timestamp.format(world.time.now().addingTimeInterval(-5)), t1 = Timestamp.format(world.time.now())
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <events>
              <event version="2.0" uid="\(unit.callsign)" type="a-f-G-U-C" time="\(t0)" start="\(t0)" stale="\(t1)" how="m-g">
                <point lat="31.2352" lon="121.4801" hae="10" ce="8" le="9999999"/>
                <detail><track speed="0" course="90"/></detail>
              </event>
              <event version="2.0" uid="\(unit.id.rawValue)" type="a-f-G-U-C" time="\(t1)" how="m-g"><point lat="31.2353" lon="121.4802" ce="9999999"/></event>
              <event version="2.0" uid="ATAK-unknown" type="a-f-G" time="\(t1)" how="m-g"><point lat="31.2353" lon="121.4802"/></event>
            </events>
            """
        try await TestWorld.serve(world) { client in
            let token = try await client.login("disp")
            let reply = try await client.call(.post, "/v1/positions/cot", token: token, body: xml, headers: ["Content-Type": "application/xml"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["accepted"]?.intValue == 2)
            #expect(reply.json["unknownUnit"]?.intValue == 1)
            let stranger = try await client.call(.post, "/v1/positions/cot", token: token,
                                                 body: "<event uid=\"nobody\" time=\"\(t1)\"><point lat=\"31.2\" lon=\"121.4\"/></event>",
                                                 headers: ["Content-Type": "text/xml; charset=utf-8"])
            #expect(stranger.status == .ok && stranger.json["unknownUnit"]?.intValue == 1 && stranger.json["accepted"]?.intValue == 0)
            for bad in ["<event uid=\"x\"", "<event uid=\"x\" time=\"\(t1)\"></event>", "<event time=\"\(t1)\"><point lat=\"1\" lon=\"2\"/></event>",
                        "<event uid=\"x\" time=\"\(t1)\"><point lat=\"100\" lon=\"2\"/></event>", "not xml"] {
                let r = try await client.call(.post, "/v1/positions/cot", token: token, body: bad, headers: ["Content-Type": "application/xml"])
                #expect(r.status == .badRequest && r.code == "malformed_cot", "\(bad): \(r.text)")
            }
            // XML is sent as XML.
            let asJSON = try await client.call(.post, "/v1/positions/cot", token: token, body: xml)
            #expect(asJSON.status == .unsupportedMediaType)
        }
    }

    @Test("accepted positions reach the live feed as unit.position frames without a seq, and stay out of the event log",
          .timeLimit(TestWorld.liveTimeLimit))
    func livePositions() async throws {
        let world = try await TestWorld.make()
        let unit = world.fixtures.unitsA[0].id
        try await TestWorld.serve(world, .live) { client in
            let token = try await client.login("disp")
            let before = try await world.store.lastSequence()
            let received = Locked([JSONValue]())
            try await client.ws("/v1/live?token=\(token)") { inbound, _, _ in
                async let got: Void = {
                    let list = try await frames(inbound, count: 1)
                    received.withLock { $0 = list }
                }()
                // The subscription may not be registered the instant the upgrade answers: send until heard.
                var sent = 0
                while sent < 20, received.withLock({ $0.isEmpty }) {
                    _ = try await client.call(.post, "/v1/positions", token: token,
                                              json: world.fixesJSON(unit: unit, along: [TestMap.nearA], endingSecondsAgo: Double(40 - sent)))
                    sent += 1
                    try await Task.sleep(for: .milliseconds(50 * sent))
                }
                try await got
            }
            let frame = try #require(received.withLock { $0.first })
            #expect(frame["type"]?.stringValue == "unit.position")
            #expect(frame["seq"] == nil)
            #expect(frame["positions"]?[0]?["unitID"]?.stringValue == unit.rawValue)
            #expect(try await world.store.lastSequence() == before)
        }
    }
}
