import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganStore
import Testing

/// `POST /v1/import/incidents` through the real server stack (导入历史警情).
@Suite("History import over HTTP")
struct HistoryImportRouteTests {
    static let csv = """
        source_id,received_at,dispatched_at,arrived_at,resolved_at,closed_at,category,priority,lat,lon,station,description
        H-1,2025-03-01T08:15:30+08:00,2025-03-01T08:16:00+08:00,2025-03-01T08:19:10+08:00,2025-03-01T08:50:00+08:00,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4801,HP01,争吵
        H-2,2025-03-02T21:00:00+08:00,2025-03-02T21:00:30+08:00,2025-03-02T21:03:00+08:00,2025-03-02T21:40:00+08:00,2025-03-02T23:00:00+08:00,traffic,3,31.2304,121.4900,HP02,剐蹭

        """

    @Test func anAdministratorImportsAStationOfficerMayNot() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), offA = try await client.login("offA")
            let body: JSONValue = ["incidents": .string(Self.csv)]
            let refused = try await client.call(.post, "/v1/import/incidents", token: offA, json: body)
            #expect(refused.status == .forbidden && refused.isProblem, "\(refused.text)")
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 0)

            let dry = try await client.call(.post, "/v1/import/incidents", token: boss, json: ["incidents": .string(Self.csv), "dryRun": true])
            #expect(dry.status == .ok && dry.json["dryRun"] == .bool(true) && dry.json["imported"]?.doubleValue == 2, "\(dry.text)")
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 0)

            let done = try await client.call(.post, "/v1/import/incidents", token: boss, json: body)
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.json["imported"]?.doubleValue == 2 && done.json["skipped"]?.doubleValue == 0 && done.json["rows"]?.doubleValue == 2)
            #expect(done.json["stations"]?["HP01"]?.doubleValue == 1 && done.json["from"]?.stringValue == "2025-03-01T00:15:30.000Z")

            // The incidents read back closed, with the old system's number kept, in the closed list.
            let list = try await client.call(.get, "/v1/incidents?status=closed", token: boss)
            #expect(list.json["total"]?.doubleValue == 2, "\(list.text)")
            let first = try #require(list.json["items"]?.arrayValue?.first { $0["sourceID"]?.stringValue == "H-1" })
            #expect(first["status"]?.stringValue == "closed" && first["number"]?.stringValue == "HP01-20250301-0001")
            #expect(first["times"]?["onSceneAt"]?.stringValue == "2025-03-01T00:19:10.000Z")
            #expect(try await client.call(.get, "/v1/incidents?status=received,dispatched,enRoute,onScene,resolved", token: boss).json["total"]?.doubleValue == 0)

            // Again: both skipped by source ID.
            let again = try await client.call(.post, "/v1/import/incidents", token: boss, json: body)
            #expect(again.status == .ok && again.json["imported"]?.doubleValue == 0 && again.json["skipped"]?.doubleValue == 2, "\(again.text)")
        }
    }

    @Test func badRowsComeBackAsOneProblemWithEveryLine() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let bad = Self.csv + "H-3,2025-03-03T08:00:00+08:00,2025-03-03T07:00:00+08:00,,,2025-03-03T09:00:00+08:00,dispute,2,31.2352,121.4801,HP01,\n"
                + "H-4,2025-03-03T08:00:00+08:00,,,,2025-03-03T09:00:00+08:00,dispute,9,31.2352,121.4801,HP01,\n"
            let reply = try await client.call(.post, "/v1/import/incidents", token: boss, json: ["incidents": .string(bad)])
            #expect(reply.status == .unprocessableContent && reply.isProblem && reply.code == "import_invalid", "\(reply.text)")
            let errors = reply.json["errors"]?.arrayValue ?? []
            #expect(errors.compactMap { $0["line"]?.doubleValue } == [4, 5])
            #expect(errors.compactMap { $0["field"]?.stringValue } == ["dispatched_at", "priority"])
            #expect(errors.allSatisfy { $0["section"]?.stringValue == "incidents" })
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 0, "nothing stored")

            // A body that is not the documented shape is refused before any row is read.
            let unknown = try await client.call(.post, "/v1/import/incidents", token: boss, json: ["incidents": .string(Self.csv), "rows": .number(2)])
            #expect(unknown.status == .badRequest && unknown.code == "unknown_field")
            let empty = try await client.call(.post, "/v1/import/incidents", token: boss, json: ["incidents": ""])
            #expect(empty.status == .unprocessableContent, "\(empty.text)")
        }
    }
}
