import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// Duplicate calls (重复警情): merge a call under the incident that carries the work, and undo it.
struct MergeController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct MergeRequest: RequestBody {
        var into: IncidentID
        var score: Double?
        var reasons: [String]?
        static let schema = Schema.record(["into": .id, "score": .number(min: 0, max: 1), "reasons": .array(.text(max: 100), max: 20)],
                                          optional: ["score", "reasons"])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("incidents/{id}/merge", use: merge)
        group.post("incidents/{id}/unmerge", use: unmerge)
    }

    @Sendable func merge(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.writeIncidents)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(MergeRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: IncidentController(deps: deps).render(.ok, for: user)) {
            try await deps.app.incidents.merge(id, into: r.into, score: r.score, reasons: r.reasons, by: user, idempotency: $0)
        }
    }

    @Sendable func unmerge(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.writeIncidents)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(AlertController.Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: IncidentController(deps: deps).render(.ok, for: user)) {
            try await deps.app.incidents.unmerge(id, by: user, idempotency: $0)
        }
    }
}
