import Hummingbird
import PinganApp
import PinganCore

/// The edit bodies are the core's edit types: the server reads exactly what the decider takes.
extension JurisdictionEdit: RequestBody {
    static let shape: [String: Shape] = ["version": .value, "name": .value, "nameEn": .value, "code": .value, "location": .coordinate, "active": .value]
}

extension PostEdit: RequestBody {
    static let shape: [String: Shape] = ["version": .value, "name": .value, "kind": .value, "location": .coordinate, "active": .value]
}

extension ZoneEdit: RequestBody {
    static let shape: [String: Shape] = ["version": .value, "name": .value, "boundary": .array(.coordinate), "unitIDs": .array(.value), "active": .value]
}

extension UnitEdit: RequestBody {
    static let shape: [String: Shape] = ["version": .value, "callsign": .value, "kind": .value, "crew": .value, "active": .value]
}

extension UserEdit: RequestBody {
    static let shape: [String: Shape] = ["version": .value, "displayName": .value, "role": .value, "jurisdictionID": .value, "unitID": .value, "disabled": .value]
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
        let id = try context.parameters.require("id")
        let bytes = try await body.bytes(request)
        let edit = try body.decode(Edit.self, from: bytes)
        return try await respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0, user)) }) { try await run(id, edit, user, $0) }
    }
}
