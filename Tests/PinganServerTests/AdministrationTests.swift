import Foundation
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

@Suite("Administration: edit and retire with versions, every change audited")
struct AdministrationTests {
    static let square: JSONValue = [["lat": 31.23, "lon": 121.47], ["lat": 31.23, "lon": 121.48], ["lat": 31.24, "lon": 121.48], ["lat": 31.24, "lon": 121.47]]

    @Test func renameIsVersionedAndAStaleEditIsRefused() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let station = world.fixtures.stationA.id.rawValue
            let renamed = try await client.call(.patch, "/v1/jurisdictions/\(station)", token: boss, json: ["version": 1, "name": "南京东路新所"])
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"]?.stringValue == "南京东路新所")
            #expect(renamed.json["version"] == .number(2))
            #expect(renamed.json["code"]?.stringValue == "HP01")
            let before = try await world.store.lastSequence()
            let stale = try await client.call(.patch, "/v1/jurisdictions/\(station)", token: boss, json: ["version": 1, "name": "又改"])
            #expect(stale.status == .conflict)
            #expect(stale.code == "stale_version")
            #expect(try await world.store.lastSequence() == before)
            let events = try await world.store.auditEvents(AuditQuery(subject: station, type: "jurisdiction.updated"), scope: .everything)
            #expect(events.count == 1)
            #expect(events.first?.command == "UpdateJurisdiction")
            // Unknown keys, blank names and bad codes are refused, nothing stored.
            for bad: JSONValue in [["version": 2, "name": ""], ["version": 2, "code": "HP 01"], ["version": 2, "colour": "red"], ["name": "x"]] {
                let reply = try await client.call(.patch, "/v1/jurisdictions/\(station)", token: boss, json: bad)
                #expect(reply.status.code == 400 || reply.status.code == 422, "\(bad): \(reply.text)")
                #expect(reply.isProblem)
            }
            #expect(try await world.store.lastSequence() == before)
        }
    }

    @Test func zoneIsRedrawnAndACrossingBoundaryIsRefused() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let created = try await client.call(.post, "/v1/zones", token: boss,
                                                json: ["stationID": .string(world.fixtures.stationA.id.rawValue), "name": "巡区", "boundary": Self.square])
            let id = try #require(created.json["id"]?.stringValue)
            // A closed ring is accepted and stored open.
            let closed: JSONValue = [["lat": 31.23, "lon": 121.47], ["lat": 31.23, "lon": 121.49], ["lat": 31.25, "lon": 121.49], ["lat": 31.23, "lon": 121.47]]
            let redrawn = try await client.call(.patch, "/v1/zones/\(id)", token: boss, json: ["version": 1, "boundary": closed])
            #expect(redrawn.status == .ok, "\(redrawn.text)")
            #expect(redrawn.json["boundary"]?.arrayCount == 3)
            let before = try await world.store.lastSequence()
            let bowTie: JSONValue = [["lat": 31.23, "lon": 121.47], ["lat": 31.24, "lon": 121.48], ["lat": 31.23, "lon": 121.48], ["lat": 31.24, "lon": 121.47]]
            let crossed = try await client.call(.patch, "/v1/zones/\(id)", token: boss, json: ["version": 2, "boundary": bowTie])
            #expect(crossed.status == .unprocessableContent)
            #expect(crossed.code == "invalid_geometry")
            let repeated: JSONValue = [["lat": 31.23, "lon": 121.47], ["lat": 31.23, "lon": 121.47], ["lat": 31.24, "lon": 121.48], ["lat": 31.24, "lon": 121.47]]
            #expect(try await client.call(.patch, "/v1/zones/\(id)", token: boss, json: ["version": 2, "boundary": repeated]).code == "invalid_geometry")
            let tooFew: JSONValue = [["lat": 31.23, "lon": 121.47], ["lat": 31.24, "lon": 121.48]]
            #expect(try await client.call(.patch, "/v1/zones/\(id)", token: boss, json: ["version": 2, "boundary": tooFew]).status == .unprocessableContent)
            #expect(try await world.store.lastSequence() == before)
            let retired = try await client.call(.patch, "/v1/zones/\(id)", token: boss, json: ["version": 2, "active": false])
            #expect(retired.json["active"] == .bool(false))
            #expect(try await world.store.auditEvents(AuditQuery(subject: id, type: "zone."), scope: .everything).map(\.type.rawValue)
                    == ["zone.updated", "zone.updated", "zone.created"])
        }
    }

    @Test func unitsAndStationsAtWorkAreNotRetired() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let disp = try await client.login("disp")
            let busy = world.fixtures.unitsA[0].id.rawValue
            let incident = try #require(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON()).json["id"]?.stringValue)
            #expect(try await client.call(.post, "/v1/incidents/\(incident)/assign", token: disp, json: ["unitIDs": [.string(busy)]]).status == .ok)
            let before = try await world.store.lastSequence()
            let unitVersion = try #require(try await client.call(.get, "/v1/units/\(busy)", token: boss).json["version"])
            let refused = try await client.call(.patch, "/v1/units/\(busy)", token: boss, json: ["version": unitVersion, "active": false])
            #expect(refused.status == .conflict)
            #expect(refused.code == "in_use")
            let station = try await client.call(.patch, "/v1/jurisdictions/\(world.fixtures.stationA.id.rawValue)", token: boss, json: ["version": 1, "active": false])
            #expect(station.code == "in_use")
            #expect(try await world.store.lastSequence() == before)

            let free = world.fixtures.unitsA[1].id.rawValue
            let retired = try await client.call(.patch, "/v1/units/\(free)", token: boss, json: ["version": 1, "active": false])
            #expect(retired.status == .ok)
            #expect(retired.json["status"]?.stringValue == "offDuty")
            let back = try await client.call(.post, "/v1/units/\(free)/status", token: disp, json: ["status": "available"])
            #expect(back.code == "inactive")
            // A retired station takes nothing new.
            let stationB = world.fixtures.stationB.id.rawValue
            for unit in world.fixtures.unitsB {
                _ = try await client.call(.patch, "/v1/units/\(unit.id.rawValue)", token: boss, json: ["version": 1, "active": false])
            }
            #expect(try await client.call(.patch, "/v1/jurisdictions/\(stationB)", token: boss, json: ["version": 1, "active": false]).status == .ok)
            let newUnit = try await client.call(.post, "/v1/units", token: boss, json: ["callsign": "B-9", "kind": "patrolCar", "stationID": .string(stationB), "crew": 2])
            #expect(newUnit.code == "inactive")
            // Only an administrator retires: a dispatcher may create units but not retire them.
            #expect(try await client.call(.patch, "/v1/units/\(busy)", token: disp, json: ["version": unitVersion, "crew": 3]).status == .forbidden)
        }
    }

    @Test func disablingAUserEndsTheirSessionsAndIsAudited() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let offA = try await client.login("offA")
            let users = try await client.call(.get, "/v1/users", token: boss).json
            let offAID = try #require(users.arrayValue?.first { $0["username"]?.stringValue == "offA" }?["id"]?.stringValue)
            #expect(try await client.call(.get, "/v1/me", token: offA).status == .ok)
            let disabled = try await client.call(.patch, "/v1/users/\(offAID)", token: boss, json: ["version": 1, "disabled": true])
            #expect(disabled.status == .ok)
            #expect(disabled.json["disabled"] == .bool(true))
            #expect(disabled.json["passwordHash"] == nil)
            #expect(try await client.call(.get, "/v1/me", token: offA).status == .unauthorized)
            let again = try await client.call(.post, "/v1/auth/login", json: ["username": "offA", "password": .string(TestWorld.password)])
            #expect(again.status == .unauthorized)
            let types = try await world.store.auditEvents(AuditQuery(subject: offAID), scope: .everything).map(\.type.rawValue)
            #expect(types.starts(with: ["user.loginFailed", "user.sessionsRevoked", "user.updated"]))

            // A new password ends the sessions the old one opened.
            let disp = try await client.login("disp")
            let dispID = try #require(users.arrayValue?.first { $0["username"]?.stringValue == "disp" }?["id"]?.stringValue)
            let short = try await client.call(.post, "/v1/users/\(dispID)/password", token: boss, json: ["password": "short"])
            #expect(short.status == .unprocessableContent)
            #expect(try await client.call(.post, "/v1/users/\(dispID)/password", token: boss, json: ["password": "a-new-long-password"]).status == .noContent)
            #expect(try await client.call(.get, "/v1/me", token: disp).status == .unauthorized)
            _ = try await client.login("disp", password: "a-new-long-password")
        }
    }

    @Test func administratorsStayInsideTheirScopeAndBelowThemselves() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let bossID = try #require(try await client.call(.get, "/v1/me", token: boss).json["id"]?.stringValue)
            // An administrator of station A.
            let created = try await client.call(.post, "/v1/users", token: boss, json: [
                "username": "adminA", "displayName": "A", "role": "admin", "jurisdictionID": .string(world.fixtures.stationA.id.rawValue),
                "password": .string(TestWorld.password),
            ])
            let adminAID = try #require(created.json["id"]?.stringValue)
            let adminA = try await client.login("adminA")
            let before = try await world.store.lastSequence()
            // The city administrator is outside station A's scope: not found, not forbidden.
            #expect(try await client.call(.patch, "/v1/users/\(bossID)", token: adminA, json: ["version": 1, "disabled": true]).status == .notFound)
            // Station B's officer likewise; moving a user into station B is moving them out of scope.
            let users = try await client.call(.get, "/v1/users", token: boss).json.arrayValue ?? []
            let offB = try #require(users.first { $0["username"]?.stringValue == "offB" }?["id"]?.stringValue)
            let offA = try #require(users.first { $0["username"]?.stringValue == "offA" }?["id"]?.stringValue)
            #expect(try await client.call(.patch, "/v1/users/\(offB)", token: adminA, json: ["version": 1, "displayName": "x"]).status == .notFound)
            let moved = try await client.call(.patch, "/v1/users/\(offA)", token: adminA,
                                              json: ["version": 1, "jurisdictionID": .string(world.fixtures.stationB.id.rawValue)])
            #expect(moved.status == .notFound)
            // Nobody disables themselves or raises their own role.
            #expect(try await client.call(.patch, "/v1/users/\(adminAID)", token: adminA, json: ["version": 1, "disabled": true]).status == .forbidden)
            // A second administrator of the same station is not the first one's to edit.
            _ = try await client.call(.post, "/v1/users", token: boss, json: [
                "username": "adminA2", "displayName": "A2", "role": "admin", "jurisdictionID": .string(world.fixtures.stationA.id.rawValue),
                "password": .string(TestWorld.password),
            ])
            let after = try await world.store.lastSequence()
            let peer = try #require(try await client.call(.get, "/v1/users", token: adminA).json.arrayValue?.first { $0["username"]?.stringValue == "adminA2" }?["id"]?.stringValue)
            #expect(try await client.call(.patch, "/v1/users/\(peer)", token: adminA, json: ["version": 1, "disabled": true]).status == .forbidden)
            #expect(try await world.store.lastSequence() == after)
            #expect(after == before + 1)
            // Inside the scope, the edit works and names the new role.
            let changed = try await client.call(.patch, "/v1/users/\(offA)", token: adminA, json: ["version": 1, "role": "dispatcher"])
            #expect(changed.json["role"]?.stringValue == "dispatcher")
        }
    }
}
