import Foundation
import Hummingbird
import NIOCore
import HummingbirdTesting
import PinganCore
import PinganServer
import PinganStore
import Testing

/// One hostile or broken request body for `POST /v1/incidents`, and the problem it must get.
struct BadBody: Sendable, CustomTestStringConvertible {
    let name: String
    let body: String
    let status: Int
    let code: String
    var field: String?
    var testDescription: String { name }
}

/// Builds the body of a valid call with one part replaced by raw JSON text.
func rawCall(replacing key: String? = nil, with raw: String? = nil, adding extra: String? = nil) -> String {
    var members: [(String, String)] = [
        ("category", "\"dispute\""), ("priority", "2"), ("location", #"{"lat": 31.2352, "lon": 121.4801}"#),
        ("address", "\"南京东路300号\""), ("callerName", "\"张三\""), ("callerPhone", "\"13812345678\""), ("description", "\"争吵\""),
    ]
    if let key {
        if let raw { members = members.map { $0.0 == key ? ($0.0, raw) : $0 } } else { members.removeAll { $0.0 == key } }
    }
    var text = members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
    if let extra { text += ", " + extra }
    return "{\(text)}"
}

@Suite("Bad input never reaches the store")
struct BadInputTests {
    static let bodies: [BadBody] = [
        BadBody(name: "malformed JSON", body: #"{"category": "dispute","#, status: 400, code: "malformed_json"),
        BadBody(name: "empty body", body: "", status: 400, code: "malformed_json"),
        BadBody(name: "not JSON at all", body: "category=dispute", status: 400, code: "malformed_json"),
        BadBody(name: "array instead of object", body: "[1, 2, 3]", status: 400, code: "invalid_field"),
        BadBody(name: "null instead of object", body: "null", status: 400, code: "invalid_field"),
        BadBody(name: "missing field", body: rawCall(replacing: "address"), status: 400, code: "invalid_field", field: "address"),
        BadBody(name: "extra field", body: rawCall(adding: #""priorty": 1"#), status: 400, code: "unknown_field", field: "priorty"),
        BadBody(name: "extra nested field", body: rawCall(replacing: "location", with: #"{"lat": 31.2, "lon": 121.4, "alt": 3}"#),
                status: 400, code: "unknown_field", field: "location.alt"),
        BadBody(name: "wrong type string for number", body: rawCall(replacing: "priority", with: "\"high\""), status: 400, code: "invalid_field", field: "priority"),
        BadBody(name: "wrong type number for string", body: rawCall(replacing: "address", with: "42"), status: 400, code: "invalid_field", field: "address"),
        BadBody(name: "wrong type for object", body: rawCall(replacing: "location", with: "\"here\""), status: 400, code: "invalid_field", field: "location"),
        BadBody(name: "null for required", body: rawCall(replacing: "category", with: "null"), status: 400, code: "invalid_field", field: "category"),
        BadBody(name: "priority out of range", body: rawCall(replacing: "priority", with: "7"), status: 400, code: "invalid_field", field: "priority"),
        BadBody(name: "unknown category", body: rawCall(replacing: "category", with: "\"aliens\""), status: 409, code: "unknown_category", field: "category"),
        BadBody(name: "latitude 91", body: rawCall(replacing: "location", with: #"{"lat": 91, "lon": 121.4}"#), status: 422, code: "invalid_field", field: "location"),
        BadBody(name: "longitude 181", body: rawCall(replacing: "location", with: #"{"lat": 31.2, "lon": 181}"#), status: 422, code: "invalid_field", field: "location"),
        BadBody(name: "NaN as a string", body: rawCall(replacing: "location", with: #"{"lat": "NaN", "lon": 121.4}"#), status: 422, code: "invalid_field", field: "location"),
        BadBody(name: "Infinity as a string", body: rawCall(replacing: "location", with: #"{"lat": 31.2, "lon": "-Infinity"}"#), status: 422, code: "invalid_field", field: "location"),
        BadBody(name: "number too large for a double", body: rawCall(replacing: "location", with: #"{"lat": 1e999, "lon": 121.4}"#),
                status: 400, code: "malformed_json"),
        BadBody(name: "duplicate keys", body: rawCall(adding: #""category": "fire""#), status: 400, code: "malformed_json"),
        BadBody(name: "duplicate key spelled with an escape", body: rawCall(adding: #""\u0063ategory": "fire""#), status: 400, code: "malformed_json",
                field: "category"),
        BadBody(name: "NaN as a bare token", body: rawCall(replacing: "location", with: #"{"lat": NaN, "lon": 121.4}"#), status: 400, code: "malformed_json"),
        BadBody(name: "100k-character description", body: rawCall(replacing: "description", with: "\"\(String(repeating: "长", count: 100_000))\""),
                status: 422, code: "invalid_field", field: "description"),
        BadBody(name: "100k-character address", body: rawCall(replacing: "address", with: "\"\(String(repeating: "a", count: 100_000))\""),
                status: 422, code: "invalid_field", field: "address"),
        BadBody(name: "control character in address", body: rawCall(replacing: "address", with: #""南京东路\u0007300号""#),
                status: 422, code: "invalid_field", field: "address"),
        BadBody(name: "NUL in caller name", body: rawCall(replacing: "callerName", with: #""张\u0000三""#), status: 422, code: "invalid_field", field: "callerName"),
        BadBody(name: "letters in phone", body: rawCall(replacing: "callerPhone", with: "\"call me\""), status: 422, code: "invalid_field", field: "callerPhone"),
        BadBody(name: "blank address", body: rawCall(replacing: "address", with: "\"   \""), status: 422, code: "invalid_field", field: "address"),
        BadBody(name: "deeply nested JSON", body: rawCall(adding: "\"x\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
                status: 400, code: "malformed_json"),
        BadBody(name: "invalid UTF-8 escape", body: rawCall(replacing: "address", with: #""\uD800""#), status: 400, code: "malformed_json"),
        BadBody(name: "right-to-left override in address", body: rawCall(replacing: "address", with: #""南京东路\u202E号003""#),
                status: 422, code: "invalid_field", field: "address"),
        BadBody(name: "first-strong isolate in caller name", body: rawCall(replacing: "callerName", with: #""\u2068张三\u2069""#),
                status: 422, code: "invalid_field", field: "callerName"),
        BadBody(name: "left-to-right embedding in description", body: rawCall(replacing: "description", with: #""争吵\u202A""#),
                status: 422, code: "invalid_field", field: "description"),
    ]

    @Test(arguments: bodies)
    func refused(_ bad: BadBody) async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let before = try await world.store.lastSequence()
            let reply = try await client.call(.post, "/v1/incidents", token: token, body: bad.body)
            #expect(reply.status.code == bad.status, "\(reply.text.prefix(300))")
            #expect(reply.code == bad.code)
            #expect(reply.isProblem)
            if let field = bad.field { #expect(reply.field == field) }
            #expect(reply.json["type"]?.stringValue != nil && reply.json["title"]?.stringValue != nil)
            #expect(reply.json["status"] == .number(Double(bad.status)))
            #expect(try await world.store.lastSequence() == before)
        }
    }

    /// A step whose body may be empty or `{}` still refuses a JSON `null` (or any non-object):
    /// the schema says object, and the fuzzing holds every route to it.
    @Test func emptyBodyStepsRefuseNull() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let created = try await client.call(.post, "/v1/incidents", token: token, body: rawCall())
            let id = try #require(created.json["id"]?.stringValue)
            let before = try await world.store.lastSequence()
            for body in ["null", "[]", "7", "\"x\""] {
                let reply = try await client.call(.post, "/v1/incidents/\(id)/unmerge", token: token, body: body)
                #expect(reply.status == .badRequest, "\(body): \(reply.text.prefix(200))")
                #expect(reply.code == "invalid_field")
            }
            #expect(try await world.store.lastSequence() == before)
        }
    }

    /// A body is read as JSON only when it says so: a form or `text/plain` post (what a page on
    /// another site can send without a preflight) is refused with 415 and stores nothing.
    @Test func bodiesMustBeDeclaredJSON() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let before = try await world.store.lastSequence()
            let body = try String(decoding: JSONCoding.encoder.encode(callJSON()), as: UTF8.self)
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "multipart/form-data"] {
                let reply = try await client.call(.post, "/v1/incidents", token: token, body: body, headers: ["Content-Type": type])
                #expect(reply.status == .unsupportedMediaType, "\(type)")
                #expect(reply.code == "unsupported_media_type")
                #expect(reply.field == "Content-Type")
            }
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            let bare = try await client.execute(uri: "/v1/incidents", method: .post, headers: headers, body: ByteBuffer(string: body)) { $0.status }
            #expect(bare == .unsupportedMediaType)
            #expect(try await world.store.lastSequence() == before)
            let declared = try await client.call(.post, "/v1/incidents", token: token, body: body, headers: ["Content-Type": "application/json; charset=UTF-8"])
            #expect(declared.status == .created)
        }
    }

    @Test func callsignsAndNamesRefuseBidiControls() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("boss")
            let before = try await world.store.lastSequence()
            let unit = try await client.call(.post, "/v1/units", token: token,
                                             json: ["callsign": "HP01-\u{202E}9", "kind": "patrolCar", "stationID": .string(world.fixtures.stationA.id.rawValue), "crew": 2])
            #expect(unit.status == .unprocessableContent)
            #expect(unit.field == "callsign")
            let station = try await client.call(.post, "/v1/jurisdictions", token: token,
                                                json: ["parentID": .string(world.fixtures.district.id.rawValue), "level": "station", "code": "HP09",
                                                       "name": "\u{2067}外滩派出所"])
            #expect(station.status == .unprocessableContent)
            #expect(station.field == "name")
            #expect(try await world.store.lastSequence() == before)
        }
    }

    /// A path the API has, asked with a method it does not take: 405 naming what it takes.
    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestWorld.run { _, client in
            let token = try await client.login("disp")
            let trace = try await client.call(.init(rawValue: "TRACE")!, "/healthz")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET")
            #expect(trace.code == "method_not_allowed")
            let delete = try await client.call(.delete, "/v1/incidents", token: token)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "POST, GET")
            let put = try await client.call(.put, "/v1/incidents/some-id/transition", token: token, body: "{}")
            #expect(put.headers[.allow] == "POST")
            // A path the API does not have stays 404.
            #expect(try await client.call(.delete, "/v1/nothing-here", token: token).status == .notFound)
        }
    }

    @Test func tenMegabyteBodyIsTooLarge() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let before = try await world.store.lastSequence()
            let body = rawCall(replacing: "description", with: "\"\(String(repeating: "x", count: 10 << 20))\"")
            let reply = try await client.call(.post, "/v1/incidents", token: token, body: body)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.code == "body_too_large")
            #expect(try await world.store.lastSequence() == before)
        }
    }

    @Test func sqlAndScriptTextIsStoredVerbatim() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let sql = "'; DROP TABLE incidents; -- \" OR 1=1"
            let script = "<script>alert('x')</script>&amp;"
            let created = try await client.call(.post, "/v1/incidents", token: token,
                                                json: ["category": "dispute", "priority": 2, "location": ["lat": 31.2352, "lon": 121.4801],
                                                       "address": .string(script), "description": .string(sql)])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.contentType]?.hasPrefix("application/json") == true)
            let id = try #require(created.json["id"]?.stringValue)
            let shown = try await client.call(.get, "/v1/incidents/\(id)", token: token)
            #expect(shown.json["description"]?.stringValue == sql)
            #expect(shown.json["address"]?.stringValue == script)
            let found = try await client.call(.get, "/v1/incidents?q=\("DROP TABLE".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", token: token)
            #expect(found.json["total"] == .number(1))
            let injected = try await client.call(.get, "/v1/incidents?q=%27%20OR%20%271%27%3D%271", token: token)
            #expect(injected.json["total"] == .number(0))
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == 1)
            #expect(try await world.store.verifyChain().isIntact)
        }
    }

    @Test func illegalTransitionIsAConflict() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let id = try #require(try await client.call(.post, "/v1/incidents", token: token, json: callJSON()).json["id"]?.stringValue)
            let before = try await world.store.lastSequence()
            for (body, code) in [(#"{"status": "onScene"}"#, "illegal_transition"), (#"{"status": "closed"}"#, "illegal_transition"),
                                 (#"{"status": "teleported"}"#, "invalid_field")] {
                let reply = try await client.call(.post, "/v1/incidents/\(id)/transition", token: token, body: body)
                #expect(reply.code == code, "\(body)")
                #expect(reply.status.code == (code == "illegal_transition" ? 409 : 400))
            }
            let feedback = try await client.call(.post, "/v1/incidents/\(id)/feedback", token: token, json: ["outcome": "x", "summary": "y"])
            #expect(feedback.status == .conflict)
            #expect(feedback.code == "illegal_transition")
            let unknown = try await client.call(.post, "/v1/incidents/no-such-id/transition", token: token, json: ["status": "cancelled"])
            #expect(unknown.status == .notFound)
            #expect(unknown.code == "not_found")
            #expect(try await world.store.lastSequence() == before)
        }
    }

    @Test func oneUnitCannotWorkTwoIncidents() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            let one = try #require(try await client.call(.post, "/v1/incidents", token: token, json: callJSON()).json["id"]?.stringValue)
            let two = try #require(try await client.call(.post, "/v1/incidents", token: token, json: callJSON()).json["id"]?.stringValue)
            let unit = JSONValue.string(world.fixtures.unitsA[0].id.rawValue)
            #expect(try await client.call(.post, "/v1/incidents/\(one)/assign", token: token, json: ["unitIDs": [unit]]).status == .ok)
            let before = try await world.store.lastSequence()
            let again = try await client.call(.post, "/v1/incidents/\(two)/assign", token: token, json: ["unitIDs": [unit]])
            #expect(again.status == .conflict)
            #expect(again.code == "unit_already_assigned")
            let notThere = try await client.call(.post, "/v1/incidents/\(two)/unassign", token: token, json: ["unitID": unit])
            #expect(notThere.status == .conflict)
            #expect(notThere.code == "unit_not_assigned")
            let empty = try await client.call(.post, "/v1/incidents/\(two)/assign", token: token, json: ["unitIDs": []])
            #expect(empty.status == .unprocessableContent)
            #expect(try await world.store.lastSequence() == before)
        }
    }

    @Test func expiredTokenCannotWrite() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            world.time.advance(by: 13 * 3600)
            let before = try await world.store.lastSequence()
            let reply = try await client.call(.post, "/v1/incidents", token: token, json: callJSON())
            #expect(reply.status == .unauthorized)
            #expect(reply.code == "token_expired")
            #expect(try await world.store.lastSequence() == before)
        }
    }
}
