import Foundation
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

@Suite("Incident lifecycle over HTTP")
struct IncidentLifecycleTests {
    @Test func fullClosedLoop() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let created = try await client.call(.post, "/v1/incidents", token: token, json: callJSON())
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["status"]?.stringValue == "received")
            #expect(created.json["caller"]?["phone"]?.stringValue == "13812345678")
            #expect(created.json["number"]?.stringValue?.hasPrefix("HP01-") == true)
            #expect(created.json["deadlines"]?.arrayCount == 3)
            #expect(created.json["overdue"] == .bool(false))

            let unit = world.fixtures.unitsA[0].id.rawValue
            let assigned = try await client.call(.post, "/v1/incidents/\(id)/assign", token: token, json: ["unitIDs": [.string(unit)]])
            #expect(assigned.status == .ok, "\(assigned.text)")
            #expect(assigned.json["status"]?.stringValue == "dispatched")
            for status in ["enRoute", "onScene", "resolved"] {
                world.time.advance(by: 30)
                let moved = try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, json: ["status": .string(status)])
                #expect(moved.status == .ok, "\(status): \(moved.text)")
                #expect(moved.json["status"]?.stringValue == status)
            }
            let unitNow = try await client.call(.get, "/v1/units/\(unit)", token: token)
            #expect(unitNow.json["status"]?.stringValue == "available")
            let closed = try await client.call(.post, "/v1/incidents/\(id)/feedback", token: token,
                                               json: ["outcome": "mediated", "summary": "双方和解\n已离开"])
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(closed.json["status"]?.stringValue == "closed")
            #expect(closed.json["feedback"]?["outcome"]?.stringValue == "mediated")

            let shown = try await client.call(.get, "/v1/incidents/\(id)", token: token)
            #expect(shown.json["status"]?.stringValue == "closed")
            #expect(try await world.store.verifyChain().isIntact)
        }
    }

    @Test func unassigningTheLastUnitReturnsTheIncidentToTheQueue() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let id = try #require(try await client.call(.post, "/v1/incidents", token: token, json: callJSON()).json["id"]?.stringValue)
            let units = world.fixtures.unitsA.prefix(2).map { JSONValue.string($0.id.rawValue) }
            let assigned = try await client.call(.post, "/v1/incidents/\(id)/assign", token: token, json: ["unitIDs": .array(units)])
            #expect(assigned.json["unitIDs"]?.arrayCount == 2)
            let one = try await client.call(.post, "/v1/incidents/\(id)/unassign", token: token, json: ["unitID": units[0]])
            #expect(one.status == .ok, "\(one.text)")
            #expect(one.json["status"]?.stringValue == "dispatched")
            let two = try await client.call(.post, "/v1/incidents/\(id)/unassign", token: token, json: ["unitID": units[1]])
            #expect(two.json["status"]?.stringValue == "received")
            #expect(two.json["unitIDs"]?.arrayCount == 0)
            let unit = try await client.call(.get, "/v1/units/\(world.fixtures.unitsA[0].id.rawValue)", token: token)
            #expect(unit.json["status"]?.stringValue == "available")
        }
    }

    @Test func deadlinesBecomeOverdueWithTime() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let created = try await client.call(.post, "/v1/incidents", token: token, json: callJSON())
            let id = try #require(created.json["id"]?.stringValue)
            world.time.advance(by: 3 * 60 + 1)  // P2 dispatch limit is 3 minutes
            let shown = try await client.call(.get, "/v1/incidents/\(id)", token: token)
            #expect(shown.json["overdue"] == .bool(true))
            let list = try await client.call(.get, "/v1/incidents", token: token)
            #expect(list.json["items"]?[0]?["overdue"] == .bool(true))
        }
    }

    @Test func listFiltersAndMasksCallers() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            for i in 0..<3 {
                _ = try await client.call(.post, "/v1/incidents", token: token,
                                          json: callJSON("case \(i)", category: i == 0 ? "criminal" : "dispute"))
                world.time.advance(by: 60)
            }
            let all = try await client.call(.get, "/v1/incidents", token: token)
            #expect(all.json["total"] == .number(3))
            #expect(all.json["items"]?[0]?["caller"]?["phone"]?.stringValue == "138****5678")
            let criminal = try await client.call(.get, "/v1/incidents?category=criminal,fire&priority=2&status=received", token: token)
            #expect(criminal.json["total"] == .number(1))
            let text = try await client.call(.get, "/v1/incidents?q=case%201", token: token)
            #expect(text.json["total"] == .number(1))
            let box = try await client.call(.get, "/v1/incidents?bbox=31.0,121.0,31.5,122.0&limit=2&offset=0", token: token)
            #expect(box.json["items"]?.arrayCount == 2)
            #expect(box.json["total"] == .number(3))
            let none = try await client.call(.get, "/v1/incidents?from=2030-01-01T00:00:00Z", token: token)
            #expect(none.json["total"] == .number(0))
            for bad in ["status=open", "priority=9", "limit=1001", "limit=-1", "bbox=1,2,3", "bbox=181,0,92,1", "from=yesterday", "category=no%20such", "offset=x"] {
                let r = try await client.call(.get, "/v1/incidents?\(bad)", token: token)
                #expect(r.status == .badRequest, "\(bad)")
                #expect(r.code == "invalid_field", "\(bad)")
            }
        }
    }

    @Test func singleReadsMaskCallerForRolesWithoutTheRight() async throws {
        try await TestWorld.run { _, client in
            let disp = try await client.login("disp")
            let created = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON())
            let id = try #require(created.json["id"]?.stringValue)
            let auditor = try await client.login("audit")
            let masked = try await client.call(.get, "/v1/incidents/\(id)", token: auditor)
            #expect(masked.status == .ok)
            #expect(masked.json["caller"]?["name"]?.stringValue == "张*")
            #expect(masked.json["caller"]?["phone"]?.stringValue == "138****5678")
            let full = try await client.call(.get, "/v1/incidents/\(id)", token: disp)
            #expect(full.json["caller"]?["name"]?.stringValue == "张三")
        }
    }

    @Test func organisationRoutesWork() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let stations = try await client.call(.get, "/v1/stations", token: boss)
            #expect(stations.json.arrayCount == 2)
            let j = try await client.call(.post, "/v1/jurisdictions", token: boss,
                                          json: ["parentID": .string(world.fixtures.stationB.id.rawValue), "level": "community", "code": "HP02C1", "name": "外滩社区"])
            #expect(j.status == .created, "\(j.text)")
            let jid = try #require(j.json["id"]?.stringValue)
            #expect(try await client.call(.get, "/v1/jurisdictions/\(jid)", token: boss).status == .ok)
            let post = try await client.call(.post, "/v1/posts", token: boss,
                                             json: ["stationID": .string(world.fixtures.stationA.id.rawValue), "kind": "safetyPost", "name": "平安驿站1",
                                                    "location": ["lat": 31.235, "lon": 121.48]])
            #expect(post.status == .created, "\(post.text)")
            #expect(try await client.call(.get, "/v1/posts", token: boss).json.arrayCount == 1)
            let zone = try await client.call(.post, "/v1/zones", token: boss, json: [
                "stationID": .string(world.fixtures.stationA.id.rawValue), "name": "巡区1",
                "boundary": [["lat": 31.23, "lon": 121.47], ["lat": 31.24, "lon": 121.47], ["lat": 31.24, "lon": 121.49]],
                "unitIDs": [.string(world.fixtures.unitsA[0].id.rawValue)],
            ])
            #expect(zone.status == .created, "\(zone.text)")
            let zid = try #require(zone.json["id"]?.stringValue)
            #expect(try await client.call(.get, "/v1/zones/\(zid)", token: boss).status == .ok)
            #expect(try await client.call(.get, "/v1/zones", token: boss).json.arrayCount == 1)
            let unit = try await client.call(.post, "/v1/units", token: boss, json: [
                "callsign": "HP01-9", "kind": "drone", "stationID": .string(world.fixtures.stationA.id.rawValue), "crew": 1,
            ])
            #expect(unit.status == .created, "\(unit.text)")
            let uid = try #require(unit.json["id"]?.stringValue)
            let off = try await client.call(.post, "/v1/units/\(uid)/status", token: boss, json: ["status": "offDuty"])
            #expect(off.json["status"]?.stringValue == "offDuty")
            #expect(try await client.call(.get, "/v1/units", token: boss).json.arrayCount == 7)
            let user = try await client.call(.post, "/v1/users", token: boss, json: [
                "username": "newbie", "displayName": "New", "role": "fieldOfficer",
                "jurisdictionID": .string(world.fixtures.stationA.id.rawValue), "password": "a long enough password",
            ])
            #expect(user.status == .created, "\(user.text)")
            #expect(user.json["passwordHash"] == nil)
            _ = try await client.login("newbie", password: "a long enough password")
            let short = try await client.call(.post, "/v1/users", token: boss, json: [
                "username": "newbie2", "displayName": "New", "role": "fieldOfficer",
                "jurisdictionID": .string(world.fixtures.stationA.id.rawValue), "password": "short",
            ])
            #expect(short.status == .unprocessableContent)
            #expect(short.field == "password")
            let users = try await client.call(.get, "/v1/users", token: boss)
            #expect(users.json.arrayCount ?? 0 >= 10)
            let categories = try await client.call(.get, "/v1/categories", token: boss)
            #expect(categories.json.arrayCount == 11)
        }
    }

    @Test func healthMetricsAndUnknownRoutes() async throws {
        try await TestWorld.run { _, client in
            let health = try await client.call(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.json["status"]?.stringValue == "ok")
            let missing = try await client.call(.get, "/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.isProblem)
            let token = try await client.login("disp")
            _ = try await client.call(.post, "/v1/incidents", token: token, json: ["bogus": 1])
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("pingan_http_requests_total{method=\"POST\",route=\"/v1/auth/login\",status=\"200\"} 1"))
            #expect(metrics.text.contains("pingan_problems_total{code=\"unknown_field\"} 1"))
            #expect(metrics.text.contains("pingan_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("pingan_events_appended_total 1"))
            #expect(metrics.text.contains("pingan_live_subscribers 0"))
        }
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let a) = self { return a.count }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
}

extension Reply {
    var field: String? { json["field"]?.stringValue }
}

@Suite("Static files and units")
struct StaticAndUnitTests {
    @Test func servesTheConsoleFromTheConfiguredFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-public-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<!doctype html><title>平安</title>".utf8).write(to: folder.appendingPathComponent("index.html"))
        var configuration = TestWorld.configuration
        configuration.publicDirectory = folder.path
        try await TestWorld.run(configuration: configuration) { _, client in
            let page = try await client.call(.get, "/")
            #expect(page.status == .ok)
            #expect(page.text.contains("平安"))
            let api = try await client.call(.get, "/v1/incidents/nope", token: try await client.login("disp"))
            #expect(api.status == .notFound)
            #expect(api.code == "not_found")
            let missing = try await client.call(.get, "/nothing.js")
            #expect(missing.status == .notFound)
            #expect(missing.isProblem)
        }
    }

    @Test func fieldOfficerChangesOnlyTheirOwnUnit() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let own = world.fixtures.unitsA[2].id.rawValue
            let created = try await client.call(.post, "/v1/users", token: boss, json: [
                "username": "walker", "displayName": "Walker", "role": "fieldOfficer",
                "jurisdictionID": .string(world.fixtures.stationA.id.rawValue), "unitID": .string(own), "password": .string(TestWorld.password),
            ])
            #expect(created.status == .created, "\(created.text)")
            let token = try await client.login("walker")
            let mine = try await client.call(.post, "/v1/units/\(own)/status", token: token, json: ["status": "outOfService"])
            #expect(mine.status == .ok, "\(mine.text)")
            let before = try await world.store.lastSequence()
            let theirs = try await client.call(.post, "/v1/units/\(world.fixtures.unitsA[0].id.rawValue)/status", token: token, json: ["status": "offDuty"])
            #expect(theirs.status == .forbidden)
            let busy = try await client.call(.post, "/v1/units/\(own)/status", token: token, json: ["status": "onScene"])
            #expect(busy.status == .conflict)
            #expect(busy.code == "illegal_transition")
            #expect(try await world.store.lastSequence() == before)
        }
    }
}

@Suite("Bundled console")
struct BundledConsoleTests {
    @Test func bundledConsoleIsFoundBesideTheBuild() async throws {
        let folder = try #require(ServerConfiguration.bundledConsole)
        #expect(FileManager.default.fileExists(atPath: folder + "/index.html"))
        try await TestWorld.run(configuration: ServerConfiguration(port: 0, bcryptCost: 4)) { _, client in
            let page = try await client.call(.get, "/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }
}
