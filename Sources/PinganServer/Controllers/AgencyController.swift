import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// The agencies that take referrals (综治中心, 12345, grids): registered by administrators,
/// listed for dispatchers (those registered at or above their station, and inside their scope)
/// and, to an agency's own users, their agency alone.
struct AgencyController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var code: String
        var name: String
        var nameEn: String?
        var kind: Agency.Kind
        var jurisdictionID: JurisdictionID?
        var serves: [JurisdictionID]?
        var phone: String?
        static let schema = Schema.record([
            "code": .code, "name": .text(max: 100), "nameEn": .text(max: 100), "kind": .oneOf(Agency.Kind.self), "jurisdictionID": .id,
            "serves": .array(.id, max: 200, unique: true), "phone": .string(Schema.StringRules(maxLength: 32, pattern: "^[0-9 +-]*$")),
        ], optional: ["nameEn", "jurisdictionID", "serves", "phone"])
    }

    struct EditRequest: RequestBody {
        var version: Int
        var name: String?
        var nameEn: String?
        var serves: [JurisdictionID]?
        var phone: String?
        var active: Bool?
        static let schema = Schema.record([
            "version": .version, "name": .text(max: 100), "nameEn": .text(max: 100, required: false), "serves": .array(.id, max: 200, unique: true),
            "phone": .string(Schema.StringRules(maxLength: 32, pattern: "^[0-9 +-]*$")), "active": .boolean,
        ], optional: ["name", "nameEn", "serves", "phone", "active"])
    }

    struct Listing: Encodable {
        var items: [Agency]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("agencies", use: list)
        group.post("agencies", use: create)
        group.get("agencies/{id}", use: show)
        group.patch("agencies/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readReferrals)
        return try JSONReply(.ok, Listing(items: try await deps.app.agencies.visible(to: user))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readReferrals)
        return try JSONReply(.ok, try await deps.app.agencies.agency(AgencyID(try context.id()), for: user)).response
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(CreateRequest.self, from: bytes)
        let input = NewAgency(code: r.code, name: r.name, nameEn: r.nameEn, kind: r.kind, jurisdictionID: r.jurisdictionID, serves: r.serves, phone: r.phone)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.agencies.create(input, by: user, idempotency: $0)
        }
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let id = AgencyID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(EditRequest.self, from: bytes)
        let edit = AgencyEdit(version: r.version, name: r.name, nameEn: r.nameEn, serves: r.serves, phone: r.phone, active: r.active)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.agencies.update(id, edit, by: user, idempotency: $0)
        }
    }
}
