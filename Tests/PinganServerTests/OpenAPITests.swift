import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    /// Every route the routers answer is documented, and every documented operation is routed.
    @Test func documentMatchesRoutes() async throws {
        let routers = try Self.routers(try await TestWorld.make())
        let routed = Set((routers.http.routes + routers.webSocket.routes).map { "\($0.method.rawValue) \($0.path)" })
        let documented = Set(APIOperation.all.map { "\($0.method) \($0.path)" })
        #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        #expect(routed.count >= 30)
    }

    @Test func servedDocumentIsOpenAPI31() async throws {
        try await TestWorld.run { _, client in
            let reply = try await client.call(.get, "/openapi.json")
            #expect(reply.status == .ok)
            #expect(reply.json["openapi"]?.stringValue == "3.1.0")
            let paths = try #require(reply.json["paths"])
            #expect(paths["/v1/incidents/{id}/transition"]?["post"]?["requestBody"] != nil)
            var count = 0
            if case .object(let all) = paths {
                for (_, ops) in all { if case .object(let o) = ops { count += o.count } }
            }
            #expect(count == APIOperation.all.count)
        }
    }

    /// Issue 15: no body goes undescribed. Every request body is a closed object whose members
    /// are typed; every reply with a body has a schema; nothing anywhere is the empty `{}`.
    @Test func everyBodyHasARealSchema() throws {
        let document = OpenAPIDocument.build()
        var problems: [String] = []
        func typed(_ schema: JSONValue, at path: String, request: Bool) {
            guard case .object(let o) = schema else { problems.append("\(path): not an object"); return }
            let kinds = ["type", "$ref", "anyOf", "oneOf", "const", "not"]
            if !kinds.contains(where: { o[$0] != nil }) && !(o["description"] != nil && !request) {
                problems.append("\(path): untyped schema \(schema.canonicalText.prefix(80))")
            }
            // Closed objects, or dictionaries whose keys and values are both described.
            if o["type"] == "object" && request && o["additionalProperties"] != false && o["propertyNames"] == nil {
                problems.append("\(path): a request object must refuse unknown members")
            }
            if case .object(let members)? = o["properties"] {
                for (name, member) in members { typed(member, at: "\(path).\(name)", request: request) }
            }
            for key in ["items", "not"] { if let inner = o[key] { typed(inner, at: "\(path)[\(key)]", request: request) } }
            if case .object? = o["additionalProperties"], let inner = o["additionalProperties"] { typed(inner, at: "\(path){}", request: request) }
            if case .array(let variants)? = o["anyOf"] { for v in variants { typed(v, at: "\(path)|", request: request) } }
        }
        guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
        var bodies = 0
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, op) in methods {
                let name = "\(method.uppercased()) \(path)"
                if let schema = op["requestBody"]?["content"]?["application/json"]?["schema"] {
                    typed(schema, at: name, request: true)
                    bodies += 1
                }
                if case .array(let parameters)? = op["parameters"] {
                    for p in parameters { typed(p["schema"] ?? .null, at: "\(name) ?\(p["name"]?.stringValue ?? "")", request: true) }
                }
                guard case .object(let responses)? = op["responses"] else { problems.append("\(name): no responses"); continue }
                for (status, response) in responses where status != "204" && status != "101" {
                    guard case .object(let content)? = response["content"], let (_, media) = content.first, let schema = media["schema"] else {
                        problems.append("\(name) \(status): no body schema"); continue
                    }
                    typed(schema, at: "\(name) \(status)", request: false)
                }
            }
        }
        guard case .object(let components)? = document["components"]?["schemas"] else { Issue.record("no components"); return }
        for (name, schema) in components { typed(schema, at: "#/\(name)", request: false) }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(bodies >= 20)
        // The values the core accepts are the document's: category codes as policies may add them, priorities 1-4.
        let create = try #require(paths["/v1/incidents"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"])
        #expect(create["properties"]?["category"]?["pattern"]?.stringValue == "^[A-Za-z0-9_-]+$")
        #expect(create["properties"]?["priority"]?["minimum"] == .number(1))
        #expect(create["properties"]?["priority"]?["maximum"] == .number(4))
        #expect(create["required"] == ["address", "category", "description", "location", "priority"])
    }

    /// Replies the server really sends carry every member their component marks required.
    @Test func repliesCarryTheirRequiredMembers() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("boss")
            let document = OpenAPIDocument.build()
            func check(_ value: JSONValue, against component: String) {
                guard case .array(let required)? = document["components"]?["schemas"]?[component]?["required"] else { return }
                for case .string(let key) in required where value[key] == nil {
                    Issue.record("\(component) reply lacks \(key): \(value.canonicalText.prefix(200))")
                }
            }
            let incident = try await client.call(.post, "/v1/incidents", token: token, json: callJSON())
            check(incident.json, against: "Incident")
            for (path, component) in [("/v1/units", "Unit"), ("/v1/jurisdictions", "Jurisdiction"), ("/v1/users", "User")] {
                for item in try await client.call(.get, path, token: token).json.arrayValue ?? [] { check(item, against: component) }
            }
            check(try await client.call(.get, "/v1/incidents", token: token).json, against: "IncidentPage")
            check(try await client.call(.get, "/v1/audit", token: token).json, against: "AuditPage")
            check(try await client.call(.get, "/v1/me", token: token).json, against: "User")
            check(try await client.call(.get, "/healthz").json, against: "Health")
            let problem = try await client.call(.get, "/v1/units/nothing-here", token: token)
            #expect(problem.headers[.contentType] == "application/problem+json")
            check(problem.json, against: "Problem")
        }
    }

    /// The application's routers over `world`, without a server around them.
    static func routers(_ world: TestWorld) throws -> (http: Router<PinganRequestContext>, webSocket: Router<PinganRequestContext>) {
        let metrics = ServerMetrics()
        let hub = LiveHub(store: world.store, after: 0, bufferSize: 8, interval: .seconds(1), metrics: metrics, logger: .init(label: "t"))
        let deps = Dependencies(store: world.store, app: AppServices(store: world.store, time: world.time), time: world.time,
                                configuration: TestWorld.configuration, body: BodyReader(limit: 1 << 20), metrics: metrics,
                                limiter: LoginLimiter(policy: .init()), proxies: try TrustedProxies([]), decoyHash: "",
                                logger: .init(label: "t"))
        return buildRouters(deps, hub: hub)
    }
}
