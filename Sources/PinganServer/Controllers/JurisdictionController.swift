import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// The jurisdiction tree (city → district → station → community) and the stations in it.
struct JurisdictionController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var parentID: JurisdictionID?
        var level: JurisdictionLevel
        var code: String
        var name: String
        var nameEn: String?
        var location: Coordinate?
        var area: GeoArea?
        static let schema = Schema.record([
            "parentID": .id, "level": .oneOf(JurisdictionLevel.self), "code": .code, "name": .text(max: 100),
            "nameEn": .text(max: 100, required: false), "location": .coordinate, "area": .area,
        ], optional: ["parentID", "nameEn", "location", "area"])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("jurisdictions", use: list)
        group.post("jurisdictions", use: create)
        group.get("jurisdictions/{id}", use: show)
        group.patch("jurisdictions/{id}", use: update)
        group.get("stations", use: stations)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        return try JSONReply(.ok, try await deps.store.jurisdictions(scope: user.scope)).response
    }

    @Sendable func stations(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        return try JSONReply(.ok, try await deps.store.jurisdictions(scope: user.scope).filter { $0.level == .station }).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        let id = JurisdictionID(try context.id())
        guard let j = try await deps.store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
        return try JSONReply(.ok, j).response
    }

    /// Rename, recode, move the pin, retire or reactivate; the tree's shape stays.
    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try await deps.update(request, context: context, permission: .manageOrganisation, as: JurisdictionEdit.self) {
            try await deps.app.organisation.updateJurisdiction(JurisdictionID($0), $1, by: $2, idempotency: $3)
        }
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.organisation.createJurisdiction(parentID: input.parentID, level: input.level, code: input.code, name: input.name,
                                                               nameEn: input.nameEn, location: input.location, area: input.area, by: user, idempotency: $0)
        }
    }
}
