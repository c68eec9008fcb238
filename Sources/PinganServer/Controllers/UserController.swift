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
        static let shape: [String: Shape] = [
            "username": .value, "displayName": .value, "role": .value, "jurisdictionID": .value, "unitID": .value, "password": .value,
        ]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("users", use: list)
        group.post("users", use: create)
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
                                            by: Actor(user), scope: user.scope, idempotency: $0)
        }
    }
}
