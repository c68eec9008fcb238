import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The demo city's past (导入历史警情): on its first start the demo imports its simulated past
/// (thirteen months unless told otherwise; forty days here) of closed incidents through `POST /v1/import/incidents`, in the background while the
/// city runs; a restart imports nothing twice.
@Suite("pingan serve --demo: history", .serialized)
struct DemoHistoryCommandTests {
    @Test func theDemoImportsAYearOfHistoryOnceInTheBackground() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["--demo", "--map", DemoCityTests.map.path, "--demo-rate", "600", "--demo-history-days", "40"]
        let first = try ServerProcess(dataDir: dir, adminPassword: "demo-test-password", arguments: arguments)
        defer { first.terminate() }
        try await first.waitUntilReady()
        let token = try await HTTP.login(first.base, password: "demo-test-password")
        // History ends at the local midnight (China Standard Time) of the day the city was set up.
        let now = Date().timeIntervalSince1970
        let midnight = Date(timeIntervalSince1970: (now + 8 * 3600 - (now + 8 * 3600).truncatingRemainder(dividingBy: 86_400)) - 8 * 3600)
        func before(_ server: ServerProcess) async throws -> (total: Int, oldest: String?) {
            let to = ISO8601DateFormatter().string(from: midnight)
            let page = try await HTTP.call("GET", server.base.appendingPathComponent("v1/incidents").appending(queryItems: [.init(name: "to", value: to),
                                                                                                                    .init(name: "limit", value: "1")]),
                                           token: token).body as? [String: Any]
            let item = (page?["items"] as? [[String: Any]])?.first
            return (page?["total"] as? Int ?? 0, (item?["times"] as? [String: Any])?["receivedAt"] as? String)
        }
        var imported = 0
        let started = Date()
        while Date().timeIntervalSince(started) < 180 && !first.logText.contains("Demo history:") {
            try await Task.sleep(for: .milliseconds(500))
        }
        imported = try await before(first).total
        #expect(first.logText.contains("Demo history:"), "no history within 180 s: \(first.logText.suffix(2000))")
        // 40–80 a day for the 40 days asked for (a real start takes 395).
        #expect((1_600...3_200).contains(imported), "\(imported) past incidents")
        // Closed, numbered on their own day, with the old system's number.
        let sample = try await HTTP.call("GET", first.base.appendingPathComponent("v1/incidents").appending(queryItems: [
            .init(name: "to", value: ISO8601DateFormatter().string(from: midnight)), .init(name: "limit", value: "50"),
        ]), token: token).body as? [String: Any]
        let items = sample?["items"] as? [[String: Any]] ?? []
        #expect(!items.isEmpty && items.allSatisfy { $0["status"] as? String == "closed" && ($0["sourceID"] as? String ?? "").hasPrefix("SIM-") })
        // The city is live beside the import: calls of today are taken. Polled, not looked at once:
        // under the whole suite on two cores the import can finish before the first live call.
        var today = 0
        let importDone = Date()
        repeat {
            let page = try await HTTP.call("GET", first.base.appendingPathComponent("v1/incidents").appending(queryItems: [
                .init(name: "from", value: ISO8601DateFormatter().string(from: midnight)),
            ]), token: token).body as? [String: Any]
            today = page?["total"] as? Int ?? 0
            if today == 0 { try await Task.sleep(for: .milliseconds(500)) }
        } while today == 0 && Date().timeIntervalSince(importDone) < 120
        #expect(today > 0, "no live call in 120 s: \(first.logText.suffix(2000))")
        first.terminate()

        let second = try ServerProcess(dataDir: dir, adminPassword: "demo-test-password", arguments: arguments)
        defer { second.terminate() }
        try await second.waitUntilReady()
        let restarted = Date()
        while Date().timeIntervalSince(restarted) < 60 && !second.logText.contains("demo history already imported") {
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(second.logText.contains("demo history already imported"), "\(second.logText.suffix(2000))")
        #expect(!second.logText.contains("Demo history:"), "a restart imports nothing")
        #expect(try await before(second).total == imported)
        second.terminate()
        let verify = try PinganProcess.run(["audit", "verify", "--data-dir", dir.path])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
