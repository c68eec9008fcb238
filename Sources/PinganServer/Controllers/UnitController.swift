import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// Police units (警力) and their duty status.
struct UnitController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var callsign: String
        var kind: UnitKind
        var stationID: JurisdictionID
        var crew: Int
        static let shape: [String: Shape] = ["callsign": .value, "kind": .value, "stationID": .value, "crew": .value]
    }

    struct StatusRequest: RequestBody {
        var status: UnitStatus
        static let shape: [String: Shape] = ["status": .value]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("units", use: list)
        group.post("units", use: create)
        group.get("units/{id}", use: show)
        group.post("units/{id}/status", use: setStatus)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        return try JSONReply(.ok, try await deps.store.units(scope: user.scope)).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let id = UnitID(try context.parameters.require("id"))
        guard let unit = try await deps.store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
        return try JSONReply(.ok, unit).response
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.writeUnits)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        return try await deps.idempotency.perform(try Idempotency.parse(request, body: bytes, user: user), user: user) {
            let unit = try await deps.service.createUnit(callsign: input.callsign, kind: input.kind, stationID: input.stationID,
                                                         crew: input.crew, by: user)
            return try JSONReply(.created, unit)
        }
    }

    /// Station staff change any unit in scope; a field officer reports only their own unit's status.
    @Sendable func setStatus(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.writeUnits, .reportPositions])
        let id = UnitID(try context.parameters.require("id"))
        if !user.role.may(.writeUnits) && user.unitID != id {
            throw DomainError(.forbidden, "a field officer may change only their own unit")
        }
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(StatusRequest.self, from: bytes)
        return try await deps.idempotency.perform(try Idempotency.parse(request, body: bytes, user: user), user: user) {
            try JSONReply(.ok, try await deps.service.setUnitStatus(id, to: input.status, by: user))
        }
    }
}
