import Hummingbird

/// First on the WebSocket router: an error thrown by anything after it (no token, an expired
/// one, a bad `after`, no such route) is kept in the request's `UpgradeSlot` as the problem it
/// maps to, for `WebSocketUpgrade` to send; the router would otherwise turn it into a response
/// that never reaches the client.
struct UpgradeRefusal: RouterMiddleware {
    typealias Context = PinganRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            context.upgrade?.refuse(Problem(mapping: error))
            throw error
        }
    }
}
