import Hummingbird
import PinganApp
import PinganCore

/// The edit bodies are the core's edit types: the server reads exactly what the decider takes.
extension JurisdictionEdit: RequestBody {
    static let schema = Schema.record(["version": .version, "name": .text(max: 100), "nameEn": .text(max: 100, required: false), "code": .code,
                                       "location": .coordinate, "active": .boolean, "area": .nullable(.area)],
                                      optional: ["name", "nameEn", "code", "location", "active", "area"])
}

extension PostEdit: RequestBody {
    static let schema = Schema.record(["version": .version, "name": .text(max: 100), "kind": .oneOf(Post.Kind.self), "location": .coordinate,
                                       "active": .boolean], optional: ["name", "kind", "location", "active"])
}

extension ZoneEdit: RequestBody {
    static let schema = Schema.record(["version": .version, "name": .text(max: 100), "boundary": .zoneRing, "unitIDs": .array(.id, max: 500, unique: true),
                                       "active": .boolean, "shifts": .array(.zoneShift, max: ZoneShift.maxShifts)],
                                      optional: ["name", "boundary", "unitIDs", "active", "shifts"])
}

extension UnitEdit: RequestBody {
    static let schema = Schema.record(["version": .version, "callsign": .text(max: 32), "kind": .oneOf(UnitKind.self), "crew": .integer(min: 1, max: 50),
                                       "active": .boolean], optional: ["callsign", "kind", "crew", "active"])
}

extension UserEdit: RequestBody {
    static let schema = Schema.record(["version": .version, "displayName": .text(max: 100), "role": .oneOf(Role.self), "jurisdictionID": .id,
                                       "unitID": .id, "disabled": .boolean, "agencyID": .id],
                                      optional: ["displayName", "role", "jurisdictionID", "unitID", "disabled", "agencyID"])
}

extension Dependencies {
    /// A PATCH of one entity: the caller needs `permission`, the body is `Edit`, the reply the
    /// entity after the edit (idempotent like every command).
    func update<Edit: RequestBody, Output: Encodable & Sendable>(
        _ request: Request, context: PinganRequestContext, permission: Permission, as: Edit.Type,
        view: @escaping @Sendable (Output, User) -> Output = { o, _ in o },
        _ run: @escaping (String, Edit, User, Idempotency<Output>?) async throws -> Outcome<Output>
    ) async throws -> Response {
        let user = try context.require(permission)
        let id = try context.id()
        let bytes = try await body.bytes(request)
        let edit = try body.decode(Edit.self, from: bytes)
        return try await respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0, user)) }) { try await run(id, edit, user, $0) }
    }
}
