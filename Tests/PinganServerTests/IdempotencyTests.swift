import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

@Suite("Idempotent retries")
struct IdempotencyTests {
    @Test func retriedCreateMakesExactlyOneIncident() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let headers = ["Idempotency-Key": "call-2026-0001"]
            let first = try await client.call(.post, "/v1/incidents", token: token, json: callJSON(), headers: headers)
            #expect(first.status == .created)
            let seq = try await world.store.lastSequence()
            let second = try await client.call(.post, "/v1/incidents", token: token, json: callJSON(), headers: headers)
            #expect(second.status == .created)
            #expect(second.json["id"] == first.json["id"])
            #expect(second.text == first.text)
            #expect(second.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == "true")
            #expect(try await world.store.lastSequence() == seq)
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 1)

            let different = try await client.call(.post, "/v1/incidents", token: token, json: callJSON("other"), headers: headers)
            #expect(different.status == .conflict)
            #expect(different.code == "idempotency_key_reused")
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 1)

            // Keys belong to one user: another user's same key is a new request.
            let other = try await client.login("boss")
            let theirs = try await client.call(.post, "/v1/incidents", token: other, json: callJSON(), headers: headers)
            #expect(theirs.status == .created)
            #expect(theirs.json["id"] != first.json["id"])
        }
    }

    @Test func concurrentRetriesCreateOne() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await client.call(.post, "/v1/incidents", token: token, json: callJSON(), headers: ["Idempotency-Key": "race"]) }
                }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .created })
            #expect(Set(replies.compactMap { $0.json["id"]?.stringValue }).count == 1)
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 1)
        }
    }

    @Test func retriedTransitionIsReplayed() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let id = try #require(try await client.call(.post, "/v1/incidents", token: token, json: callJSON()).json["id"]?.stringValue)
            let headers = ["Idempotency-Key": "cancel-1"]
            let first = try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, json: ["status": "cancelled"], headers: headers)
            #expect(first.status == .ok)
            let seq = try await world.store.lastSequence()
            let again = try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, json: ["status": "cancelled"], headers: headers)
            #expect(again.status == .ok)
            #expect(again.text == first.text)
            #expect(try await world.store.lastSequence() == seq)
            let bad = try await client.call(.post, "/v1/incidents", token: token, json: callJSON(), headers: ["Idempotency-Key": String(repeating: "k", count: 500)])
            #expect(bad.status == .badRequest)
            #expect(bad.code == "invalid_field")
        }
    }
}
