import Foundation
import Hummingbird
import PinganApp
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
        static let schema = Schema.record(["callsign": .text(max: 32), "kind": .oneOf(UnitKind.self), "stationID": .id, "crew": .integer(min: 1, max: 50)])
    }

    struct StatusRequest: RequestBody {
        var status: UnitStatus
        /// Only the statuses set by hand: the others come from incidents.
        static let schema = Schema.record(["status": .strings([UnitStatus.available, .outOfService, .offDuty].map(\.rawValue))])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("units", use: list)
        group.post("units", use: create)
        group.get("units/{id}", use: show)
        group.patch("units/{id}", use: update)
        group.post("units/{id}/status", use: setStatus)
        group.get("units/{id}/route", use: route)
        group.get("units/{id}/track", use: track)
    }

    /// The unit's route to its incident. Its own officers may ask, and anyone who may read units.
    @Sendable func route(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let id = UnitID(try context.id())
        guard let unit = try await deps.store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
        guard IncidentAccess.mayShowAssignment(of: unit, to: user) else {
            throw DomainError(.forbidden, "unit \(unit.callsign) works an incident outside your jurisdiction")
        }
        guard let incidentID = unit.incidentID, let incident = try await deps.store.incident(incidentID, scope: .everything) else {
            throw Problem(.conflict, code: "no_assignment", detail: "unit \(unit.callsign) has no incident")
        }
        let r = try await deps.requireTracking().route(of: id, to: incident.location)
        return try JSONReply(.ok, UnitRoute(unitID: id, incidentID: incidentID, etaSeconds: r.seconds, distanceMeters: r.distanceMeters,
                                            from: r.geometry.first ?? incident.location, to: incident.location, route: r.geometry)).response
    }

    struct Track: Encodable {
        struct Point: Encodable {
            var at: Date
            var lat: Double
            var lon: Double
            var speed: Double?
            var heading: Double?
        }
        var unitID: UnitID
        var from: Date
        var to: Date
        var points: [Point]
    }

    /// The unit's stored (thinned) track between `from` and `to`, by default the last 12 hours:
    /// one shift, which is what a dispatcher asks when they click a unit.
    @Sendable func track(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let id = UnitID(try context.id())
        let params = request.uri.queryParameters
        let to = try params.instant("to") ?? deps.time.now()
        // At most the 7 days before `to` (the reply names the window it covers); `from` after
        // `to` is an empty window.
        let from = max(try params.instant("from") ?? to.addingTimeInterval(-12 * 3600), to.addingTimeInterval(-7 * 86_400))
        guard let unit = try await deps.store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
        let reason = params["reason"].map(String.init)
        try await deps.app.access.personalDataRead("track", subject: id.rawValue, path: unit.path, reason: reason,
                                                   detail: "\(Timestamp.format(from))/\(Timestamp.format(to))", by: user)
        let points = try await deps.store.track(of: id, from: from, to: to, scope: user.scope, limit: 20_000)
        return try JSONReply(.ok, Track(unitID: id, from: from, to: to, points: points.map {
            Track.Point(at: $0.at, lat: $0.lat, lon: $0.lon, speed: $0.speed, heading: $0.heading)
        })).response
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        return try JSONReply(.ok, try await deps.store.units(scope: user.scope).map { Self.view($0, for: user) }).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let id = UnitID(try context.id())
        guard let unit = try await deps.store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
        return try JSONReply(.ok, Self.view(unit, for: user)).response
    }

    /// The unit as `user` may see it: its assignment hidden when the incident is outside their scope.
    static func view(_ unit: PoliceUnit, for user: User) -> PoliceUnit {
        IncidentAccess.mayShowAssignment(of: unit, to: user) ? unit : unit.hidingAssignment
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.writeUnits)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, Self.view($0, for: user)) }) {
            try await deps.app.organisation.createUnit(callsign: input.callsign, kind: input.kind, stationID: input.stationID, crew: input.crew,
                                                       by: user, idempotency: $0)
        }
    }

    /// Rename, change kind or crew, retire or reactivate: an administrator's change.
    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try await deps.update(request, context: context, permission: .manageOrganisation, as: UnitEdit.self, view: Self.view) {
            try await deps.app.organisation.updateUnit(UnitID($0), $1, by: $2, idempotency: $3)
        }
    }

    /// Station staff change any unit in scope; a field officer reports only their own unit's status.
    @Sendable func setStatus(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.writeUnits, .reportPositions])
        let id = UnitID(try context.id())
        if !user.role.may(.writeUnits) && user.unitID != id {
            throw DomainError(.forbidden, "a field officer may change only their own unit")
        }
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(StatusRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, Self.view($0, for: user)) }) {
            try await deps.app.organisation.setUnitStatus(id, to: input.status, by: user, idempotency: $0)
        }
    }
}
