import Foundation
import Hummingbird
import PinganCore

/// Nearest-unit dispatch (就近处警): ranked recommendations for an incident, and dispatching the
/// recommended (or chosen) units in one call.
struct DispatchController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct DispatchRequestBody: RequestBody {
        var unitIDs: [UnitID]?
        static let schema = Schema.record(["unitIDs": .array(.id, min: 1, max: 50, unique: true)], optional: ["unitIDs"])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("incidents/{id}/recommendations", use: recommendations)
        group.post("incidents/{id}/dispatch", use: dispatch)
    }

    @Sendable func recommendations(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let tracking = try deps.requireTracking()
        let id = IncidentID(try context.id())
        guard let incident = try await deps.store.incident(id, scope: user.scope) else { throw DomainError.notFound("incident", id.rawValue) }
        return try JSONReply(.ok, await tracking.recommend(for: incident, mayPropose: try await visibility(of: incident, to: user))).response
    }

    /// Which units `user` may be shown for `incident`: their own scope's, and where the incident's
    /// jurisdiction's policy says so (`crossBorder`), free units of neighbouring stations of the
    /// same district. Never units further away they could not otherwise see.
    func visibility(of incident: Incident, to user: User) async throws -> @Sendable (String) -> Bool {
        let scope = user.scope
        guard scope != .everything else { return { _ in true } }
        var shared = false
        if let owner = try await deps.store.jurisdiction(incident.jurisdictionID, scope: .everything) {
            shared = try await deps.app.organisation.effectivePolicy(of: owner).crossBorder
        }
        let share = shared
        let incidentPath = incident.path
        return { path in scope.contains(path: path) || (share && JurisdictionRelation.of(unitPath: path, incidentPath: incidentPath) == .neighbourStation) }
    }

    /// Assigns `unitIDs`, or when absent the recommended set, through the command service, so a
    /// unit already on another incident is refused exactly as on `assign`. Explicit units need no
    /// map; the recommended set does.
    @Sendable func dispatch(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = bytes.readableBytes == 0 ? DispatchRequestBody(unitIDs: nil) : try deps.body.decode(DispatchRequestBody.self, from: bytes)
        if let given = input.unitIDs {
            guard !given.isEmpty, given.count <= 50 else { throw DomainError.invalid("unitIDs", "dispatch 1-50 units at once") }
        }
        let explicit = input.unitIDs
        let masked = !user.role.may(.viewCaller)
        let time = deps.time
        let tracking = explicit == nil ? try deps.requireTracking() : nil
        return try await deps.respond(to: request, body: bytes, user: user,
                                      render: { try JSONReply(.ok, IncidentView($0, now: time.now(), masked: masked)) }) { idempotency in
            try await deps.app.incidents.assign(id, choosing: { incident in
                if let explicit { return explicit }
                let recommendation = await tracking!.recommend(for: incident, mayPropose: try await visibility(of: incident, to: user))
                guard !recommendation.recommended.isEmpty else {
                    throw Problem(.conflict, code: "no_units_recommended",
                                  detail: "no unit can be recommended for this incident (\(recommendation.status.rawValue))")
                }
                return recommendation.recommended.map(\.unit)
            }, by: user, idempotency: idempotency)
        }
    }
}
