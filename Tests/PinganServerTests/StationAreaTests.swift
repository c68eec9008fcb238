import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import PinganTestSupport
import Testing

/// Station areas decide which station files a call, and a station's officers file only on their
/// own ground (issue 16).
@Suite("Station areas")
struct StationAreaTests {
    /// A rectangle as a GeoJSON Polygon.
    static func box(_ south: Double, _ west: Double, _ north: Double, _ east: Double) -> JSONValue {
        let ring: [JSONValue] = [[west, south], [east, south], [east, north], [west, north], [west, south]].map { .array($0.map { .number($0) }) }
        return .object(["type": "Polygon", "coordinates": .array([.array(ring)])])
    }

    @Test func areasFileCallsAndRefuseTheRest() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp"), offA = try await client.login("offA")
            let f = world.fixtures
            // Station B answers for a box around Nanjing Road East, A's building included; A for a box to the west.
            let b = try await client.call(.get, "/v1/jurisdictions/\(f.stationB.id.rawValue)", token: boss)
            let setB = try await client.call(.patch, "/v1/jurisdictions/\(f.stationB.id.rawValue)", token: boss, json: [
                "version": .number(b.json["version"]?.doubleValue ?? 0), "area": Self.box(31.228, 121.478, 31.240, 121.495),
            ])
            #expect(setB.status == .ok && setB.json["area"]?["type"]?.stringValue == "Polygon", "\(setB.text)")
            let a = try await client.call(.get, "/v1/jurisdictions/\(f.stationA.id.rawValue)", token: boss)
            #expect(try await client.call(.patch, "/v1/jurisdictions/\(f.stationA.id.rawValue)", token: boss, json: [
                "version": .number(a.json["version"]?.doubleValue ?? 0), "area": Self.box(31.228, 121.460, 31.240, 121.478),
            ]).status == .ok)

            // Next to A's building but inside B's area: B files it.
            let inB = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(lat: 31.2352, lon: 121.4801))
            #expect(inB.status == .created && inB.json["jurisdictionID"]?.stringValue == f.stationB.id.rawValue, "\(inB.text)")
            // Beijing is nobody's.
            let beijing = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(lat: 39.9, lon: 116.4))
            #expect(beijing.status == .unprocessableContent && beijing.code == "outside_jurisdiction" && beijing.json["field"]?.stringValue == "location",
                    "\(beijing.text)")
            // Just outside every area but within 1 km of station B: filed there.
            let near = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(lat: 31.2270, lon: 121.4900))
            #expect(near.status == .created && near.json["jurisdictionID"]?.stringValue == f.stationB.id.rawValue, "\(near.text)")
            // A's officer on B's ground is refused; on A's own ground files it.
            let foreign = try await client.call(.post, "/v1/incidents", token: offA, json: callJSON(lat: 31.2352, lon: 121.4801))
            #expect(foreign.status == .unprocessableContent && foreign.code == "outside_scope", "\(foreign.text)")
            let own = try await client.call(.post, "/v1/incidents", token: offA, json: callJSON(lat: 31.2330, lon: 121.4700))
            #expect(own.status == .created && own.json["jurisdictionID"]?.stringValue == f.stationA.id.rawValue, "\(own.text)")
            let refusedStoredNothing = try await client.call(.get, "/v1/incidents", token: boss)
            #expect(refusedStoredNothing.json["total"]?.doubleValue == 3)

            // `"area": null` clears; a bad ring is refused with the field named.
            let b2 = try await client.call(.get, "/v1/jurisdictions/\(f.stationB.id.rawValue)", token: boss)
            let crossing: JSONValue = .object(["type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]])
            let bad = try await client.call(.patch, "/v1/jurisdictions/\(f.stationB.id.rawValue)", token: boss, json: [
                "version": .number(b2.json["version"]?.doubleValue ?? 0), "area": crossing,
            ])
            #expect(bad.status == .unprocessableContent || bad.status == .badRequest, "\(bad.text)")
            let cleared = try await client.call(.patch, "/v1/jurisdictions/\(f.stationB.id.rawValue)", token: boss, json: [
                "version": .number(b2.json["version"]?.doubleValue ?? 0), "area": .null,
            ])
            #expect(cleared.status == .ok && cleared.json["area"] == nil, "\(cleared.text)")
        }
    }

    /// Bulk import over HTTP: bad rows listed with nothing stored, then the same files twice.
    @Test func importChecksTheWholeBodyAndIsIdempotent() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let stations: JSONValue = .object(["type": "FeatureCollection", "features": [
                .object(["type": "Feature", "properties": ["code": "HP03", "parent": "HP", "level": "station", "name": "新站", "lat": 31.22, "lon": 121.47],
                         "geometry": Self.box(31.215, 121.465, 31.225, 121.475)]),
            ]])
            let bad: JSONValue = ["jurisdictions": stations, "units": "callsign,kind,station,crew\nHP03-1,patrolCar,HP03,2\nHP03-2,boat,HP03,2\n",
                                  "users": "username,displayName,role,jurisdiction,unit\nnew1,新人,fieldOfficer,HP09,\n"]
            let refused = try await client.call(.post, "/v1/import", token: boss, json: bad)
            #expect(refused.status == .unprocessableContent && refused.code == "import_invalid", "\(refused.text)")
            let rows = refused.json["errors"]?.arrayValue ?? []
            #expect(rows.count == 2)
            #expect(rows.contains { $0["section"]?.stringValue == "units" && $0["line"]?.doubleValue == 3 && $0["field"]?.stringValue == "kind" })
            #expect(rows.contains { $0["section"]?.stringValue == "users" && $0["line"]?.doubleValue == 2 && $0["field"]?.stringValue == "jurisdiction" })
            #expect(try await world.store.jurisdictions(scope: .everything).count == 5)

            let good: JSONValue = ["jurisdictions": stations, "units": "callsign,kind,station,crew\nHP03-1,patrolCar,HP03,2\n",
                                   "users": "username,displayName,role,jurisdiction,unit\nnew1,新人,fieldOfficer,HP03,HP03-1\n"]
            let done = try await client.call(.post, "/v1/import", token: boss, json: good)
            #expect(done.status == .ok && done.json["created"]?["units"]?.doubleValue == 1 && done.json["created"]?["jurisdictions"]?.doubleValue == 1, "\(done.text)")
            let password = try #require(done.json["passwords"]?.arrayValue?.first?["password"]?.stringValue)
            let again = try await client.call(.post, "/v1/import", token: boss, json: good)
            #expect(again.json["unchanged"]?["units"]?.doubleValue == 1 && again.json["created"]?["users"]?.doubleValue == 0, "\(again.text)")
            #expect(again.json["passwords"]?.arrayValue?.isEmpty == true)
            // A dispatcher may not import; the new station's area files calls at once.
            #expect(try await client.call(.post, "/v1/import", token: disp, json: good).status == .forbidden)
            let call = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON(lat: 31.22, lon: 121.47))
            let hp03 = try #require(try await world.store.jurisdictions(scope: .everything).first { $0.code == "HP03" })
            #expect(call.json["jurisdictionID"]?.stringValue == hp03.id.rawValue, "\(call.text)")

            let units = try await client.call(.get, "/v1/export?section=units", token: boss)
            #expect(units.status == .ok && units.text.hasPrefix("callsign,kind,station,crew\n") && units.text.contains("HP03-1,patrolCar,HP03,2\n"))
            #expect(try await client.call(.get, "/v1/export?section=nope", token: boss).status == .badRequest)

            // The imported user must replace the one-time password before anything else.
            let newcomer = try await client.call(.post, "/v1/auth/login", json: ["username": "new1", "password": .string(password)])
            #expect(newcomer.status == .ok && newcomer.json["mustChangePassword"] == .bool(true), "\(newcomer.text)")
            let token = try #require(newcomer.json["token"]?.stringValue)
            let blocked = try await client.call(.get, "/v1/incidents", token: token)
            #expect(blocked.status == .forbidden && blocked.code == "password_change_required", "\(blocked.text)")
            #expect(try await client.call(.get, "/v1/me", token: token).status == .ok)
            let wrong = try await client.call(.post, "/v1/auth/password", token: token, json: ["currentPassword": "nope", "newPassword": "my own long password"])
            #expect(wrong.status == .forbidden, "\(wrong.text)")
            let changed = try await client.call(.post, "/v1/auth/password", token: token, json: ["currentPassword": .string(password), "newPassword": "my own long password"])
            #expect(changed.status == .noContent, "\(changed.text)")
            #expect(try await client.call(.get, "/v1/incidents", token: token).status == .ok)
        }
    }
}
