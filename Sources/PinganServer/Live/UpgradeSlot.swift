import HummingbirdWebSocket
import NIOConcurrencyHelpers

/// What the WebSocket router decided about one upgrade request, for the connection to take once
/// the router has answered: the session to run, or the problem to refuse it with.
///
/// Why our own: Hummingbird's router `ws` route parks the whole request context inside a box
/// that the context itself holds, a reference cycle that kept every upgraded connection's
/// channel, buffers and context alive for ever (about 5 KB for each live-feed session; the
/// soak's RSS grew by about 1 MB a minute). This slot holds only the session or the refusal,
/// none of the context, and is emptied when the upgrade takes it.
final class UpgradeSlot: Sendable {
    typealias Session = @Sendable (WebSocketInboundStream, WebSocketOutboundWriter) async throws -> Void

    enum Decision: Sendable {
        case run(Session)
        case refuse(Problem)
    }

    private let decision = NIOLockedValueBox<Decision?>(nil)

    /// The route agreed: run `session` once upgraded.
    func offer(_ session: @escaping Session) { decision.withLockedValue { $0 = .run(session) } }

    /// Something on the way refused the upgrade (the router turns the error into a bare
    /// response, so it is kept here to be sent as problem+json).
    func refuse(_ problem: Problem) { decision.withLockedValue { $0 = .refuse(problem) } }

    func take() -> Decision? {
        decision.withLockedValue { d in
            defer { d = nil }
            return d
        }
    }
}
