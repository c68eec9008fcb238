import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

/// `GET /v1/stats/kpi` through the real server stack: figures from incidents taken through the
/// API, scoped like every read, kept current by commits, refusing bad parameters with stable
/// codes; and the response targets as policy data.
@Suite("Stats: the KPI dashboard's route")
struct StatsRouteTests {
    /// Creates a call at `station` through the API; with `arriveAfter`, dispatches `unit` at once
    /// and puts it on scene that many seconds later.
    static func call(_ client: any TestClientProtocol, _ world: TestWorld, token: String, station: JurisdictionID,
                     unit: UnitID? = nil, arriveAfter: Double? = nil) async throws -> String {
        let created = try await client.call(.post, "/v1/incidents", token: token, json: callJSON(jurisdictionID: station))
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created.json["id"]?.stringValue)
        if let unit, let arriveAfter {
            let assigned = try await client.call(.post, "/v1/incidents/\(id)/assign", token: token, json: ["unitIDs": [.string(unit.rawValue)]])
            #expect(assigned.status == .ok, "\(assigned.text)")
            world.time.advance(by: arriveAfter)
            let on = try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, json: ["status": "onScene"])
            #expect(on.status == .ok, "\(on.text)")
        }
        return id
    }

    @Test func figuresScopedToTheCallerAndKeptCurrent() async throws {
        try await TestWorld.run { world, client in
            let f = world.fixtures
            let disp = try await client.login("disp")
            // Station A: one call reached in 100 s (P2: met), one not yet reached; station B: one call.
            _ = try await Self.call(client, world, token: disp, station: f.stationA.id, unit: f.unitsA[0].id, arriveAfter: 100)
            _ = try await Self.call(client, world, token: disp, station: f.stationA.id)
            _ = try await Self.call(client, world, token: disp, station: f.stationB.id)
            let a = f.stationA.id.rawValue, b = f.stationB.id.rawValue

            // The city's administrator sees the city: both stations in the league.
            let boss = try await client.login("boss")
            let city = try await client.call(.get, "/v1/stats/kpi?groupBy=station", token: boss)
            #expect(city.status == .ok, "\(city.text)")
            #expect(city.json["current"]?["incidents"]?.intValue == 3)
            #expect(city.json["period"]?["days"]?.intValue == 30, "the default period is the last 30 days")
            #expect(city.json["previousPeriod"]?["days"]?.intValue == 30 && city.json["lastYearPeriod"]?["from"] != nil)
            let groups = Dictionary(uniqueKeysWithValues: (city.json["groups"]?.arrayValue ?? []).map {
                ($0["key"]?.stringValue ?? "", $0["figures"]?["incidents"]?.intValue ?? -1)
            })
            #expect(groups == [a: 2, b: 1])
            #expect(Set((city.json["league"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue }) == [a, b])
            let stationA = try #require(city.json["groups"]?.arrayValue?.first { $0["key"]?.stringValue == a })
            #expect(stationA["name"]?.stringValue == f.stationA.name)
            #expect(stationA["figures"]?["callToArrival"]?["p50"]?.doubleValue == 100)
            #expect(stationA["targets"]?["setBy"]?.stringValue == "standard")
            // The reply carries what its schema requires.
            let required = OpenAPIDocument.build()["components"]?["schemas"]?["KPIReport"]?["required"]?.arrayValue ?? []
            #expect(required.count > 10)
            for case .string(let key) in required { #expect(city.json[key] != nil, "KPIReport lacks \(key)") }

            // Station A's officer sees station A only, and station B is as unknown as nowhere.
            let offA = try await client.login("offA")
            let own = try await client.call(.get, "/v1/stats/kpi", token: offA)
            #expect(own.status == .ok && own.json["current"]?["incidents"]?.intValue == 2)
            #expect(own.json["jurisdictionID"]?.stringValue == a)
            #expect((own.json["league"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue } == [a])
            #expect(!own.text.contains(b))
            let neighbour = try await client.call(.get, "/v1/stats/kpi?jurisdiction=\(b)", token: offA)
            #expect(neighbour.status == .notFound && neighbour.code == "not_found")
            let nowhere = try await client.call(.get, "/v1/stats/kpi?jurisdiction=no-such-station", token: offA)
            #expect(nowhere.status == .notFound && nowhere.text.replacingOccurrences(of: "no-such-station", with: b) == neighbour.text)
            #expect(try await client.call(.get, "/v1/stats/kpi?jurisdiction=\(a)", token: offA).json["current"]?["incidents"]?.intValue == 2)
            // A unit breakdown of the station: the unit that went, with its figures.
            let units = try await client.call(.get, "/v1/stats/kpi?groupBy=unit", token: offA)
            #expect((units.json["groups"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue } == [f.unitsA[0].id.rawValue])
            #expect(units.json["groups"]?[0]?["patrol"]?["fixes"]?.intValue == 0, "no track stored: nothing patrolled")

            // A new call is counted at once (the commit observer), with no reload.
            _ = try await Self.call(client, world, token: disp, station: f.stationA.id)
            #expect(try await client.call(.get, "/v1/stats/kpi", token: offA).json["current"]?["incidents"]?.intValue == 3)
            // The response report reads the same facts.
            let report = try await client.call(.get, "/v1/reports/response", token: offA)
            #expect(report.status == .ok && report.json["overall"]?["incidents"]?.intValue == 3)
            #expect(report.json["overall"]?["callToArrival"]?["median"]?.doubleValue == 100)
            // `from` after `to` is an empty window (it once trapped the server).
            let reversed = try await client.call(.get, "/v1/reports/response?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", token: offA)
            #expect(reversed.status == .ok && reversed.json["overall"]?["incidents"]?.intValue == 0, "\(reversed.text)")
        }
    }

    @Test func badParametersAreRefusedWithStableCodes() async throws {
        try await TestWorld.run { _, client in
            let token = try await client.login("boss")
            let cases: [(String, HTTPResponse.Status, String, String?)] = [
                ("from=2026-02-30&to=2026-03-01", .unprocessableContent, "invalid_date", "from"),
                ("from=2026-03-01&to=yesterday", .unprocessableContent, "invalid_date", "to"),
                ("from=2026-03-02&to=2026-03-01", .unprocessableContent, "period_reversed", "to"),
                ("from=2024-01-01&to=2025-12-31", .unprocessableContent, "period_too_long", "to"),
                ("groupBy=precinct", .unprocessableContent, "unknown_grouping", "groupBy"),
                ("jurisdiction=%01", .badRequest, "invalid_field", "jurisdiction"),
                ("period=month", .badRequest, "unknown_parameter", "period"),
            ]
            for (query, status, code, field) in cases {
                let reply = try await client.call(.get, "/v1/stats/kpi?\(query)", token: token)
                #expect(reply.status == status && reply.code == code && reply.json["field"]?.stringValue == field, "\(query): \(reply.text)")
                #expect(reply.isProblem)
            }
            // 400 days is the longest period: accepted.
            #expect(try await client.call(.get, "/v1/stats/kpi?from=2025-01-01&to=2026-02-04", token: token).status == .ok)
            // Signed-in callers only.
            #expect(try await client.call(.get, "/v1/stats/kpi").status == .unauthorized)
        }
    }

    @Test func responseTargetsArePolicyInheritedAndOverridden() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let f = world.fixtures
            let district = f.district.id.rawValue, a = f.stationA.id.rawValue
            let strict: JSONValue = ["minMetRate": 0.95, "maxP90ArrivalSeconds": 600, "maxOverdueFeedbackRate": 0.02, "minIncidents": 1]
            let set = try await client.call(.put, "/v1/jurisdictions/\(district)/policy", token: boss, json: ["version": 1, "responseTargets": strict])
            #expect(set.status == .ok, "\(set.text)")
            #expect(set.json["own"]?["responseTargets"]?["minMetRate"] == .number(0.95))
            #expect(set.json["effective"]?["responseTargetsSetBy"]?.stringValue == district)
            // Station A inherits it; then sets its own.
            let inherited = try await client.call(.get, "/v1/jurisdictions/\(a)/policy", token: boss)
            #expect(inherited.json["effective"]?["responseTargets"]?["maxP90ArrivalSeconds"] == .number(600))
            #expect(inherited.json["effective"]?["responseTargetsSetBy"]?.stringValue == district)
            let own: JSONValue = ["minMetRate": 0.5, "maxP90ArrivalSeconds": 1200, "maxOverdueFeedbackRate": 0.2, "minIncidents": 5]
            let mine = try await client.call(.put, "/v1/jurisdictions/\(a)/policy", token: boss, json: ["version": 1, "responseTargets": own])
            #expect(mine.json["effective"]?["responseTargetsSetBy"]?.stringValue == a)
            #expect(try await client.call(.get, "/v1/jurisdictions/\(f.stationB.id.rawValue)/policy", token: boss)
                .json["effective"]?["responseTargetsSetBy"]?.stringValue == district)
            // Nonsense is refused with the policy's own errors, and nothing is written.
            let before = try await world.store.lastSequence()
            for bad: JSONValue in [
                ["minMetRate": 1.5, "maxP90ArrivalSeconds": 600, "maxOverdueFeedbackRate": 0.02, "minIncidents": 1],
                ["minMetRate": 0.9, "maxP90ArrivalSeconds": 0, "maxOverdueFeedbackRate": 0.02, "minIncidents": 1],
                ["minMetRate": 0.9, "maxP90ArrivalSeconds": 600, "maxOverdueFeedbackRate": -0.1, "minIncidents": 1],
                ["minMetRate": 0.9, "maxP90ArrivalSeconds": 600, "maxOverdueFeedbackRate": 0.02],
            ] {
                let reply = try await client.call(.put, "/v1/jurisdictions/\(a)/policy", token: boss, json: ["version": 2, "responseTargets": bad])
                #expect(reply.status == .badRequest || reply.status == .unprocessableContent, "\(bad.canonicalText): \(reply.text)")
                #expect(reply.isProblem)
            }
            #expect(try await world.store.lastSequence() == before)
            // The dashboard applies them: station A's own, B the district's. The targets reach the
            // statistics with the policy change, no restart.
            let stats = try await client.call(.get, "/v1/stats/kpi?groupBy=station", token: boss)
            let targets = Dictionary(uniqueKeysWithValues: (stats.json["league"]?.arrayValue ?? []).map {
                ($0["key"]?.stringValue ?? "", $0["targets"]?["setBy"]?.stringValue ?? "")
            })
            #expect(targets == [a: a, f.stationB.id.rawValue: district])
        }
    }
}
