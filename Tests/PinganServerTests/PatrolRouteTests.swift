import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
import PinganGeo
import PinganStore
@testable import PinganServer
import Testing

/// The live patrol picture and move orders over HTTP (issue 20): two idle cars stand where few
/// calls come from, most of the last weeks' calls lie by a distant post; the picture counts the
/// calls in reach, proposes moving one car there, and the dispatcher's order reaches the crew as
/// a message, unless the car went busy in between.
@Suite("Patrol route")
struct PatrolRouteTests {
    @Test func anIdleCarIsProposedForTheDistantCallsAndTheOrderReachesIt() async throws {
        let world = try await TestWorld.make()
        let app = AppServices(store: world.store, time: world.time)
        let far = Coordinate(lat: 31.2016684, lon: 121.4319426)   // on a road: the tracker snaps fixes within 75 m
        let post = try await app.organisation.createPost(stationID: world.fixtures.stationA.id, kind: .streetPost, name: "西区岗",
                                                         location: far, by: world.fixtures.admin).get()
        let (a0, a1) = (world.fixtures.unitsA[0], world.fixtures.unitsA[1])
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            for k in 0..<5 {
                let r = try await client.call(.post, "/v1/incidents", token: disp,
                                              json: callJSON("噪音 \(k)", category: "publicOrder", lat: far.lat + Double(k) * 0.0002, lon: far.lon))
                #expect(r.status == .created, "\(r.text)")
            }
            for k in 0..<2 {
                _ = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("争吵 \(k)", lat: TestMap.nearA.lat, lon: TestMap.nearA.lon))
            }
            // Before any car reports a position: nothing in reach, nothing to move.
            let empty = try await client.call(.get, "/v1/patrol", token: disp)
            #expect(empty.status == .ok && empty.json["units"]?.intValue == 0 && empty.json["proposals"]?.arrayValue?.isEmpty == true, "\(empty.text)")
            for unit in [a0, a1] {
                let r = try await client.call(.post, "/v1/positions", token: disp, json: world.fixesJSON(unit: unit.id, along: [TestMap.nearA]))
                #expect(r.status == .ok, "\(r.text)")
            }
            let picture = try await client.call(.get, "/v1/patrol", token: disp)
            #expect(picture.status == .ok, "\(picture.text)")
            let json = picture.json
            #expect(json["units"]?.intValue == 2 && json["demandPoints"]?.intValue == 7)
            let within3 = try #require(json["demand"]?[1]?.doubleValue)
            #expect(abs(within3 - 2.0 / 7) < 1e-9, "only the two calls by the cars are within 3 minutes: \(within3)")
            #expect(json["thresholdsSeconds"] == .array([.number(60), .number(180), .number(300)]))
            let proposals = try #require(json["proposals"]?.arrayValue)
            #expect(proposals.count == 1, "one car goes, the other keeps the two calls near them: \(picture.text)")
            let move = try #require(proposals.first)
            #expect(move["postID"]?.stringValue == post.id.rawValue && move["postName"]?.stringValue == "西区岗")
            #expect(abs((move["gain"]?.doubleValue ?? 0) - 5.0 / 7) < 1e-9)
            #expect((move["driveSeconds"]?.intValue ?? 0) > 180, "the post is beyond 3 minutes of the cars")
            #expect(abs((json["demandWithin3After"]?.doubleValue ?? 0) - 1) < 1e-9)
            #expect((json["keyPlaceCount"]?.intValue ?? 0) > 0, "the map's schools, hospitals and stations are watched")
            let moving = try #require(move["unitID"]?.stringValue)

            // Bad input: an unknown post, a missing field, another station's officer.
            let unknown = try await client.call(.post, "/v1/patrol/moves", token: disp, json: ["unitID": .string(moving), "postID": "nope"])
            #expect(unknown.status == .notFound && unknown.code == "not_found", "\(unknown.text)")
            let missing = try await client.call(.post, "/v1/patrol/moves", token: disp, json: ["unitID": .string(moving)])
            #expect(missing.status == .badRequest && missing.isProblem, "\(missing.text)")
            let offB = try await client.login("offB")
            let foreign = try await client.call(.post, "/v1/patrol/moves", token: offB, json: ["unitID": .string(moving), "postID": .string(post.id.rawValue)])
            #expect(foreign.status == .notFound, "station B cannot order station A's car: \(foreign.text)")
            #expect(try await client.call(.get, "/v1/messages?unitID=\(moving)", token: disp).json["items"]?.arrayValue?.isEmpty == true,
                    "refused orders send nothing")

            let order = try await client.call(.post, "/v1/patrol/moves", token: disp, json: ["unitID": .string(moving), "postID": .string(post.id.rawValue)])
            #expect(order.status == .created, "\(order.text)")
            let message = try #require(order.json["items"]?[0])
            #expect(message["unitID"]?.stringValue == moving)
            #expect(message["text"]?.stringValue?.contains("西区岗") == true && message["text"]?.stringValue?.contains("min drive") == true)
            let audit = try await client.call(.get, "/v1/audit?type=message.sent", token: try await client.login("audit"))
            #expect(audit.text.contains("OrderMove"), "the order is audited under its command")

            // The car drives there: its fixes from the post (several agree, so the jump is
            // believed) bring every call within 3 minutes.
            world.time.advance(by: 600)
            let there = try await client.call(.post, "/v1/positions", token: disp, json: world.fixesJSON(unit: UnitID(moving), along: Array(repeating: far, count: 5)))
            #expect(there.status == .ok && there.json["accepted"]?.intValue == 5, "\(there.text)")
            let stayer = moving == a0.id.rawValue ? a1.id : a0.id
            _ = try await client.call(.post, "/v1/positions", token: disp, json: world.fixesJSON(unit: stayer, along: [TestMap.nearA]))
            let moved = try await client.call(.get, "/v1/patrol", token: disp)
            #expect(abs((moved.json["demand"]?[1]?.doubleValue ?? 0) - 1) < 1e-9, "\(moved.text)")
            #expect(moved.json["proposals"]?.arrayValue?.isEmpty == true)

            // The other car goes out of service: an order for it is refused, nothing is sent.
            let other = moving == a0.id.rawValue ? a1.id.rawValue : a0.id.rawValue
            let status = try await client.call(.post, "/v1/units/\(other)/status", token: disp, json: ["status": "outOfService"])
            #expect(status.status == .ok, "\(status.text)")
            let busy = try await client.call(.post, "/v1/patrol/moves", token: disp, json: ["unitID": .string(other), "postID": .string(post.id.rawValue)])
            #expect(busy.status == .conflict && busy.code == "unit_unavailable", "\(busy.text)")
            #expect(try await client.call(.get, "/v1/messages?unitID=\(other)", token: disp).json["items"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func zonesAreProposedForAStationBesideTheZonesInForce() async throws {
        let world = try await TestWorld.make()
        let app = AppServices(store: world.store, time: world.time)
        // Station A's ground is two zones in force, the west and east halves of a 2.4 km square
        // around East Nanjing Road.
        let c = TestMap.nearA, h = 0.011
        let west = [Coordinate(lat: c.lat - h, lon: c.lon - h), Coordinate(lat: c.lat - h, lon: c.lon), Coordinate(lat: c.lat + h, lon: c.lon),
                    Coordinate(lat: c.lat + h, lon: c.lon - h)]
        let east = [Coordinate(lat: c.lat - h, lon: c.lon), Coordinate(lat: c.lat - h, lon: c.lon + h), Coordinate(lat: c.lat + h, lon: c.lon + h),
                    Coordinate(lat: c.lat + h, lon: c.lon)]
        var made: [String] = []
        for (name, boundary) in [("西巡区", west), ("东巡区", east)] {
            made.append(try await app.organisation.createZone(stationID: world.fixtures.stationA.id, name: name, boundary: boundary, unitIDs: [],
                                                              by: world.fixtures.admin).get().id.rawValue)
        }
        let inForce = made
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp"), boss = try await client.login("boss")
            for k in 0..<16 {   // a busy quarter: a 4 × 4 grid of calls 200 m apart in the square's north-east
                let r = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("噪音 \(k)", lat: c.lat + 0.003 + Double(k / 4) * 0.002,
                                                                                               lon: c.lon + 0.002 + Double(k % 4) * 0.002))
                #expect(r.status == .created, "\(r.text)")
            }
            let station = world.fixtures.stationA.id.rawValue
            let reply = try await client.call(.get, "/v1/patrol/zone-design?station=\(station)&zones=2", token: boss)
            #expect(reply.status == .ok, "\(reply.text)")
            let json = reply.json
            #expect(json["calls"]?.intValue == 16)
            let proposed = try #require(json["proposal"]?["zones"]?.arrayValue)
            #expect(proposed.count == 2)
            let shares = proposed.compactMap { $0["share"]?.doubleValue }
            #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
            #expect(proposed.allSatisfy { ($0["outline"]?.arrayValue?.count ?? 0) >= 3 && ($0["nodes"]?.intValue ?? 0) > 0 && ($0["meanDriveSeconds"]?.doubleValue ?? 0) > 0 })
            let current = try #require(json["current"]?["zones"]?.arrayValue)
            #expect(Set(current.compactMap { $0["zoneID"]?.stringValue }) == Set(inForce))
            // The calls all came from the east half: the halves in force carry most of the work in
            // one zone; the design shares it out.
            let east = try #require(current.first { $0["zoneID"]?.stringValue == inForce[1] }?["share"]?.doubleValue)
            #expect(east > 0.8, "the east half holds the busy corner: \(east)")
            let proposedSpread = try #require(json["proposal"]?["imbalance"]?.doubleValue), currentSpread = try #require(json["current"]?["imbalance"]?.doubleValue)
            #expect(proposedSpread < currentSpread && currentSpread > 1.6, "\(proposedSpread) vs \(currentSpread)")

            // Bad input: no station, a count the ground cannot hold, a district, a station with no ground.
            for (query, field, status) in [("zones=3", "station", HTTPResponse.Status.badRequest), ("station=\(station)", "zones", .badRequest),
                                           ("station=\(station)&zones=0", "zones", .badRequest), ("station=\(station)&zones=25", "zones", .badRequest),
                                           ("station=\(world.fixtures.district.id)&zones=2", "station", .unprocessableContent),
                                           ("station=\(world.fixtures.stationB.id)&zones=2", "station", .unprocessableContent)] {
                let r = try await client.call(.get, "/v1/patrol/zone-design?\(query)", token: boss)
                #expect(r.status == status && r.json["field"]?.stringValue == field, "\(query): \(r.text)")
            }
            #expect(try await client.call(.get, "/v1/patrol/zone-design?station=\(station)&zones=3", token: disp).status == .forbidden)

            // Adopt the design: the halves are retired and the two new zones are in force, in one command.
            let specs: [JSONValue] = proposed.enumerated().map { i, z in .object(["name": .string("新巡区 \(i + 1)"), "boundary": z["outline"] ?? .array([])]) }
            let adopt = try await client.call(.post, "/v1/patrol/zone-design/adopt", token: boss, json: .object(["stationID": .string(station), "zones": .array(specs)]))
            #expect(adopt.status == .created, "\(adopt.text)")
            let created = try #require(adopt.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue })
            #expect(created.count == 2)
            let after = try await client.call(.get, "/v1/patrol/zone-design?station=\(station)&zones=2", token: boss)
            #expect(Set(after.json["current"]?["zones"]?.arrayValue?.compactMap { $0["zoneID"]?.stringValue } ?? []) == Set(created))
            let spreadNow = try #require(after.json["current"]?["imbalance"]?.doubleValue)
            #expect(abs(spreadNow - proposedSpread) < 0.05, "the zones in force now spread the work as designed: \(spreadNow) vs \(proposedSpread)")
            let audit = try await client.call(.get, "/v1/audit?type=zone.updated", token: try await client.login("audit"))
            #expect(audit.text.contains("AdoptZoneDesign"))
            // Bad input: no zones, a district, a self-crossing outline; nothing changes.
            let sequence = try await world.store.lastSequence()
            for body: JSONValue in [.object(["stationID": .string(station), "zones": .array([])]),
                                    .object(["stationID": .string(world.fixtures.district.id.rawValue), "zones": .array([specs[0]])]),
                                    .object(["stationID": .string(station), "zones": .array([.object(["name": "X", "boundary": .array([
                                        .object(["lat": 31.23, "lon": 121.47]), .object(["lat": 31.24, "lon": 121.48]),
                                        .object(["lat": 31.23, "lon": 121.48]), .object(["lat": 31.24, "lon": 121.47])])])])])] {
                let r = try await client.call(.post, "/v1/patrol/zone-design/adopt", token: boss, json: body)
                #expect(r.isProblem && (r.status == .badRequest || r.status == .unprocessableContent), "\(r.text)")
            }
            #expect(try await world.store.lastSequence() == sequence)
        }
    }

    @Test func expectedCallsCanComeFromTodaysForecast() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            var disp = try await client.login("disp")
            for k in 0..<6 {
                _ = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("争吵 \(k)", lat: TestMap.nearA.lat, lon: TestMap.nearA.lon))
            }
            // Today's calls are not in today's forecast (it learns from the days before): none yet.
            let same = try await client.call(.get, "/v1/patrol?demand=forecast", token: disp)
            #expect(same.status == .ok && same.json["demandPoints"]?.intValue == 0, "\(same.text)")
            world.time.advance(by: 86_400)
            disp = try await client.login("disp")
            let next = try await client.call(.get, "/v1/patrol?demand=forecast", token: disp)
            #expect(next.status == .ok && (next.json["demandPoints"]?.intValue ?? 0) >= 1, "\(next.text)")
            let bad = try await client.call(.get, "/v1/patrol?demand=magic", token: disp)
            #expect(bad.status == .badRequest && bad.json["field"]?.stringValue == "demand", "\(bad.text)")
        }
    }

    /// A zone's plan over HTTP: refused when it cannot be kept, stored and versioned when it can;
    /// the day's compliance from the unit's stored track, in the API and in the duty log.
    @Test func aZonesPlanIsKeptAndMeasuredFromTheTrack() async throws {
        let world = try await TestWorld.make()
        let app = AppServices(store: world.store, time: world.time)
        let c = TestMap.nearA, h = 0.011
        let square = [Coordinate(lat: c.lat - h, lon: c.lon - h), Coordinate(lat: c.lat - h, lon: c.lon + h), Coordinate(lat: c.lat + h, lon: c.lon + h),
                      Coordinate(lat: c.lat + h, lon: c.lon - h)]
        let station = world.fixtures.stationA
        let zone = try await app.organisation.createZone(stationID: station.id, name: "一巡区", boundary: square, unitIDs: [], by: world.fixtures.admin).get()
        let unit = world.fixtures.unitsA[0]
        // Away from midnight (CST), so the shifts below fall within one day: an hour or two on, at
        // most, where the wall clock is near it (the clock only moves forward: sessions hold).
        let wall = Int(world.time.now().timeIntervalSince(ReportDay(containing: world.time.now()).start) / 60)
        if wall < 60 || wall >= 1380 { world.time.advance(by: TimeInterval((61 - wall + 1440) % 1440 * 60)) }
        let now = world.time.now(), day = ReportDay(containing: now)
        let minute = Int(now.timeIntervalSince(day.start) / 60)
        try #require(minute >= 60 && minute < 1380, "the test clock stands away from midnight")
        @Sendable func shift(_ name: String, start: Int, point: Coordinate = TestMap.nearA) -> JSONValue {
            ["name": .string(name), "startMinute": .number(Double(start)), "lengthMinutes": 120, "requiredMinutes": 30,
             "unitIDs": [.string(unit.id.rawValue)], "points": [["name": "学校门口", "location": ["lat": .number(point.lat), "lon": .number(point.lon)],
                                                               "radiusMetres": 100]]]
        }
        try await TestWorld.serve(world) { client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let before = try await world.store.lastSequence()
            // Bad input: a point outside the zone, one car in two shifts at once.
            let outside = try await client.call(.patch, "/v1/zones/\(zone.id)", token: boss, json: [
                "version": 1, "shifts": [shift("早班", start: minute - 60, point: Coordinate(lat: c.lat + 0.05, lon: c.lon))]])
            #expect(outside.status == .unprocessableContent && outside.field == "shifts.0.points.0.location", "\(outside.text)")
            let twice = try await client.call(.patch, "/v1/zones/\(zone.id)", token: boss, json: [
                "version": 1, "shifts": [shift("早班", start: minute - 60), shift("加班", start: minute)]])
            #expect(twice.status == .unprocessableContent && twice.field == "shifts.1", "\(twice.text)")
            #expect(try await world.store.lastSequence() == before, "refused plans store nothing")

            let set = try await client.call(.patch, "/v1/zones/\(zone.id)", token: boss, json: ["version": 1, "shifts": [shift("早班", start: minute - 60)]])
            #expect(set.status == .ok && set.json["version"]?.intValue == 2 && set.json["shifts"]?[0]?["points"]?[0]?["dwellMinutes"]?.intValue == 0, "\(set.text)")

            // The car was by the school for the last 40 minutes, a fix every 30 s.
            let fixes = stride(from: 2400.0, through: 0, by: -30).map {
                TrackRecord(unitID: unit.id, path: unit.path, at: now.addingTimeInterval(-$0), lat: c.lat, lon: c.lon)
            }
            try await world.store.appendTrackPoints(fixes)
            let reply = try await client.call(.get, "/v1/patrol/compliance", token: disp)
            #expect(reply.status == .ok, "\(reply.text)")
            let row = try #require(reply.json["rows"]?[0])
            #expect(reply.json["rows"]?.arrayValue?.count == 1 && reply.json["date"]?.stringValue == day.description)
            #expect(row["callsign"]?.stringValue == unit.callsign && row["inProgress"] == .bool(true) && row["kept"] == .bool(false))
            #expect(abs((row["presenceMinutes"]?.doubleValue ?? 0) - 40) < 1e-6, "\(row)")
            #expect(row["presenceMet"] == .bool(true) && row["points"]?[0]?["visited"] == .bool(true))
            #expect(abs((row["gapMinutes"]?.doubleValue ?? 0) - 20) < 1, "the shift's first 20 minutes (and the seconds of the minute it began) went unheard")
            #expect(reply.json["stations"]?[0]?["plans"]?.intValue == 1 && reply.json["stations"]?[0]?["stationName"]?.stringValue == station.name)
            // Narrowed to another unit, or read by another station: nothing.
            let other = try await client.call(.get, "/v1/patrol/compliance?unit=\(world.fixtures.unitsA[1].id)", token: disp)
            #expect(other.json["rows"]?.arrayValue?.isEmpty == true)
            let offB = try await client.call(.get, "/v1/patrol/compliance", token: try await client.login("offB"))
            #expect(offB.status == .ok && offB.json["rows"]?.arrayValue?.isEmpty == true)
            let tomorrow = try await client.call(.get, "/v1/patrol/compliance?date=\(day.advanced(by: 1))", token: disp)
            #expect(tomorrow.json["rows"]?.arrayValue?.isEmpty == true, "tomorrow's shifts have not begun")
            for (query, status) in [("date=2026-02-30", HTTPResponse.Status.unprocessableContent), ("date=yesterday", .badRequest)] {
                let r = try await client.call(.get, "/v1/patrol/compliance?\(query)", token: disp)
                #expect(r.status == status && r.field == "date", "\(query): \(r.text)")
            }
            // The duty log carries the same table.
            let log = try await ReportBuilder(store: world.store, printer: nil).dutyLog(station, date: day, asOf: now)
            #expect(log.patrol?.rows.count == 1 && log.patrol?.rows.first?.presenceMinutes == row["presenceMinutes"]?.doubleValue)
            #expect(log.html(language: .zh).contains("巡逻考核") && log.html(language: .en).contains("Patrol compliance"))
        }
    }

    /// A station's own key places: imported from the map's schools, hospitals, hubs and squares
    /// on its ground (once: a second import skips them), then the ones the patrol picture watches.
    @Test func keyPlacesAreImportedOnceAndWatchedInsteadOfTheMaps() async throws {
        let world = try await TestWorld.make()
        let app = AppServices(store: world.store, time: world.time)
        let c = Coordinate(lat: 31.2214, lon: 121.4270), h = 0.01   // around Jiangsu Road metro station, the extract's one key place
        let square = [Coordinate(lat: c.lat - h, lon: c.lon - h), Coordinate(lat: c.lat - h, lon: c.lon + h), Coordinate(lat: c.lat + h, lon: c.lon + h),
                      Coordinate(lat: c.lat + h, lon: c.lon - h)]
        let station = world.fixtures.stationA
        _ = try await app.organisation.createZone(stationID: station.id, name: "江苏路巡区", boundary: square, unitIDs: [], by: world.fixtures.admin).get()
        let outline = Polygon(square)
        let onGround = TestMap.shanghai.places.features.keyPlaces().filter { outline.contains($0.location) }
        try #require(!onGround.isEmpty, "the map has a key place on the ground")
        try await TestWorld.serve(world) { client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let before = try await client.call(.get, "/v1/patrol", token: disp)
            #expect((before.json["keyPlaceCount"]?.intValue ?? 0) >= onGround.count, "without a registry the whole map's key places are watched")
            let first = try await client.call(.post, "/v1/key-places/import", token: boss, json: ["stationID": .string(station.id.rawValue)])
            #expect(first.status == .created, "\(first.text)")
            let made = try #require(first.json["items"]?.arrayValue)
            #expect(!made.isEmpty && made.count <= onGround.count && made.count + (first.json["skipped"]?.intValue ?? -1) == onGround.count)
            #expect(made.allSatisfy { $0["kind"]?.stringValue == "keyPlace" && $0["category"]?.stringValue != nil && $0["stationID"]?.stringValue == station.id.rawValue })
            let again = try await client.call(.post, "/v1/key-places/import", token: boss, json: ["stationID": .string(station.id.rawValue)])
            #expect(again.status == .created && again.json["items"]?.arrayValue?.isEmpty == true && again.json["skipped"]?.intValue == onGround.count, "\(again.text)")
            let after = try await client.call(.get, "/v1/patrol", token: disp)
            #expect(after.json["keyPlaceCount"]?.intValue == made.count, "the registry is watched now: \(after.json["keyPlaceCount"] ?? .null)")
            // A key place added by hand counts too; its category must be a key place's.
            let added = try await client.call(.post, "/v1/posts", token: boss, json: ["stationID": .string(station.id.rawValue), "kind": "keyPlace",
                                                                                   "name": "外滩观景平台", "category": "square",
                                                                                   "location": ["lat": 31.2400, "lon": 121.4905]])
            #expect(added.status == .created, "\(added.text)")
            #expect(try await client.call(.get, "/v1/patrol", token: disp).json["keyPlaceCount"]?.intValue == made.count + 1,
                    "the station's own list, not the map's")
            let wrong = try await client.call(.post, "/v1/posts", token: boss, json: ["stationID": .string(station.id.rawValue), "kind": "camera",
                                                                                   "name": "探头", "category": "school", "location": ["lat": 31.24, "lon": 121.49]])
            #expect(wrong.status == .unprocessableContent && wrong.field == "category", "\(wrong.text)")
            // Bad input: a district, a station with no ground, an unknown one, a dispatcher.
            for (body, status) in [(world.fixtures.district.id.rawValue, HTTPResponse.Status.unprocessableContent),
                                   (world.fixtures.stationB.id.rawValue, .unprocessableContent), ("nope", .notFound)] {
                let r = try await client.call(.post, "/v1/key-places/import", token: boss, json: ["stationID": .string(body)])
                #expect(r.status == status && r.isProblem, "\(body): \(r.text)")
            }
            #expect(try await client.call(.post, "/v1/key-places/import", token: disp, json: ["stationID": .string(station.id.rawValue)]).status == .forbidden)
        }
    }

    @Test func aServerWithoutAMapSaysSo() async throws {
        try await TestWorld.run { _, client in
            let disp = try await client.login("disp")
            let r = try await client.call(.get, "/v1/patrol", token: disp)
            #expect(r.status == .serviceUnavailable && r.code == "no_road_network", "\(r.text)")
            #expect(try await client.call(.get, "/v1/patrol").status == .unauthorized)
        }
    }
}
