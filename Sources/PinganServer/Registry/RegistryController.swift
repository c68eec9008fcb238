import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// The grass-roots registries over HTTP (一标三实): standard addresses registered, found by
/// fragment, checked; the people at an address listed (masked by role, the read audited with
/// its reason) and registered; population lists imported from CSV.
struct RegistryController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    static let parts: [String: Schema] = [
        "district": .text(max: 60), "street": .text(max: 60), "number": .text(max: 60),
        "building": .text(max: 60, required: false), "unit": .text(max: 60, required: false), "room": .text(max: 60, required: false),
    ]

    struct AddressRequest: RequestBody {
        var district: String
        var street: String
        var number: String
        var building: String?
        var unit: String?
        var room: String?
        var location: Coordinate?
        var stationID: JurisdictionID?
        static let schema = Schema.record(parts.merging(["location": .coordinate, "stationID": .id]) { a, _ in a },
                                          optional: ["building", "unit", "room", "location", "stationID"])
    }

    struct CheckRequest: RequestBody {
        var version: Int
        /// What the check found: the record right (the default) or not.
        var correct: Bool?
        static let schema = Schema.record(["version": .version, "correct": .boolean], optional: ["correct"])
    }

    struct Quality: Encodable {
        var stations: [RegistryQuality]
    }

    struct InhabitantRequest: RequestBody {
        var addressID: AddressID
        var name: String
        var idNumber: String
        var kind: Inhabitant.Kind
        var permit: Inhabitant.Permit?
        var permitExpiry: String?
        var phone: String?
        static let schema = Schema.record([
            "addressID": .id, "name": .text(max: 50), "idNumber": .string(Schema.StringRules(minLength: 1, maxLength: 40)),
            "kind": .oneOf(Inhabitant.Kind.self), "permit": .oneOf(Inhabitant.Permit.self),
            "permitExpiry": .string(Schema.StringRules(pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")), "phone": .string(Schema.StringRules(maxLength: 32)),
        ], optional: ["permit", "permitExpiry", "phone"])
    }

    struct ImportRequest: RequestBody {
        var csv: String
        var columns: [String: String]?
        var stationID: JurisdictionID?
        var dryRun: Bool?
        static let schema = Schema.record([
            "csv": .string(Schema.StringRules(minLength: 1)), "columns": .map(.text(max: 60), keys: .init(values: PopulationImport.fields)),
            "stationID": .id, "dryRun": .boolean,
        ], optional: ["columns", "stationID", "dryRun"])
    }

    struct Listing<Item: Encodable>: Encodable {
        var items: [Item]
    }

    /// The people at an address (`items`, as before the other two actuals), its house and its organisations.
    struct Actuals: Encodable {
        var items: [Inhabitant]
        var house: ActualHouse?
        var organisations: [ActualOrganisation]
    }

    struct HouseRequest: RequestBody {
        var use: ActualHouse.Use
        var ownerName: String
        var ownerPhone: String?
        var ownerIDNumber: String?
        var tenants: Int?
        /// The version of the house recorded, to record it again.
        var version: Int?
        static let schema = Schema.record([
            "use": .oneOf(ActualHouse.Use.self), "ownerName": .text(max: 50), "ownerPhone": .string(Schema.StringRules(maxLength: 32)),
            "ownerIDNumber": .string(Schema.StringRules(maxLength: 40)), "tenants": .integer(min: 0, max: RegistryDecider.maxTenants), "version": .version,
        ], optional: ["ownerPhone", "ownerIDNumber", "tenants", "version"])
        var input: NewHouse { NewHouse(use: use, ownerName: ownerName, ownerPhone: ownerPhone, ownerIDNumber: ownerIDNumber, tenants: tenants) }
    }

    struct OrganisationRequest: RequestBody {
        var name: String
        var kind: ActualOrganisation.Kind
        var creditCode: String
        var principal: String
        var phone: String?
        var employees: Int?
        var keyUnit: Bool?
        static let schema = Schema.record([
            "name": .text(max: 100), "kind": .oneOf(ActualOrganisation.Kind.self), "creditCode": .string(Schema.StringRules(minLength: 1, maxLength: 40)),
            "principal": .text(max: 50), "phone": .string(Schema.StringRules(maxLength: 32)), "employees": .integer(min: 0, max: RegistryDecider.maxEmployees),
            "keyUnit": .boolean,
        ], optional: ["phone", "employees", "keyUnit"])
        var input: NewOrganisation {
            NewOrganisation(name: name, kind: kind, creditCode: creditCode, principal: principal, phone: phone, employees: employees, keyUnit: keyUnit)
        }
    }

    static let searchLimit = Schema.integer(min: 1, max: RegistryCommands.maxResults)

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("addresses", use: search)
        group.post("addresses", use: register)
        group.get("addresses/quality", use: quality)
        group.get("addresses/{id}", use: show)
        group.post("addresses/{id}/check", use: check)
        group.get("addresses/{id}/inhabitants", use: inhabitants)
        group.post("addresses/{id}/house", use: recordHouse)
        group.post("addresses/{id}/organisations", use: registerOrganisation)
        group.post("inhabitants", use: registerInhabitant)
        group.post("inhabitants/import", use: importPopulation)
    }

    @Sendable func search(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readRegistry)
        let q = request.uri.queryParameters["q"].map(String.init) ?? ""
        guard !q.isEmpty else { throw DomainError.invalid("q", "give q, a fragment of the address") }
        let limit = try request.uri.queryParameters["limit"].map { text throws(DomainError) -> Int in
            guard let n = Int(text), (1...RegistryCommands.maxResults).contains(n) else {
                throw DomainError.invalid("limit", "limit is 1 to \(RegistryCommands.maxResults)")
            }
            return n
        } ?? 20
        return try JSONReply(.ok, Listing(items: try await deps.app.registry.search(q, limit: limit, for: user))).response
    }

    /// Each station's collection rate and accuracy (采集率, 准确率) in the caller's scope.
    @Sendable func quality(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readRegistry)
        return try JSONReply(.ok, Quality(stations: try await deps.app.registry.quality(for: user))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readRegistry)
        return try JSONReply(.ok, try await deps.app.registry.address(AddressID(try context.id()), for: user)).response
    }

    @Sendable func register(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.collectRegistry)
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(AddressRequest.self, from: bytes)
        let parts = AddressParts(district: r.district, street: r.street, number: r.number, building: r.building, unit: r.unit, room: r.room)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.registry.registerAddress(parts, location: r.location, stationID: r.stationID, by: user, idempotency: $0)
        }
    }

    @Sendable func check(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.collectRegistry)
        let id = AddressID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(CheckRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.registry.checkAddress(id, version: r.version, correct: r.correct ?? true, by: user, idempotency: $0)
        }
    }

    @Sendable func inhabitants(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readRegistry)
        let id = AddressID(try context.id())
        let reason = request.uri.queryParameters["reason"].map(String.init) ?? ""
        let a = try await deps.app.registry.actuals(at: id, reason: reason, for: user)
        return try JSONReply(.ok, Actuals(items: a.inhabitants, house: a.house, organisations: a.organisations)).response
    }

    @Sendable func recordHouse(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.collectRegistry)
        let id = AddressID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(HouseRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.registry.recordHouse(at: id, r.input, version: r.version, by: user, idempotency: $0)
        }
    }

    @Sendable func registerOrganisation(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.collectRegistry)
        let id = AddressID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(OrganisationRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.registry.registerOrganisation(at: id, r.input, by: user, idempotency: $0)
        }
    }

    @Sendable func registerInhabitant(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.collectRegistry)
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(InhabitantRequest.self, from: bytes)
        let input = NewInhabitant(addressID: r.addressID, name: r.name, idNumber: r.idNumber, kind: r.kind, permit: r.permit,
                                  permitExpiry: r.permitExpiry, phone: r.phone)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.registry.registerInhabitant(input, by: user, idempotency: $0)
        }
    }

    @Sendable func importPopulation(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.collectRegistry)
        let reader = BodyReader(limit: deps.configuration.importBodyLimit)
        let r = try reader.decode(ImportRequest.self, from: try await reader.bytes(request))
        let summary = try await deps.app.registry.importPopulation(r.csv, columns: r.columns, stationID: r.stationID, dryRun: r.dryRun ?? false, by: user)
        return try JSONReply(.ok, summary).response
    }
}
