import Foundation
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

@Suite("Policies as data: deadlines and local categories, inherited down the tree")
struct PolicyTests {
    @Test func aCityRuleReachesNewIncidentsOfItsStationsAndNotOldOnes() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let disp = try await client.login("disp")
            let city = world.fixtures.city.id.rawValue
            let before = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON()).json["id"]?.stringValue)
            let set = try await client.call(.put, "/v1/jurisdictions/\(city)/policy", token: boss, json: [
                "version": 1,
                "deadlines": ["2": ["dispatchSeconds": 120, "arriveSeconds": 600, "feedbackSeconds": 7200]],
                "categories": ["eBikeTheft": ["nameZh": "电动车被盗", "nameEn": "E-bike theft"]],
            ])
            #expect(set.status == .ok, "\(set.text)")
            #expect(set.json["effective"]?["deadlines"]?[1]?["setBy"]?.stringValue == city)
            #expect(set.json["effective"]?["deadlines"]?[0]?["setBy"]?.stringValue == "standard")
            // A station below inherits it.
            let station = world.fixtures.stationA.id.rawValue
            let inherited = try await client.call(.get, "/v1/jurisdictions/\(station)/policy", token: try await client.login("offA"))
            #expect(inherited.json["effective"]?["deadlines"]?[1]?["dispatchSeconds"] == .number(120))
            #expect(inherited.json["own"]?["deadlines"]?.arrayCount == 0)

            let after = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(jurisdictionID: world.fixtures.stationA.id))
            #expect(after.json["deadlineRule"]?["dispatchSeconds"] == .number(120))
            #expect(after.json["deadlineRule"]?["setBy"]?.stringValue == city)
            let received = try #require(after.json["times"]?["receivedAt"]?.stringValue.flatMap(Timestamp.parse))
            let due = try #require(after.json["deadlines"]?[0]?["due"]?.stringValue.flatMap(Timestamp.parse))
            #expect(due.timeIntervalSince(received) == 120)
            // The incident from before keeps the rule it was given.
            let old = try await client.call(.get, "/v1/incidents/\(before)", token: disp)
            #expect(old.json["deadlineRule"]?["dispatchSeconds"] == .number(180))
            #expect(old.json["deadlineRule"]?["setBy"]?.stringValue == "standard")

            // The local category is open to the city's stations; retired, it is closed to new incidents.
            let categories = try await client.call(.get, "/v1/categories", token: try await client.login("offA")).json.arrayValue ?? []
            #expect(categories.contains { $0["code"]?.stringValue == "eBikeTheft" })
            let theft = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(category: "eBikeTheft"))
            #expect(theft.status == .created, "\(theft.text)")
            let retired = try await client.call(.put, "/v1/jurisdictions/\(city)/policy", token: boss, json: [
                "version": 2, "categories": ["eBikeTheft": ["nameZh": "电动车被盗", "nameEn": "E-bike theft", "retired": true]],
            ])
            #expect(retired.status == .ok)
            #expect(retired.json["effective"]?["deadlines"]?[1]?["setBy"]?.stringValue == "standard")
            let refused = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(category: "eBikeTheft"))
            #expect(refused.code == "unknown_category")
            let events = try await world.store.auditEvents(AuditQuery(subject: city, type: "jurisdiction.policySet"), scope: .everything)
            #expect(events.count == 2)
        }
    }

    @Test func aStationSetsItsOwnAndBadPoliciesAreRefused() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let station = world.fixtures.stationA.id.rawValue
            let own = try await client.call(.put, "/v1/jurisdictions/\(station)/policy", token: boss,
                                            json: ["version": 1, "deadlines": ["1": ["dispatchSeconds": 45, "arriveSeconds": 240, "feedbackSeconds": 3600]]])
            #expect(own.json["effective"]?["deadlines"]?[0]?["setBy"]?.stringValue == station)
            let before = try await world.store.lastSequence()
            let bad: [(JSONValue, String)] = [
                (["version": 2, "categories": ["dispute": ["nameZh": "纠纷", "nameEn": "Dispute"]]], "reserved_code"),
                (["version": 2, "deadlines": ["1": ["dispatchSeconds": 0, "arriveSeconds": 240, "feedbackSeconds": 3600]]], "invalid_field"),
                (["version": 2, "deadlines": ["1": ["dispatchSeconds": -5, "arriveSeconds": 240, "feedbackSeconds": 3600]]], "invalid_field"),
                (["version": 2, "deadlines": ["1": ["dispatchSeconds": 60, "arriveSeconds": 240, "feedbackSeconds": 999_999_999]]], "invalid_field"),
                (["version": 2, "deadlines": ["9": ["dispatchSeconds": 60, "arriveSeconds": 240, "feedbackSeconds": 3600]]], "invalid_field"),
                (["version": 2, "categories": ["bad code": ["nameZh": "x", "nameEn": "x"]]], "invalid_field"),
                (["version": 1, "deadlines": [:]], "stale_version"),
            ]
            for (body, code) in bad {
                let reply = try await client.call(.put, "/v1/jurisdictions/\(station)/policy", token: boss, json: body)
                #expect(reply.code == code, "\(body.canonicalText): \(reply.text)")
                #expect(reply.isProblem)
            }
            #expect(try await world.store.lastSequence() == before)
            // Only administrators set policies, and only inside their scope.
            #expect(try await client.call(.put, "/v1/jurisdictions/\(station)/policy", token: try await client.login("offA"),
                                          json: ["version": 2]).status == .forbidden)
            #expect(try await client.call(.get, "/v1/jurisdictions/\(world.fixtures.stationB.id.rawValue)/policy",
                                          token: try await client.login("offA")).status == .notFound)
        }
    }
}
