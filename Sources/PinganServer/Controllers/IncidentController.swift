import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Incidents (警情) from intake to closed loop.
struct IncidentController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var category: String
        var priority: Priority
        var location: Coordinate
        var address: String
        var callerName: String?
        var callerPhone: String?
        var description: String
        var jurisdictionID: JurisdictionID?
        var addressID: AddressID?
        static let schema = Schema.record([
            "category": .category, "priority": .integer(min: 1, max: 4), "location": .coordinate, "address": .text(max: 200),
            "callerName": .text(max: 100, required: false), "callerPhone": .string(.init(maxLength: 32, pattern: "^[0-9+ -]*$")),
            "description": .text(max: 4000, required: false, multiline: true), "jurisdictionID": .id, "addressID": .id,
        ], optional: ["callerName", "callerPhone", "jurisdictionID", "addressID"])

        var input: NewIncident {
            NewIncident(category: category, priority: priority, location: location, address: address, callerName: callerName,
                        callerPhone: callerPhone, description: description, jurisdictionID: jurisdictionID, addressID: addressID)
        }
    }

    struct TransitionRequest: RequestBody {
        var status: IncidentStatus
        var note: String?
        static let schema = Schema.record(["status": .oneOf(IncidentStatus.self), "note": .text(max: 1000, required: false, multiline: true)],
                                          optional: ["note"])
    }

    struct AssignRequest: RequestBody {
        var unitIDs: [UnitID]
        static let schema = Schema.record(["unitIDs": .array(.id, min: 1, max: 50, unique: true)])
    }

    struct UnassignRequest: RequestBody {
        var unitID: UnitID
        static let schema = Schema.record(["unitID": .id])
    }

    struct FeedbackRequest: RequestBody {
        var outcome: String
        var summary: String
        static let schema = Schema.record(["outcome": .text(max: 100), "summary": .text(max: 4000, multiline: true)])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("incidents", use: create)
        group.get("incidents", use: list)
        group.get("incidents/{id}", use: show)
        group.post("incidents/{id}/transition", use: transition)
        group.post("incidents/{id}/assign", use: assign)
        group.post("incidents/{id}/unassign", use: unassign)
        group.post("incidents/{id}/feedback", use: feedback)
        group.post("incidents/{id}/accept", use: accept)
        group.get("me/pending-feedback", use: pendingFeedback)
    }

    /// The incidents the caller's unit resolved that still wait for its feedback, so a field
    /// page whose storage was cleared (or a new phone) still offers the form: the server, not
    /// the browser, knows the unit attended. Oldest first; the caller stays masked.
    @Sendable func pendingFeedback(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.updateOwnIncidents)
        guard let unitID = user.unitID else { return try JSONReply(.ok, [IncidentView]()).response }
        let page = try await deps.store.incidents(IncidentQuery(statuses: [.resolved], limit: IncidentQuery.maxLimit), scope: .everything)
        let now = deps.time.now()
        let mine = page.items.filter { IncidentAccess.crew(unitID, may: .feedback, on: $0) }
            .sorted { ($0.times.resolvedAt ?? $0.times.receivedAt) < ($1.times.resolvedAt ?? $1.times.receivedAt) }
        return try JSONReply(.ok, mine.map { IncidentView($0, now: now, masked: true) }).response
    }

    /// The crew of the caller's unit acknowledges its assignment (empty body).
    @Sendable func accept(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.updateOwnIncidents)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        return try await deps.respond(to: request, body: bytes, user: user, render: render(.ok, for: user)) {
            try await deps.app.incidents.accept(id, by: user, idempotency: $0)
        }
    }

    func view(_ incident: Incident, for user: User) -> IncidentView {
        IncidentView(incident, now: deps.time.now(), masked: !user.role.may(.viewCaller))
    }

    /// The reply for an incident as `user` sees it.
    func render(_ status: HTTPResponse.Status, for user: User) -> @Sendable (Incident) throws -> JSONReply {
        let time = deps.time
        let masked = !user.role.may(.viewCaller)
        return { incident in try JSONReply(status, IncidentView(incident, now: time.now(), masked: masked)) }
    }

    /// Creation stores its idempotent reply in the same transaction as the incident, like every
    /// command, so a retry racing the first request can never create a second incident.
    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.writeIncidents)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes).input
        return try await deps.respond(to: request, body: bytes, user: user, render: render(.created, for: user)) {
            let outcome = try await deps.app.incidents.create(input, by: user, idempotency: $0)
            // A routing rule of mode `apply` refers the call at once (警情分流). A keyed reply
            // was stored with the call as filed; an unkeyed one shows it referred.
            guard case .done(let incident, let record) = outcome else { return outcome }
            do {
                if let routed = try await deps.app.referrals.applyRules(to: incident, by: user), record == nil { return .done(routed, reply: nil) }
            } catch {
                deps.logger.warning("routing rule not applied to \(incident.number): \(error)")
            }
            return outcome
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let query = try IncidentQueryParser.parse(request.uri.queryParameters)
        let page = try await deps.store.incidents(query, scope: user.scope)
        let now = deps.time.now()
        let masked = Page(items: page.items.map { IncidentView($0, now: now, masked: true) }, total: page.total, offset: page.offset, limit: page.limit)
        return try JSONReply(.ok, masked).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let id = IncidentID(try context.id())
        guard let incident = try await deps.app.incidents.visible(id, to: user) else { throw DomainError.notFound("incident", id.rawValue) }
        let unmasked = IncidentAccess.mayViewCaller(incident, user: user)
        if unmasked {
            // The caller's name and number are personal data: the read is in the log before the reply leaves.
            let crew = !user.role.may(.viewCaller)
            let reason = request.uri.queryParameters["reason"].map(String.init) ?? (crew ? "crew of an assigned unit" : nil)
            try await deps.app.access.personalDataRead("caller", subject: id.rawValue, path: incident.path, reason: reason, by: user)
        }
        return try JSONReply(.ok, IncidentView(incident, now: deps.time.now(), masked: !unmasked)).response
    }

    @Sendable func transition(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.writeIncidents, .updateOwnIncidents])
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(TransitionRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: render(.ok, for: user)) {
            try await deps.app.incidents.transition(id, to: input.status, note: input.note, by: user, idempotency: $0)
        }
    }

    @Sendable func assign(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(AssignRequest.self, from: bytes)
        guard input.unitIDs.count <= 50 else { throw DomainError.invalid("unitIDs", "assign at most 50 units at once") }
        return try await deps.respond(to: request, body: bytes, user: user, render: render(.ok, for: user)) {
            try await deps.app.incidents.assign(id, units: input.unitIDs, by: user, idempotency: $0)
        }
    }

    @Sendable func unassign(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(UnassignRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: render(.ok, for: user)) {
            try await deps.app.incidents.unassign(id, unit: input.unitID, by: user, idempotency: $0)
        }
    }

    @Sendable func feedback(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.writeIncidents, .updateOwnIncidents])
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(FeedbackRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: render(.ok, for: user)) {
            try await deps.app.incidents.feedback(id, outcome: input.outcome, summary: input.summary, by: user, idempotency: $0)
        }
    }
}
