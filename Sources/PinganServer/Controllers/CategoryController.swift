import Foundation
import Hummingbird
import PinganApp
import PinganCore

/// The incident category catalogue, for intake forms.
struct CategoryController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("categories", use: list)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readIncidents)
        return try JSONReply(.ok, deps.app.incidents.decider.catalogue.categories).response
    }
}
