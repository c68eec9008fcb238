import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// Sign-in, sign-out and "who am I".
extension HTTPFields.Element.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}

struct AuthController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct LoginRequest: RequestBody {
        var username: String
        var password: String
        static let schema = Schema.record(["username": .string(.init(maxLength: 1024)), "password": .string(.init(maxLength: 1024))])
    }

    struct LoginReply: Encodable {
        var token: String
        var expiresAt: Date
        var user: PublicUser
        /// True when the password was set by someone else: nothing but a change is allowed yet.
        var mustChangePassword: Bool
    }

    struct ChangePasswordRequest: RequestBody {
        var currentPassword: String
        var newPassword: String
        static let schema = Schema.record(["currentPassword": .string(.init(maxLength: 1024)), "newPassword": .password])
    }

    /// Routes that need no token.
    func addPublicRoutes(to group: RouterGroup<Context>) {
        group.post("auth/login", use: login)
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("auth/logout", use: logout)
        group.get("me", use: me)
        group.post("auth/password", use: changePassword)
    }

    /// The signed-in user replaces their password: the current one is checked, the new one must
    /// differ, other sessions end (this one stays), and a one-time password stops being one.
    @Sendable func changePassword(_ request: Request, context: Context) async throws -> Response {
        guard let user = context.user else { throw Problem.unauthenticated("sign in first") }
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(ChangePasswordRequest.self, from: bytes)
        try OrganisationDecider.checkPassword(input.newPassword)
        guard input.newPassword != input.currentPassword else {
            throw DomainError.invalid("newPassword", "the new password must differ from the current one")
        }
        let reply = try await deps.respond(to: request, body: bytes, user: user, render: { (_: User) in JSONReply.noContent }) { key in
            guard try await Passwords.verify(input.currentPassword, hash: user.passwordHash) else {
                throw DomainError(.forbidden, field: "currentPassword", "the current password is wrong")
            }
            let hash = try await Passwords.hash(input.newPassword, cost: deps.configuration.bcryptCost)
            return try await deps.app.users.resetPassword(user.id, hash: hash, by: user, keeping: context.tokenHash, idempotency: key)
        }
        deps.sessions.forget(userID: user.id)
        return reply
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Response {
        let input = try deps.body.decode(LoginRequest.self, from: try await deps.body.bytes(request))
        let now = deps.time.now()
        let address = deps.proxies.client(peer: context.peerAddress, forwardedFor: request.headers[values: .xForwardedFor])
        if case .refuse(let wait) = await deps.limiter.begin(username: input.username, address: address, now: now) {
            throw Problem(.tooManyRequests, code: "too_many_attempts", detail: "too many failed sign-ins; try again in \(wait) s",
                          headers: ["Retry-After": String(wait)])
        }
        let candidate = input.username.count <= 64 ? try await deps.store.user(username: input.username) : nil
        let plausible = input.password.utf8.count <= 1024
        let matches = try await Passwords.verify(plausible ? input.password : "", hash: candidate?.passwordHash ?? deps.decoyHash)
        guard let user = candidate, matches, plausible, !user.disabled else {
            await deps.limiter.failed(username: input.username, address: address, now: now)
            deps.metrics.failedLogin()
            try await deps.app.users.signInFailed(username: input.username, user: candidate, address: address)
            throw Problem(.unauthorized, code: "invalid_credentials", detail: "wrong username or password")
        }
        await deps.limiter.succeeded(username: input.username, address: address)
        let token = Tokens.generate()
        let expiresAt = now + deps.configuration.tokenLifetime
        try await deps.app.users.signIn(user, tokenHash: Tokens.hash(token), expiresAt: expiresAt)
        return try JSONReply(.ok, LoginReply(token: token, expiresAt: expiresAt, user: user.publicView,
                                                   mustChangePassword: user.mustChangePassword)).response
    }

    @Sendable func logout(_ request: Request, context: Context) async throws -> Response {
        guard let user = context.user, let hash = context.tokenHash else { throw Problem.unauthenticated("sign in first") }
        try await deps.app.users.signOut(user, tokenHash: hash)
        deps.sessions.forget(hash)
        return JSONReply.noContent.response
    }

    @Sendable func me(_ request: Request, context: Context) async throws -> Response {
        guard let user = context.user else { throw Problem.unauthenticated("sign in first") }
        return try JSONReply(.ok, user.publicView).response
    }
}
