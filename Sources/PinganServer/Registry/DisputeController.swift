import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Disputes over HTTP (矛盾纠纷): a station's book of disputes, each with its parties (masked to
/// readers who may not see them), its sessions and its next follow-up; filed into an incident
/// when it turns into police work; each station's resolution rate.
struct DisputeController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    static let party = Schema.record(["name": .text(max: 50), "phone": .string(Schema.StringRules(maxLength: 32)),
                                      "idNumber": .string(Schema.StringRules(maxLength: 40))], optional: ["phone", "idNumber"])
    static let mediator = Schema.record(["name": .text(max: 50), "kind": .oneOf(Dispute.Mediator.Kind.self)])

    struct OpenRequest: RequestBody {
        var kind: Dispute.Kind
        var risk: Dispute.Risk
        var summary: String
        var parties: [Dispute.Party]
        var mediators: [Dispute.Mediator]?
        var address: String?
        var addressID: AddressID?
        var location: Coordinate?
        var incidentID: IncidentID?
        var stationID: JurisdictionID?
        static let schema = Schema.record([
            "kind": .oneOf(Dispute.Kind.self), "risk": .oneOf(Dispute.Risk.self), "summary": .text(max: 2000, multiline: true),
            "parties": .array(party, min: 1, max: DisputeDecider.maxParties), "mediators": .array(mediator, max: DisputeDecider.maxMediators),
            "address": .text(max: 200), "addressID": .id, "location": .coordinate, "incidentID": .id, "stationID": .id,
        ], optional: ["mediators", "address", "addressID", "location", "incidentID", "stationID"])

        var input: NewDispute {
            NewDispute(kind: kind, risk: risk, summary: summary, parties: parties, mediators: mediators, address: address, addressID: addressID,
                       location: location, incidentID: incidentID, stationID: stationID)
        }
    }

    struct SessionRequest: RequestBody {
        var note: String
        var outcome: Dispute.Session.Outcome
        var risk: Dispute.Risk?
        var nextFollowUp: Date?
        var mediators: [Dispute.Mediator]?
        var version: Int?
        static let schema = Schema.record([
            "note": .text(max: 2000, multiline: true), "outcome": .oneOf(Dispute.Session.Outcome.self), "risk": .oneOf(Dispute.Risk.self),
            "nextFollowUp": .dateTime, "mediators": .array(mediator, max: DisputeDecider.maxMediators), "version": .version,
        ], optional: ["risk", "nextFollowUp", "mediators", "version"])
    }

    struct EscalateRequest: RequestBody {
        var priority: Priority
        var description: String?
        static let schema = Schema.record(["priority": .integer(min: 1, max: 4), "description": .text(max: 2000, multiline: true)],
                                          optional: ["description"])
    }

    struct Listing: Encodable {
        var items: [Dispute]
    }

    /// The dispute and the incident filed from it, as the incident routes show one.
    struct Escalation: Encodable {
        var dispute: Dispute
        var incident: IncidentView
    }

    struct Rates: Encodable {
        var from: String
        var to: String
        var stations: [DisputeRates]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("disputes", use: list)
        group.post("disputes", use: open)
        group.get("disputes/rates", use: rates)
        group.get("disputes/{id}", use: show)
        group.post("disputes/{id}/sessions", use: session)
        group.post("disputes/{id}/escalate", use: escalate)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readDisputes)
        let params = request.uri.queryParameters
        let query = DisputeQuery(
            statuses: try QueryList.values(params["status"], "status", as: Dispute.Status.self),
            risks: try QueryList.values(params["risk"], "risk", as: Dispute.Risk.self),
            openedFrom: try params.instant("from"),
            limit: try MessageController.integer(params["limit"], "limit").map { min(max($0, 1), DisputeQuery.maxLimit) } ?? 100,
            offset: try MessageController.integer(params["offset"], "offset") ?? 0)
        return try JSONReply(.ok, Listing(items: try await deps.app.disputes.list(query, for: user))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readDisputes)
        return try JSONReply(.ok, try await deps.app.disputes.show(DisputeID(try context.id()), for: user)).response
    }

    @Sendable func open(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.workDisputes)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(OpenRequest.self, from: bytes).input
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, DisputeCommands.view($0, for: user)) }) {
            try await deps.app.disputes.open(input, by: user, idempotency: $0)
        }
    }

    @Sendable func session(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.workDisputes)
        let id = DisputeID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(SessionRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, DisputeCommands.view($0, for: user)) }) {
            try await deps.app.disputes.session(id, note: r.note, outcome: r.outcome, risk: r.risk, nextFollowUp: r.nextFollowUp, mediators: r.mediators,
                                                version: r.version, by: user, idempotency: $0)
        }
    }

    @Sendable func escalate(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.workDisputes)
        let id = DisputeID(try context.id())
        let r = try deps.body.decode(EscalateRequest.self, from: try await deps.body.bytes(request))
        let (d, incident) = try await deps.app.disputes.escalate(id, priority: r.priority, description: r.description, by: user)
        let view = IncidentView(incident, now: deps.time.now(), masked: !user.role.may(.viewCaller))
        return try JSONReply(.created, Escalation(dispute: DisputeCommands.view(d, for: user), incident: view)).response
    }

    /// `?from=&to=` (days, China Standard Time, inclusive; the last 30 days by default): each
    /// station's figures over the disputes opened in those days.
    @Sendable func rates(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readDisputes)
        let period = try KPIPeriod.parse(request.uri.queryParameters, defaultFrom: { $0.advanced(by: -29) }, today: ReportDay(containing: deps.time.now()))
        let stations = try await deps.app.disputes.rates(from: period.start, before: period.to.end, for: user)
        return try JSONReply(.ok, Rates(from: period.from.description, to: period.to.description, stations: stations)).response
    }
}
