import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Patrol zones (巡区) with the units that patrol them.
struct ZoneController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var stationID: JurisdictionID
        var name: String
        var boundary: [Coordinate]
        var unitIDs: [UnitID]?
        static let schema = Schema.record(["stationID": .id, "name": .text(max: 100), "boundary": .zoneRing, "unitIDs": .array(.id, max: 500, unique: true)],
                                          optional: ["unitIDs"])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("zones", use: list)
        group.post("zones", use: create)
        group.get("zones/{id}", use: show)
        group.patch("zones/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        return try JSONReply(.ok, try await deps.store.zones(scope: user.scope)).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        let id = ZoneID(try context.id())
        guard let zone = try await deps.store.zone(id, scope: user.scope) else { throw DomainError.notFound("zone", id.rawValue) }
        return try JSONReply(.ok, zone).response
    }

    /// Rename, redraw the boundary, change its units, retire or reactivate.
    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try await deps.update(request, context: context, permission: .manageOrganisation, as: ZoneEdit.self) {
            try await deps.app.organisation.updateZone(ZoneID($0), $1, by: $2, idempotency: $3)
        }
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.organisation.createZone(stationID: input.stationID, name: input.name, boundary: input.boundary,
                                                       unitIDs: input.unitIDs ?? [], by: user, idempotency: $0)
        }
    }
}
