import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// Resolves the bearer token to a signed-in user before any route below it runs. The token comes
/// from the `Authorization` header, or for WebSocket upgrades (browsers cannot set headers there)
/// from the `token` query parameter.
struct Authenticator: RouterMiddleware {
    typealias Context = PinganRequestContext
    let store: any Projections & SessionStore
    /// Where an expired session is ended.
    let users: UserCommands
    let time: any TimeSource
    let cache: SessionCache
    var allowQueryToken = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = token(in: request) else { throw Problem.unauthenticated("a bearer token is required") }
        let hash = Tokens.hash(token)
        let now = time.now()
        if let user = cache.user(for: hash, now: now) {
            try Self.checkPasswordIsOwn(user, request)
            var context = context
            context.user = user
            context.tokenHash = hash
            return try await next(request, context)
        }
        if token.hasPrefix(SensorController.prefix) { return try await sensor(hash, request, context, next, now: now) }
        guard let session = try await store.session(tokenHash: hash) else { throw Problem.unauthenticated("the token is not valid") }
        guard session.expiresAt > now else {
            try? await users.endSession(tokenHash: hash)
            throw Problem(.unauthorized, code: "token_expired", detail: "the token expired; sign in again")
        }
        guard let user = try await store.user(session.userID, scope: .everything), !user.disabled else {
            throw Problem.unauthenticated("the account is disabled")
        }
        cache.remember(user, tokenHash: hash, sessionExpiresAt: session.expiresAt, now: now)
        try Self.checkPasswordIsOwn(user, request)
        var context = context
        context.user = user
        context.tokenHash = hash
        return try await next(request, context)
    }

    /// A device signed in with its own token: it acts as the sensor role in its station's scope.
    /// Remembered for a few seconds only, so a reissued token or a retired sensor stops at once
    /// on this instance and within seconds on the others.
    private func sensor(_ hash: String, _ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response,
                        now: Date) async throws -> Response {
        guard let sensor = try await store.sensor(tokenHash: hash), sensor.active else { throw Problem.unauthenticated("the token is not valid") }
        let user = SensorCommands.user(for: sensor)
        cache.remember(user, tokenHash: hash, sessionExpiresAt: now.addingTimeInterval(5), now: now)
        var context = context
        context.user = user
        context.tokenHash = hash
        return try await next(request, context)
    }

    /// A user signed in with a password someone else set (one-time, from an import or a reset)
    /// may only set their own, read who they are, or sign out.
    static func checkPasswordIsOwn(_ user: User, _ request: Request) throws {
        guard user.mustChangePassword else { return }
        let path = request.uri.path
        if (request.method == .post && (path == "/v1/auth/password" || path == "/v1/auth/logout")) || (request.method == .get && path == "/v1/me") { return }
        throw Problem(.forbidden, code: "password_change_required", detail: "set your own password first (POST /v1/auth/password)")
    }

    func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let t = parts[1].trimmingCharacters(in: .whitespaces)
                return t.isEmpty || t.count > 200 ? nil : t
            }
            return nil
        }
        if allowQueryToken, let t = request.uri.queryParameters["token"], !t.isEmpty, t.count <= 200 {
            return String(t)
        }
        return nil
    }
}
