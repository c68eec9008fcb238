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

        let deadline = Date() + 10
        while await received.count == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        live.cancel()
        let frames = await received.frames
        #expect(frames.contains { $0.contains(id) && $0.contains("incident.created") }, "B's live feed did not deliver A's incident: \(frames)")
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
