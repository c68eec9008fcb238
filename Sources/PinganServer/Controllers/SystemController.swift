import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// Operational endpoints without a token: health, metrics and the API description.
struct SystemController {
    typealias Context = PinganRequestContext
    let deps: Dependencies
    /// Encoded once: the document only changes with the code.
    let openAPI: Data

    init(deps: Dependencies) {
        self.deps = deps
        self.openAPI = (try? JSONCoding.encoder.encode(OpenAPIDocument.build())) ?? Data("{}".utf8)
    }

    func addRoutes(to router: Router<Context>) {
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
        router.get("openapi.json", use: openapi)
    }

    struct Health: Encodable {
        var status: String
        var lastSequence: Int64
        /// Present and true when the server runs the simulated demo city.
        var demo: Bool?
    }

    /// Healthy when the store answers a query.
    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        do {
            let seq = try await deps.store.lastSequence()
            return try JSONReply(.ok, Health(status: "ok", lastSequence: seq, demo: deps.demo == nil ? nil : true)).response
        } catch {
            throw Problem(.serviceUnavailable, code: "store_unavailable", detail: "the store does not answer")
        }
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: deps.metrics.render())))
    }

    @Sendable func openapi(_ request: Request, context: Context) async throws -> Response {
        JSONReply(status: .ok, body: openAPI).response
    }
}
