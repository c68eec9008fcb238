import Hummingbird
import NIOCore
import PinganCore

/// The per-request state: who is signed in (set by `Authenticator`) and where the request came
/// from (for rate limiting). One context type serves HTTP and WebSocket routes.
public struct PinganRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, nil before authentication.
    public var user: User?
    /// The hash of the bearer token that authenticated the request, so logout can drop it.
    var tokenHash: String?
    /// The peer's IP address, or "unknown" (test clients without a socket). A proxy's address
    /// when the request came through one; see `ClientAddress` for the client behind it.
    public let peerAddress: String
    /// Set only on a request that asks for a WebSocket: where its route leaves the session to
    /// run once upgraded (see `UpgradeSlot`).
    var upgrade: UpgradeSlot?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The signed-in user if their role grants `permission`; checked before any store access.
    /// The path parameter `name` as an identifier, refused (400) when malformed.
    func id(_ name: String = "id") throws -> String {
        try Problem.identifier(try parameters.require(name), field: name)
    }

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
