import Foundation
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

@Suite("The audit log, readable, and reads of personal data in it")
struct AuditLogTests {
    @Test func auditorPagesFiltersAndSeesOnlyTheirScope() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp")
            var ids: [String] = []
            for i in 0..<3 { ids.append(try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("A \(i)")).json["id"]?.stringValue)) }
            let inB = try #require(try await client.call(.post, "/v1/incidents", token: disp,
                                                        json: callJSON("B", jurisdictionID: world.fixtures.stationB.id)).json["id"]?.stringValue)
            _ = try await client.call(.post, "/v1/incidents/\(ids[0])/transition", token: disp, json: ["status": "cancelled"])
            let audit = try await client.login("audit")
            let history = try await client.call(.get, "/v1/audit?subject=\(ids[0])", token: audit)
            #expect(history.status == .ok)
            #expect(history.json["items"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } == ["incident.transitioned", "incident.created"])
            #expect(history.json["items"]?[0]?["verified"] == .bool(true))
            #expect(history.json["items"]?[0]?["hash"]?.stringValue?.count == 64)
            #expect(history.json["chain"]?["intact"] == .bool(true))
            // Pages, newest first, follow `next`.
            let first = try await client.call(.get, "/v1/audit?type=incident.created&limit=2", token: audit).json
            let next = try #require(first["next"]?.doubleValue)
            let second = try await client.call(.get, "/v1/audit?type=incident.created&limit=2&before=\(Int(next))", token: audit).json
            let subjects = ((first["items"]?.arrayValue ?? []) + (second["items"]?.arrayValue ?? [])).compactMap { $0["subject"]?.stringValue }
            #expect(subjects == [inB] + ids.reversed())
            #expect(try await client.call(.get, "/v1/audit?actor=disp&type=incident.", token: audit).json["items"]?.arrayCount == 5)

            // Station B's officer may not read the log at all; a station-A auditor sees only A.
            #expect(try await client.call(.get, "/v1/audit", token: try await client.login("offB")).status == .forbidden)
            let boss = try await client.login("boss")
            _ = try await client.call(.post, "/v1/users", token: boss, json: [
                "username": "auditA", "displayName": "A", "role": "auditor", "jurisdictionID": .string(world.fixtures.stationA.id.rawValue),
                "password": .string(TestWorld.password),
            ])
            let auditA = try await client.login("auditA")
            #expect(try await client.call(.get, "/v1/audit?subject=\(inB)", token: auditA).json["items"]?.arrayCount == 0)
            let all = try await client.call(.get, "/v1/audit?limit=500", token: auditA).json["items"]?.arrayValue ?? []
            #expect(!all.isEmpty)
            #expect(all.allSatisfy { $0["path"]?.stringValue?.hasPrefix(world.fixtures.stationA.path) == true })
            for bad in ["limit=0", "limit=501", "before=-1", "from=yesterday", "type=%01"] {
                let reply = try await client.call(.get, "/v1/audit?\(bad)", token: audit)
                #expect(reply.status == .badRequest || reply.status == .unprocessableContent, "\(bad): \(reply.text)")
            }
        }
    }

    @Test func personalDataReadsSignInsAndSignOutsAreEvents() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp")
            let id = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON()).json["id"]?.stringValue)
            let shown = try await client.call(.get, "/v1/incidents/\(id)?reason=callback", token: disp)
            #expect(shown.json["caller"]?["phone"]?.stringValue == "13812345678")
            let reads = try await world.store.auditEvents(AuditQuery(subject: id, type: "personalData.read"), scope: .everything)
            #expect(reads.count == 1)
            #expect(reads.first?.actor.name == "disp")
            #expect(reads.first?.data["what"]?.stringValue == "caller")
            #expect(reads.first?.data["reason"]?.stringValue == "callback")
            // The auditor sees the caller masked, so nothing personal was read.
            let audit = try await client.login("audit")
            #expect(try await client.call(.get, "/v1/incidents/\(id)", token: audit).json["caller"]?["phone"]?.stringValue == "138****5678")
            #expect(try await world.store.auditEvents(AuditQuery(subject: id, type: "personalData.read"), scope: .everything).count == 1)
            let unit = world.fixtures.unitsA[0].id.rawValue
            #expect(try await client.call(.get, "/v1/units/\(unit)/track", token: disp).status == .ok)
            #expect(try await world.store.auditEvents(AuditQuery(subject: unit, type: "personalData.read"), scope: .everything).first?.data["what"]?.stringValue == "track")

            _ = try await client.call(.post, "/v1/auth/login", json: ["username": "disp", "password": "not-the-password"])
            _ = try await client.call(.post, "/v1/auth/login", json: ["username": "nobody-at-all", "password": "not-the-password"])
            #expect(try await client.call(.post, "/v1/auth/logout", token: disp).status == .noContent)
            let types = try await world.store.auditEvents(AuditQuery(type: "user."), scope: .everything).prefix(3).map(\.type.rawValue)
            #expect(types == ["user.loggedOut", "user.loginFailed", "user.loginFailed"])
            let unknown = try await world.store.auditEvents(AuditQuery(subject: "username:nobody-at-all"), scope: .everything)
            #expect(unknown.first?.path == "/")
        }
    }
}
