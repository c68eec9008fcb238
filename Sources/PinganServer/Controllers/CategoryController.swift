import Foundation
import Hummingbird
import PinganApp
import PinganCore

/// The catalogue and the platform's rules as clients show them: categories for intake forms, and
/// `GET /v1/meta` with the tiers, roles, lifecycle, deadlines and categories (`PlatformRules`).
struct CategoryController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("categories", use: list)
        group.get("meta", use: meta)
    }

    /// Any signed-in user: the console needs the rules before it knows what the user may do.
    @Sendable func meta(_ request: Request, context: Context) async throws -> Response {
        guard context.user != nil else { throw Problem.unauthenticated("sign in first") }
        return try JSONReply(.ok, PlatformRules(catalogue: deps.app.incidents.decider.catalogue)).response
    }

    /// The categories a new incident in the caller's own jurisdiction may take: the standard
    /// ones and the local ones set above it, not retired. (Installation-wide users, above every
    /// city, get the standard catalogue.)
    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        guard let own = try await deps.store.jurisdiction(user.jurisdictionID, scope: .everything) else {
            return try JSONReply(.ok, deps.app.incidents.decider.catalogue.categories).response
        }
        return try JSONReply(.ok, try await deps.app.organisation.effectivePolicy(of: own).catalogue.categories).response
    }
}
