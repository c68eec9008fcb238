import Foundation
import Hummingbird
import PinganCore

/// The demo city's switches. Only a server started with `--demo` has them; elsewhere both
/// routes answer 404 `not_demo`.
struct DemoController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct State: Encodable {
        var autoDispatch: Bool
        var simulated = true
    }

    struct UpdateRequest: RequestBody {
        var autoDispatch: Bool
        static let schema = Schema.record(["autoDispatch": .boolean])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("demo", use: show)
        group.put("demo", use: update)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readIncidents)
        return try JSONReply(.ok, State(autoDispatch: await control().autoDispatch)).response
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let control = try control()
        let input = try deps.body.decode(UpdateRequest.self, from: try await deps.body.bytes(request))
        try await deps.app.access.demoSwitched(autoDispatch: input.autoDispatch, by: user)
        await control.setAutoDispatch(input.autoDispatch)
        return try JSONReply(.ok, State(autoDispatch: await control.autoDispatch)).response
    }

    func control() throws -> DemoControl {
        guard let demo = deps.demo else { throw Problem(.notFound, code: "not_demo", detail: "this server does not run the demo city") }
        return demo
    }
}
