import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import PinganApp
import PinganCore
import PinganServer
import PinganStore
import PinganTestSupport
import Testing

/// Reads `count` text frames as JSON.
func frames(_ inbound: WebSocketInboundStream, count: Int) async throws -> [JSONValue] {
    var iterator = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
    var out: [JSONValue] = []
    while out.count < count, let message = try await iterator.next() {
        if case .text(let text) = message {
            out.append(try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8)))
        }
    }
    return out
}

func seqs(_ frames: [JSONValue]) -> [Int64] {
    frames.compactMap { if case .number(let n)? = $0["seq"] { Int64(n) } else { nil } }
}

/// The time limits catch a hang, not slowness: the whole suite (700 tests, a few of them printing
/// PDFs, syncing thousands of commits to disk or running demo servers at 600×) shares two cores, and
/// there a live test that takes three seconds alone has run for over three minutes. The
/// `TestWorld.liveTimeLimit` is well beyond that and still far inside CI's own limit.
@Suite("Live feed", .timeLimit(TestWorld.liveTimeLimit))
struct LiveFeedTests {
    @Test func replaysThenStreamsInOrderAndResumes() async throws {
        try await TestWorld.run(.live) { world, client in
            let token = try await client.login("disp")
            let start = try await world.store.lastSequence()
            for i in 0..<3 {
                #expect(try await client.call(.post, "/v1/incidents", token: token, json: callJSON("before \(i)")).status == .created)
            }
            let received = Locked([JSONValue]())
            try await client.ws("/v1/live?token=\(token)&after=\(start)") { inbound, _, _ in
                async let got = frames(inbound, count: 5)
                // Written while the subscriber is replaying or already live: no gap, no duplicate.
                for i in 0..<2 {
                    _ = try await client.call(.post, "/v1/incidents", token: token, json: callJSON("during \(i)"))
                }
                let list = try await got
                received.withLock { $0 = list }
            }
            let list = received.withLock { $0 }
            #expect(seqs(list) == Array((start + 1)...(start + 5)))
            #expect(list.allSatisfy { $0["type"]?.stringValue == "incident.created" })
            #expect(list.first?["command"]?.stringValue == "CreateIncident")
            #expect(list.first?["actor"]?["name"]?.stringValue == "disp")
            #expect(list.first?["data"]?["incident"]?["description"]?.stringValue == "before 0")
            #expect(list.last?["data"]?["incident"]?["description"]?.stringValue == "during 1")

            // Resuming from the middle starts right after it.
            let resumed = Locked([JSONValue]())
            try await client.ws("/v1/live?after=\(start + 3)", configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"])) { inbound, _, _ in
                let list = try await frames(inbound, count: 2)
                resumed.withLock { $0 = list }
            }
            #expect(seqs(resumed.withLock { $0 }) == [start + 4, start + 5])
        }
    }

    @Test func subscribersSeeOnlyTheirScopeAndMaskedCallers() async throws {
        try await TestWorld.run(.live) { world, client in
            let disp = try await client.login("disp")
            let offB = try await client.login("offB")
            let auditor = try await client.login("audit")
            let start = try await world.store.lastSequence()
            _ = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("in A"))
            _ = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("in B", jurisdictionID: world.fixtures.stationB.id))
            let forB = Locked([JSONValue]())
            try await client.ws("/v1/live?token=\(offB)&after=\(start)") { inbound, _, _ in
                let list = try await frames(inbound, count: 1)
                forB.withLock { $0 = list }
            }
            let bFrames = forB.withLock { $0 }
            #expect(bFrames.count == 1)
            #expect(bFrames.first?["data"]?["incident"]?["description"]?.stringValue == "in B")
            #expect(bFrames.first?["seq"] == .number(Double(start + 2)))
            #expect(bFrames.first?["data"]?["incident"]?["caller"]?["phone"]?.stringValue == "13812345678")

            let forAuditor = Locked([JSONValue]())
            try await client.ws("/v1/live?token=\(auditor)&after=\(start)") { inbound, _, _ in
                let list = try await frames(inbound, count: 2)
                forAuditor.withLock { $0 = list }
            }
            let aFrames = forAuditor.withLock { $0 }
            #expect(aFrames.count == 2)
            #expect(aFrames.allSatisfy { $0["data"]?["incident"]?["caller"]?["phone"]?.stringValue == "138****5678" })
            #expect(aFrames.allSatisfy { $0["data"]?["incident"]?["caller"]?["name"]?.stringValue == "张*" })
        }
    }

    /// A write by another instance on the same database (here: straight to the store, bypassing
    /// this server) reaches subscribers through the hub's timer.
    @Test func writesByAnotherInstanceArriveByPolling() async throws {
        try await TestWorld.run(.live) { world, client in
            let token = try await client.login("disp")
            let start = try await world.store.lastSequence()
            let other = AppServices(store: world.store, time: world.time)
            let got = Locked([JSONValue]())
            try await client.ws("/v1/live?token=\(token)&after=\(start)") { inbound, _, _ in
                async let list = frames(inbound, count: 1)
                try await Task.sleep(for: .milliseconds(100))
                _ = try await other.incidents.create(Fixtures.call("elsewhere"), by: world.fixtures.dispatcher).get()
                let received = try await list
                got.withLock { $0 = received }
            }
            #expect(got.withLock { $0 }.first?["data"]?["incident"]?["description"]?.stringValue == "elsewhere")
        }
    }

    @Test func upgradeNeedsAValidToken() async throws {
        try await TestWorld.run(.live) { world, client in
            await #expect(throws: (any Error).self) {
                try await client.ws("/v1/live") { _, _, _ in }
            }
            await #expect(throws: (any Error).self) {
                try await client.ws("/v1/live?token=forged") { _, _, _ in }
            }
            let token = try await client.login("disp")
            world.time.advance(by: 13 * 3600)
            await #expect(throws: (any Error).self) {
                try await client.ws("/v1/live?token=\(token)") { _, _, _ in }
            }
            let plain = try await client.call(.get, "/v1/live", token: try await client.login("disp"))
            #expect(plain.status == .upgradeRequired)
        }
    }
}
