import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Anti-fraud warnings over HTTP (反诈预警劝阻): received one at a time, as CAP 1.2 or as a
/// day's CSV list; listed masked for the stations' work lists; opened in full (audited) to call
/// the person; followed up; counted per station.
struct FraudWarningController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct WarningRequest: RequestBody {
        var reference: String
        var victimName: String
        var phone: String
        var idNumber: String?
        var address: String?
        var district: String?
        var street: String?
        var number: String?
        var building: String?
        var unit: String?
        var room: String?
        var location: Coordinate?
        var reason: String
        var amountAtRisk: Int?
        var deadline: String
        var stationID: JurisdictionID?
        static let schema = Schema.record(RegistryController.parts.merging([
            "reference": .text(max: 64), "victimName": .text(max: 50), "phone": .string(Schema.StringRules(minLength: 1, maxLength: 32)),
            "idNumber": .string(Schema.StringRules(maxLength: 40)), "address": .text(max: 200), "location": .coordinate,
            "reason": .text(max: 200), "amountAtRisk": .integer(min: 0, max: FraudWarningDecider.maxAmount),
            "deadline": .string(Schema.StringRules(minLength: 1, maxLength: 40)), "stationID": .id,
        ]) { a, _ in a }, optional: ["idNumber", "address", "district", "street", "number", "building", "unit", "room", "location",
                                     "amountAtRisk", "stationID"])

        var input: NewFraudWarning {
            let parts = district == nil && street == nil && number == nil ? nil
                : AddressParts(district: district ?? "", street: street ?? "", number: number ?? "", building: building, unit: unit, room: room)
            return NewFraudWarning(reference: reference, victimName: victimName, phone: phone, idNumber: idNumber, address: address, parts: parts,
                                   location: location, reason: reason, amountAtRisk: amountAtRisk, deadline: deadline, stationID: stationID)
        }
    }

    struct ImportRequest: RequestBody {
        var csv: String
        var columns: [String: String]?
        var stationID: JurisdictionID?
        var dryRun: Bool?
        static let schema = Schema.record([
            "csv": .string(Schema.StringRules(minLength: 1)), "columns": .map(.text(max: 60), keys: .init(values: FraudWarningImport.fields)),
            "stationID": .id, "dryRun": .boolean,
        ], optional: ["columns", "stationID", "dryRun"])
    }

    struct FollowUpRequest: RequestBody {
        var status: FraudWarning.Status
        var note: String?
        var amountPrevented: Int?
        var version: Int?
        static let schema = Schema.record([
            "status": .strings(FraudWarning.Status.allCases.filter { $0 != .pending }.map(\.rawValue)),
            "note": .text(max: 500, required: false, multiline: true), "amountPrevented": .integer(min: 1, max: FraudWarningDecider.maxAmount),
            "version": .version,
        ], optional: ["note", "amountPrevented", "version"])
    }

    struct Listing: Encodable {
        var items: [FraudWarning]
    }

    struct Rates: Encodable {
        var from: String
        var to: String
        var stations: [FraudWarningRates]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("fraud-warnings", use: list)
        group.post("fraud-warnings", use: receive)
        group.post("fraud-warnings/import", use: importList)
        group.post("fraud-warnings/cap", use: receiveCAP)
        group.get("fraud-warnings/rates", use: rates)
        group.get("fraud-warnings/{id}", use: show)
        group.post("fraud-warnings/{id}/follow-up", use: followUp)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readFraudWarnings)
        let params = request.uri.queryParameters
        let query = FraudWarningQuery(
            statuses: try QueryList.values(params["status"], "status", as: FraudWarning.Status.self),
            receivedFrom: try params.instant("from"),
            limit: try MessageController.integer(params["limit"], "limit").map { min(max($0, 1), FraudWarningQuery.maxLimit) } ?? 100,
            offset: try MessageController.integer(params["offset"], "offset") ?? 0)
        return try JSONReply(.ok, Listing(items: try await deps.app.fraudWarnings.list(query, for: user))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readFraudWarnings)
        let reason = request.uri.queryParameters["reason"].map(String.init)
        return try JSONReply(.ok, try await deps.app.fraudWarnings.open(FraudWarningID(try context.id()), reason: reason, for: user)).response
    }

    @Sendable func receive(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.receiveFraudWarnings)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(WarningRequest.self, from: bytes).input
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0.masked) }) {
            try await deps.app.fraudWarnings.receive(input, by: user, idempotency: $0)
        }
    }

    @Sendable func receiveCAP(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.receiveFraudWarnings)
        let bytes = try await deps.body.bytes(request, as: .xml)
        let message: CAPMessage
        do throws(CAPError) { message = try CAPDocument.read(Data(bytes.readableBytesView)) }
        catch { throw Problem(.unprocessableContent, code: "invalid_cap", detail: error.message) }
        let input = try FraudWarningCAP.warning(from: message)
        let outcome = try await deps.app.fraudWarnings.receive(input, source: .cap, by: user)
        return try JSONReply(.created, try outcome.get().masked).response
    }

    @Sendable func importList(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.receiveFraudWarnings)
        let reader = BodyReader(limit: deps.configuration.importBodyLimit)
        let r = try reader.decode(ImportRequest.self, from: try await reader.bytes(request))
        let summary = try await deps.app.fraudWarnings.importList(r.csv, columns: r.columns, stationID: r.stationID, dryRun: r.dryRun ?? false, by: user)
        return try JSONReply(.ok, summary).response
    }

    @Sendable func followUp(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.followUpFraudWarnings)
        let id = FraudWarningID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(FollowUpRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0.masked) }) {
            try await deps.app.fraudWarnings.followUp(id, to: r.status, note: r.note, amountPrevented: r.amountPrevented, version: r.version,
                                                      by: user, idempotency: $0)
        }
    }

    /// `?from=&to=` (days, China Standard Time, inclusive; today by default): each station's
    /// figures over the warnings received in those days, overdue counted now.
    @Sendable func rates(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readFraudWarnings)
        let period = try KPIPeriod.parse(request.uri.queryParameters, defaultFrom: { $0 }, today: ReportDay(containing: deps.time.now()))
        let stations = try await deps.app.fraudWarnings.rates(from: period.start, before: period.to.end, for: user)
        return try JSONReply(.ok, Rates(from: period.from.description, to: period.to.description, stations: stations)).response
    }
}
