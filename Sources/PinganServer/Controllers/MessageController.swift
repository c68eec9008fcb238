import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// Messages from the command centre to units, with each crew's delivery and read receipts.
struct MessageController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// Exactly one of `unitID`, `zoneID` or `all: true` names the audience.
    struct SendRequest: RequestBody {
        var unitID: UnitID?
        var zoneID: ZoneID?
        var all: Bool?
        var text: String
        static let schema = Schema.choice(.record(["unitID": .id, "zoneID": .id, "all": .constant(true), "text": .text(max: MessageDecider.maxLength, multiline: true)],
                                                  optional: ["unitID", "zoneID", "all"]), oneOf: ["unitID", "zoneID", "all"])

        func audience() throws -> MessageAudience {
            switch (unitID, zoneID, all ?? false) {
            case (let unit?, nil, false): .unit(unit)
            case (nil, let zone?, false): .zone(zone)
            case (nil, nil, true): .all
            default: throw DomainError.invalid("to", "name exactly one of unitID, zoneID or all: true")
            }
        }
    }

    struct AckRequest: RequestBody {
        var state: MessageReceipt
        static let schema = Schema.record(["state": .oneOf(MessageReceipt.self)])
    }

    struct Listing: Encodable {
        var items: [Message]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("messages", use: send)
        group.get("messages", use: list)
        group.post("messages/{id}/ack", use: acknowledge)
    }

    @Sendable func send(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(SendRequest.self, from: bytes)
        let audience = try input.audience()
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, Listing(items: $0)) }) {
            try await deps.app.messages.send(input.text, to: audience, by: user, idempotency: $0)
        }
    }

    /// Newest first. A field officer sees only their own unit's messages; others may filter by
    /// `unitID` or `broadcastID`.
    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.dispatch, .reportPositions])
        let params = request.uri.queryParameters
        var query = MessageQuery(unitID: try params["unitID"].map { UnitID(try Problem.identifier($0, field: "unitID")) },
                                 broadcastID: try params["broadcastID"].map { try Problem.identifier($0, field: "broadcastID") },
                                 limit: try Self.integer(params["limit"], "limit") ?? 100, offset: try Self.integer(params["offset"], "offset") ?? 0)
        if !user.role.may(.dispatch) {
            guard let own = user.unitID else { throw DomainError(.forbidden, "only a user who crews a unit has messages") }
            if let asked = query.unitID, asked != own { throw DomainError(.forbidden, "a field officer reads only their own unit's messages") }
            query.unitID = own
        }
        return try JSONReply(.ok, Listing(items: try await deps.store.messages(query, scope: user.scope))).response
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.reportPositions)
        let id = MessageID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(AckRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.messages.acknowledge(id, input.state, by: user, idempotency: $0)
        }
    }

    static func integer(_ raw: Substring?, _ name: String) throws -> Int? {
        guard let raw else { return nil }
        guard let value = Int(raw), (0...1_000_000).contains(value) else { throw Problem.invalidField(name, "\(name) must be a whole number 0-1000000") }
        return value
    }
}
