import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HummingbirdWSClient
import Logging
import Testing

/// Two `pingan serve` processes on one PostgreSQL database behave as one deployment.
@Suite("Two instances on one PostgreSQL", .serialized, .enabled(if: PostgresScratch.available, "set PINGAN_TEST_POSTGRES_URL (scripts/start-test-postgres.sh prints one)"))
struct TwoInstanceTests {
    /// Units created and made busy through A are known to B's position tracker without a restart:
    /// B accepts the new unit's fixes, ranks it, and stops proposing it once A dispatched it.
    @Test func trackersFollowUnitChangesMadeOnTheOtherInstance() async throws {
        let pair = try await MappedPair.start()
        defer { pair.stop() }
        let (a, b, token, station) = (pair.a, pair.b, pair.token, pair.station)
        func post(_ server: ServerProcess, _ path: String, _ json: [String: any Sendable]) async throws -> [String: Any] {
            try await pair.post(server, path, json)
        }
        let unit = try #require(try await post(a, "v1/units", ["callsign": "A-1", "kind": "patrolCar", "stationID": station, "crew": 2])["id"] as? String)
        // B learns of the unit from the event log within its poll interval (a loaded machine is
        // given a minute: how soon is not what this test is about).
        var accepted = 0
        let deadline = Date() + 60
        while accepted == 0 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(300))
            let fix: [String: any Sendable] = ["unitID": unit, "time": ISO8601DateFormatter().string(from: Date()), "lat": 31.2352, "lon": 121.4801]
            accepted = try await post(b, "v1/positions", ["fixes": [fix]])["accepted"] as? Int ?? 0
        }
        #expect(accepted == 1, "B never accepted a fix for the unit created on A")
        let incident = try #require(try await post(a, "v1/incidents", ["category": "dispute", "priority": 2, "location": ["lat": 31.2352, "lon": 121.4801],
                                                                       "address": "南京东路300号", "description": "x", "jurisdictionID": station])["id"] as? String)
        let (_, before) = try await HTTP.call("GET", b.base.appendingPathComponent("v1/incidents/\(incident)/recommendations"), token: token)
        let ranked = ((before as? [String: Any])?["recommended"] as? [[String: Any]] ?? []).compactMap { $0["unit"] as? String }
        #expect(ranked == [unit])
        _ = try await post(a, "v1/incidents/\(incident)/dispatch", ["unitIDs": [unit]])
        let second = try #require(try await post(a, "v1/incidents", ["category": "dispute", "priority": 2, "location": ["lat": 31.2352, "lon": 121.4801],
                                                                     "address": "南京东路300号", "description": "y", "jurisdictionID": station])["id"] as? String)
        var still = true
        let until = Date() + 60
        while still && Date() < until {
            try await Task.sleep(for: .milliseconds(300))
            let (_, r) = try await HTTP.call("GET", b.base.appendingPathComponent("v1/incidents/\(second)/recommendations"), token: token)
            let body = r as? [String: Any]
            still = ((body?["recommended"] as? [[String: Any]] ?? []) + (body?["alternatives"] as? [[String: Any]] ?? [])).contains { $0["unit"] as? String == unit }
        }
        #expect(!still, "B kept proposing a unit A had dispatched")
    }

    @Test func writesReadsIdempotencyAndLiveAcrossInstances() async throws {
        let db = try PostgresScratch()
        defer { db.drop() }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = "two-instance-password"
        let a = try ServerProcess(dataDir: dir, adminPassword: password, database: db.url)
        try await a.waitUntilReady()
        let b = try ServerProcess(dataDir: dir, adminPassword: password, database: db.url)
        try await b.waitUntilReady()
        defer { a.terminate(); b.terminate() }
        let tokenA = try await HTTP.login(a.base, password: password)
        let tokenB = try await HTTP.login(b.base, password: password)

        // A token issued by one instance works on the other: sessions live in the database.
        let (meStatus, _) = try await HTTP.call("GET", b.base.appendingPathComponent("v1/me"), token: tokenA)
        #expect(meStatus == 200)

        let (_, city) = try await HTTP.call("POST", a.base.appendingPathComponent("v1/jurisdictions"), token: tokenA,
                                            json: ["level": "city", "code": "SH", "name": "上海市公安局"])
        let cityID = try #require((city as? [String: Any])?["id"] as? String)
        let after = try await lastSeq(b, token: tokenB)

        // A live client on B ...
        let received = LiveLog()
        var components = URLComponents(url: b.base, resolvingAgainstBaseURL: false)!
        components.scheme = "ws"
        components.path = "/v1/live"
        components.queryItems = [URLQueryItem(name: "token", value: tokenB), URLQueryItem(name: "after", value: String(after))]
        let wsURL = components.url!.absoluteString
        let live = Task {
            try await WebSocketClient.connect(url: wsURL, logger: Logger(label: "test")) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { await received.add(text) }
                    if await received.count >= 1 { return }
                }
            }
        }

        // ... hears about an incident created through A.
        let body: [String: any Sendable] = [
            "category": "traffic", "priority": 1, "location": ["lat": 31.23, "lon": 121.47], "address": "人民广场",
            "description": "two instances", "jurisdictionID": cityID,
        ]
        let (s1, first) = try await HTTP.call("POST", a.base.appendingPathComponent("v1/incidents"), token: tokenA, json: body,
                                              headers: ["Idempotency-Key": "cross-instance-1"])
        #expect(s1 == 201)
        let id = try #require((first as? [String: Any])?["id"] as? String)

        // The same idempotency key on B replays A's answer and creates nothing new.
        let (s2, second) = try await HTTP.call("POST", b.base.appendingPathComponent("v1/incidents"), token: tokenA, json: body,
                                               headers: ["Idempotency-Key": "cross-instance-1"])
        #expect(s2 == 201, "\(String(describing: second))")
        #expect((second as? [String: Any])?["id"] as? String == id)
        let (_, list) = try await HTTP.call("GET", b.base.appendingPathComponent("v1/incidents"), token: tokenB)
        #expect((list as? [String: Any])?["total"] as? Int == 1)

        let deadline = Date() + 60
        while await received.count == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        live.cancel()
        let frames = await received.frames
        #expect(frames.contains { $0.contains(id) && $0.contains("incident.created") }, "B's live feed did not deliver A's incident: \(frames)")
    }

    /// Positions are shared through PostgreSQL (LISTEN/NOTIFY): fixes posted to A move B's
    /// recommendations (within seconds; the delay is printed), and B's live clients see the units move.
    @Test func fixesPostedToOneInstanceMoveRecommendationsAndTheMapOnTheOther() async throws {
        let pair = try await MappedPair.start()
        defer { pair.stop() }
        let (a, b, token, station) = (pair.a, pair.b, pair.token, pair.station)
        func post(_ server: ServerProcess, _ path: String, _ json: [String: any Sendable]) async throws -> [String: Any] {
            try await pair.post(server, path, json)
        }
        let u1 = try #require(try await post(a, "v1/units", ["callsign": "A-1", "kind": "patrolCar", "stationID": station, "crew": 2])["id"] as? String)
        let u2 = try #require(try await post(a, "v1/units", ["callsign": "A-2", "kind": "patrolCar", "stationID": station, "crew": 2])["id"] as? String)
        let incident = try #require(try await post(a, "v1/incidents", ["category": "dispute", "priority": 2, "location": ["lat": 31.2352, "lon": 121.4801],
                                                                       "address": "南京东路300号", "description": "x", "jurisdictionID": station])["id"] as? String)
        let near: [String: any Sendable] = ["lat": 31.2350, "lon": 121.4805]
        let far: [String: any Sendable] = ["lat": 31.2400, "lon": 121.4700]
        func fixes(_ at: Date, _ places: [(String, [String: any Sendable])]) -> [String: any Sendable] {
            let time = ISO8601DateFormatter().string(from: at)
            return ["fixes": places.map { unit, place -> [String: any Sendable] in ["unitID": unit, "time": time, "lat": place["lat"]!, "lon": place["lon"]!] }]
        }
        func first(on server: ServerProcess) async throws -> String? {
            let (_, body) = try await HTTP.call("GET", server.base.appendingPathComponent("v1/incidents/\(incident)/recommendations"), token: token)
            return ((body as? [String: Any])?["recommended"] as? [[String: Any]])?.first?["unit"] as? String
        }

        // A live client on B.
        let received = LiveLog()
        var components = URLComponents(url: b.base, resolvingAgainstBaseURL: false)!
        components.scheme = "ws"
        components.path = "/v1/live"
        components.queryItems = [URLQueryItem(name: "token", value: token)]
        let wsURL = components.url!.absoluteString
        let live = Task {
            try await WebSocketClient.connect(url: wsURL, logger: Logger(label: "test")) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { await received.add(text) }
                }
            }
        }
        defer { live.cancel() }

        // B follows the units A created through the event log; once it does, A's fixes rank them on B.
        let start = Date()
        var ranked: String?
        while ranked != u1 && Date() < start + 60 {
            _ = try await post(a, "v1/positions", fixes(Date() - 180, [(u1, near), (u2, far)]))
            try await Task.sleep(for: .milliseconds(200))
            ranked = try await first(on: b)
        }
        #expect(ranked == u1, "B never ranked the unit A's fix put next to the incident")
        #expect(try await first(on: a) == u1)

        // Now the two swap places through A; B's first choice follows (the delay is printed: about a
        // second is the goal, but a loaded CI machine has taken 2.8 s, so only following within 5 s is asserted).
        _ = try await post(a, "v1/positions", fixes(Date(), [(u1, far), (u2, near)]))
        // Counted from A's acknowledgement: the fix is durable then, and only then shared.
        let posted = Date()
        var onB = try await first(on: b)
        while onB != u2 && Date() < posted + 5 {
            try await Task.sleep(for: .milliseconds(25))
            onB = try await first(on: b)
        }
        let delay = Date().timeIntervalSince(posted)
        #expect(onB == u2, "B kept recommending the unit that drove away")
        print("two instances: a fix posted to A changed B's recommendation after \(Int(delay * 1000)) ms")

        let until = Date() + 60
        while !(await received.frames.contains { $0.contains(u2) && $0.contains("position") }) && Date() < until {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await received.frames.contains { $0.contains(u2) && $0.contains("position") }, "B's live clients never saw A's fixes")
    }

    func lastSeq(_ server: ServerProcess, token: String) async throws -> Int {
        let (_, health) = try await HTTP.call("GET", server.base.appendingPathComponent("healthz"))
        return (health as? [String: Any])?["lastSequence"] as? Int ?? 0
    }
}

actor LiveLog {
    private(set) var frames: [String] = []
    var count: Int { frames.count }
    func add(_ frame: String) { frames.append(frame) }
}

/// Two instances with the demo map on a fresh database, the administrator signed in, and a
/// station (in a district of a city) created through A.
final class MappedPair: @unchecked Sendable {
    let db: PostgresScratch
    let dir: URL
    let a: ServerProcess
    let b: ServerProcess
    let token: String
    private(set) var station = ""

    private init(db: PostgresScratch, dir: URL, a: ServerProcess, b: ServerProcess, token: String) {
        (self.db, self.dir, self.a, self.b, self.token) = (db, dir, a, b, token)
    }

    static func start() async throws -> MappedPair {
        let db = try PostgresScratch()
        let dir = try temporaryDirectory()
        let password = "two-instance-password"
        let map = ["--map", DemoCityTests.map.path]
        let a = try ServerProcess(dataDir: dir, adminPassword: password, database: db.url, arguments: map)
        try await a.waitUntilReady()
        let b = try ServerProcess(dataDir: dir, adminPassword: password, database: db.url, arguments: map)
        try await b.waitUntilReady()
        let pair = MappedPair(db: db, dir: dir, a: a, b: b, token: try await HTTP.login(a.base, password: password))
        let city = try #require(try await pair.post(a, "v1/jurisdictions", ["level": "city", "code": "SH", "name": "上海"])["id"] as? String)
        let district = try #require(try await pair.post(a, "v1/jurisdictions", ["parentID": city, "level": "district", "code": "HP", "name": "黄浦"])["id"] as? String)
        pair.station = try #require(try await pair.post(a, "v1/jurisdictions", ["parentID": district, "level": "station", "code": "HP1", "name": "南京东路",
                                                                                "location": ["lat": 31.2355, "lon": 121.4830]])["id"] as? String)
        return pair
    }

    func post(_ server: ServerProcess, _ path: String, _ json: [String: any Sendable]) async throws -> [String: Any] {
        let (status, body) = try await HTTP.call("POST", server.base.appendingPathComponent(path), token: token, json: json)
        #expect((200..<300).contains(status), "\(path): \(status) \(String(describing: body))")
        return body as? [String: Any] ?? [:]
    }

    func stop() {
        a.terminate()
        b.terminate()
        db.drop()
        try? FileManager.default.removeItem(at: dir)
    }
}
