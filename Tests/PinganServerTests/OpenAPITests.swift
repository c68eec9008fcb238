import Foundation
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
        let world = try await TestWorld.make()
        let metrics = ServerMetrics()
        let hub = LiveHub(store: world.store, after: 0, bufferSize: 8, interval: .seconds(1), metrics: metrics, logger: .init(label: "t"))
        let deps = Dependencies(store: world.store, app: AppServices(store: world.store, time: world.time), time: world.time,
                                configuration: TestWorld.configuration, body: BodyReader(limit: 1 << 20), metrics: metrics,
                                limiter: LoginLimiter(policy: .init()), proxies: try TrustedProxies([]), decoyHash: "",
                                logger: .init(label: "t"))
        let routers = buildRouters(deps, hub: hub)
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
}
