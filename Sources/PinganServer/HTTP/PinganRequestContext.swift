import Hummingbird
import HummingbirdWebSocket
import NIOCore
import PinganCore

/// The per-request state: who is signed in (set by `Authenticator`) and where the request came
/// from (for rate limiting). One context type serves HTTP and WebSocket routes.
public struct PinganRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The signed-in user, nil before authentication.
    public var user: User?
    /// The hash of the bearer token that authenticated the request, so logout can drop it.
    var tokenHash: String?
    /// The peer's IP address, or "unknown" (test clients without a socket). A proxy's address
    /// when the request came through one; see `ClientAddress` for the client behind it.
    public let peerAddress: String
    /// The connection, so a refused WebSocket upgrade can hand its answer to the `RequestGuard`.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        channel = source.channel
    }

    /// The signed-in user if their role grants `permission`; checked before any store access.
    func require(_ permission: Permission) throws -> User {
        guard let user else { throw Problem.unauthenticated("sign in first") }
        guard user.role.may(permission) else {
            throw DomainError(.forbidden, "role \(user.role.rawValue) lacks permission \(permission.rawValue)")
        }
        return user
    }

    /// The signed-in user if their role grants any of `permissions`.
    func require(anyOf permissions: [Permission]) throws -> User {
        guard let user else { throw Problem.unauthenticated("sign in first") }
        guard permissions.contains(where: user.role.may) else {
            throw DomainError(.forbidden, "role \(user.role.rawValue) lacks permission \(permissions.map(\.rawValue).joined(separator: " or "))")
        }
        return user
    }
}
