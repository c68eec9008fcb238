import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// People who sign in. Passwords arrive here, are checked and hashed with bcrypt, and never go
/// further; replies carry the public view without the hash.
struct UserController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var username: String
        var displayName: String
        var role: Role
        var jurisdictionID: JurisdictionID
        var unitID: UnitID?
        var password: String
        /// The agency an `externalAgency` user works for.
        var agencyID: AgencyID?
        static let schema = Schema.record([
            "username": .username, "displayName": .text(max: 100), "role": .oneOf(Role.self), "jurisdictionID": .id, "unitID": .id, "password": .password,
            "agencyID": .id,
        ], optional: ["unitID", "agencyID"])
    }

    struct PasswordRequest: RequestBody {
        var password: String
        static let schema = Schema.record(["password": .password])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("users", use: list)
        group.post("users", use: create)
        group.get("users/{id}", use: show)
        group.patch("users/{id}", use: update)
        group.post("users/{id}/password", use: resetPassword)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageUsers)
        let id = UserID(try context.id())
        guard let found = try await deps.store.user(id, scope: user.scope) else { throw DomainError.notFound("user", id.rawValue) }
        return try JSONReply(.ok, found.publicView).response
    }

    /// Display name, role, jurisdiction, unit, disabled; disabling ends the user's sessions at once.
    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageUsers)
        let id = UserID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let edit = try deps.body.decode(UserEdit.self, from: bytes)
        let reply = try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0.publicView) }) {
            try await deps.app.users.update(id, edit, by: user, idempotency: $0)
        }
        deps.sessions.forget(userID: id)
        return reply
    }

    /// Sets a new password and ends every session of the user.
    @Sendable func resetPassword(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageUsers)
        let id = UserID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(PasswordRequest.self, from: bytes)
        try OrganisationDecider.checkPassword(input.password)
        guard try await deps.store.user(id, scope: user.scope) != nil else { throw DomainError.notFound("user", id.rawValue) }
        let hash = try await Passwords.hash(input.password, cost: deps.configuration.bcryptCost)
        let reply = try await deps.respond(to: request, body: bytes, user: user, render: { (_: User) in JSONReply.noContent }) {
            try await deps.app.users.resetPassword(id, hash: hash, by: user, keeping: context.tokenHash, idempotency: $0)
        }
        deps.sessions.forget(userID: id)
        return reply
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageUsers)
        return try JSONReply(.ok, try await deps.store.users(scope: user.scope).map(\.publicView)).response
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageUsers)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        try OrganisationDecider.checkPassword(input.password)
        let hash = try await Passwords.hash(input.password, cost: deps.configuration.bcryptCost)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0.publicView) }) {
            try await deps.app.users.create(username: input.username, displayName: input.displayName, role: input.role,
                                            jurisdictionID: input.jurisdictionID, unitID: input.unitID, passwordHash: hash,
                                            by: Actor(user), scope: user.scope, agencyID: input.agencyID, idempotency: $0)
        }
    }
}
