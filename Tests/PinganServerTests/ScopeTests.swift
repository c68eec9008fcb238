import Foundation
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

@Suite("A station sees only its own jurisdiction")
struct ScopeTests {
    @Test func stationUserCannotSeeListOrChangeAnotherStation() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp")
            let inB = try await client.call(.post, "/v1/incidents", token: disp,
                                            json: callJSON("on the Bund", jurisdictionID: world.fixtures.stationB.id))
            let idB = try #require(inB.json["id"]?.stringValue)
            let offA = try await client.login("offA")
            let inA = try await client.call(.post, "/v1/incidents", token: offA, json: callJSON())
            #expect(inA.status == .created)
            let idA = try #require(inA.json["id"]?.stringValue)
            let before = try await world.store.lastSequence()

            let seen = try await client.call(.get, "/v1/incidents/\(idB)", token: offA)
            #expect(seen.status == .notFound)
            #expect(seen.code == "not_found")
            let list = try await client.call(.get, "/v1/incidents", token: offA)
            #expect(list.json["total"] == .number(1))
            #expect(list.json["items"]?[0]?["id"]?.stringValue == idA)
            let filtered = try await client.call(.get, "/v1/incidents?jurisdiction=\(world.fixtures.stationB.id.rawValue)", token: offA)
            #expect(filtered.json["total"] == .number(0))

            let moved = try await client.call(.post, "/v1/incidents/\(idB)/transition", token: offA, json: ["status": "cancelled"])
            #expect(moved.status == .notFound)
            let assigned = try await client.call(.post, "/v1/incidents/\(idB)/assign", token: offA,
                                                 json: ["unitIDs": [.string(world.fixtures.unitsA[0].id.rawValue)]])
            #expect(assigned.status == .notFound)
            // Another station's unit cannot be borrowed, nor read.
            let borrowed = try await client.call(.post, "/v1/incidents/\(idA)/assign", token: offA,
                                                 json: ["unitIDs": [.string(world.fixtures.unitsB[0].id.rawValue)]])
            #expect(borrowed.status == .notFound)
            #expect(try await client.call(.get, "/v1/units/\(world.fixtures.unitsB[0].id.rawValue)", token: offA).status == .notFound)
            #expect(try await client.call(.get, "/v1/units", token: offA).json.arrayCount == 3)
            let offDuty = try await client.call(.post, "/v1/units/\(world.fixtures.unitsB[1].id.rawValue)/status", token: offA, json: ["status": "offDuty"])
            #expect(offDuty.status == .notFound)
            // Nor can an incident be filed into it.
            let filed = try await client.call(.post, "/v1/incidents", token: offA, json: callJSON(jurisdictionID: world.fixtures.stationB.id))
            #expect(filed.status == .notFound)
            #expect(try await client.call(.get, "/v1/jurisdictions/\(world.fixtures.stationB.id.rawValue)", token: offA).status == .notFound)
            #expect(try await client.call(.get, "/v1/stations", token: offA).json.arrayCount == 1)

            #expect(try await world.store.lastSequence() == before)
            #expect(try await world.store.incident(IncidentID(idB), scope: .everything)?.status == .received)
        }
    }
}
