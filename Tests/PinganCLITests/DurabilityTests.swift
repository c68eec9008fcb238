import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Acknowledged means durable: every incident the server answered 2xx for survives a SIGKILL.
@Suite("Durability of pingan serve", .serialized)
struct DurabilityTests {
    @Test func everyAcknowledgedIncidentSurvivesSIGKILL() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = "durability-test-password"
        let server = try ServerProcess(dataDir: dir, adminPassword: password)
        try await server.waitUntilReady()
        let token = try await HTTP.login(server.base, password: password)
        let (status, city) = try await HTTP.call("POST", server.base.appendingPathComponent("v1/jurisdictions"), token: token,
                                                 json: ["level": "city", "code": "SH", "name": "上海市公安局"])
        #expect(status == 201 || status == 200)
        let cityID = try #require((city as? [String: Any])?["id"] as? String)

        // Eight writers create incidents as fast as they can; the server is killed mid-stream.
        let acknowledged = AcknowledgedIDs()
        let incidentsURL = server.base.appendingPathComponent("v1/incidents")
        let writers = Task {
            await withTaskGroup(of: Void.self) { group in
                for w in 0..<8 {
                    group.addTask {
                        for i in 0..<10_000 {
                            let body: [String: any Sendable] = [
                                "category": "publicOrder", "priority": 2, "location": ["lat": 31.23, "lon": 121.47],
                                "address": "人民广场", "description": "writer \(w) call \(i)", "jurisdictionID": cityID,
                            ]
                            guard let (status, reply) = try? await HTTP.call("POST", incidentsURL, token: token, json: body) else { return }
                            if (200..<300).contains(status), let id = (reply as? [String: Any])?["id"] as? String {
                                await acknowledged.add(id)
                            }
                        }
                    }
                }
            }
        }
        while await acknowledged.count < 150 {
            try await Task.sleep(for: .milliseconds(20))
            if !server.process.isRunning { break }
        }
        server.kill()
        await writers.value
        let acked = await acknowledged.ids
        #expect(acked.count >= 150)

        let restarted = try ServerProcess(dataDir: dir, adminPassword: password)
        try await restarted.waitUntilReady()
        let token2 = try await HTTP.login(restarted.base, password: password)
        var stored = Set<String>()
        var offset = 0
        while true {
            var components = URLComponents(url: restarted.base.appendingPathComponent("v1/incidents"), resolvingAgainstBaseURL: false)!
            components.queryItems = [URLQueryItem(name: "limit", value: "1000"), URLQueryItem(name: "offset", value: String(offset))]
            let (status, page) = try await HTTP.call("GET", components.url!, token: token2)
            #expect(status == 200)
            let items = ((page as? [String: Any])?["items"] as? [[String: Any]]) ?? []
            stored.formUnion(items.compactMap { $0["id"] as? String })
            if items.count < 1000 { break }
            offset += 1000
        }
        let lost = acked.subtracting(stored)
        print("durability: \(acked.count) incidents acknowledged before SIGKILL, \(stored.count) stored after restart, \(lost.count) lost")
        #expect(lost.isEmpty, "\(lost.count) acknowledged incidents were lost")
        let verify = try PinganProcess.run(["audit", "verify", "--data-dir", dir.path])
        restarted.terminate()
        #expect(verify.status == 0, "\(verify.output)")
    }
}

actor AcknowledgedIDs {
    private(set) var ids = Set<String>()
    var count: Int { ids.count }
    func add(_ id: String) { ids.insert(id) }
}
