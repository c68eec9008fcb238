import Hummingbird
import NIOCore

/// The WebSocket router's error mapping: a refused upgrade (no token, an expired one, a bad
/// `after`) gets the same problem+json a REST call would, 401 `token_expired` and so on, so a
/// client can tell it must sign in again. Hummingbird writes a bare `400` for every refused
/// upgrade; the answer is handed to the connection's `RequestGuard`, which sends it instead.
struct UpgradeRefusal: RouterMiddleware {
    typealias Context = PinganRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem(mapping: error)
            metrics.problem(problem.code)
            await Self.hand(problem, to: context.channel)
            return problem.response()
        }
    }

    /// Gives `problem` to the connection's guard, on its event loop. Without a guard (the
    /// in-process test client) nothing is handed and the route's own response stands.
    static func hand(_ problem: Problem, to channel: any Channel) async {
        let body = problem.jsonBody
        let status = problem.status
        try? await channel.eventLoop.submit {
            let guardHandler = try channel.pipeline.syncOperations.handler(type: RequestGuard.self)
            guardHandler.refuse(status: status.code, reason: status.reasonPhrase, contentType: "application/problem+json", body: body)
        }.get()
    }
}
