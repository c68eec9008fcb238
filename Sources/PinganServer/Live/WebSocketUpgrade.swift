import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Decides whether a request becomes a WebSocket: runs it through the WebSocket router (its
/// middleware and the route's checks) with an empty `UpgradeSlot`, and upgrades only when the
/// route answered 200 and left a session there.
///
/// A refused upgrade (no token, an expired one, a bad `after`) gets the same problem+json a REST
/// call would, 401 `token_expired` and so on, so a client can tell it must sign in again.
/// Hummingbird writes a bare `400` for every refused upgrade; the answer is handed to the
/// connection's `RequestGuard`, which sends it instead.
struct WebSocketUpgrade<Responder: HTTPResponder>: Sendable where Responder.Context == PinganRequestContext {
    typealias Decision = ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    let responder: Responder
    let metrics: ServerMetrics

    func decide(_ head: HTTPRequest, channel: any Channel, logger: Logger) async -> Decision {
        var context = PinganRequestContext(source: .init(channel: channel, logger: logger))
        let slot = UpgradeSlot()
        context.upgrade = slot
        let response = try? await responder.respond(to: Request(head: head, body: .init(buffer: .init())), context: context)
        switch slot.take() {
        case .run(let session) where response?.status == .ok:
            return .upgrade(response?.headers ?? [:]) { inbound, outbound, _ in try await session(inbound, outbound) }
        case .refuse(let problem):
            metrics.problem(problem.code)
            await Self.hand(problem, to: channel)
            return .dontUpgrade
        default:
            return .dontUpgrade
        }
    }

    /// Gives `problem` to the connection's guard, on its event loop. Without a guard (a pipeline
    /// built without one) nothing is handed and Hummingbird's bare 400 stands.
    static func hand(_ problem: Problem, to channel: any Channel) async {
        let body = problem.jsonBody
        let status = problem.status
        try? await channel.eventLoop.submit {
            let guardHandler = try channel.pipeline.syncOperations.handler(type: RequestGuard.self)
            guardHandler.refuse(status: status.code, reason: status.reasonPhrase, contentType: "application/problem+json", body: body)
        }.get()
    }
}
