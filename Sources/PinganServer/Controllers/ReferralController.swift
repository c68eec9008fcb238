import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// The referral loop over HTTP: a dispatcher refers a call (`POST /incidents/{id}/referrals`)
/// or withdraws it; the agency accepts, starts, gives feedback or returns it. An agency's users
/// list the referrals sent to their agency; the police side, those of its scope.
struct ReferralController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct SendRequest: RequestBody {
        var agencyID: AgencyID
        var note: String?
        var rule: String?
        static let schema = Schema.record(["agencyID": .id, "note": .text(max: 1000, required: false, multiline: true), "rule": .text(max: 100)],
                                          optional: ["note", "rule"])
    }

    struct FeedbackRequest: RequestBody {
        var outcome: String
        var summary: String
        static let schema = Schema.record(["outcome": .text(max: 100), "summary": .text(max: 4000, multiline: true)])
    }

    struct ReturnRequest: RequestBody {
        var reason: String
        static let schema = Schema.record(["reason": .text(max: 1000, multiline: true)])
    }

    /// A referral with which of its deadlines are missed now.
    struct View: Encodable {
        var referral: Referral
        var overdue: [String]

        init(_ r: Referral, now: Date) {
            referral = r
            var late: [String] = []
            if r.status == .sent && now > r.acceptDue { late.append("accept") }
            if r.status.isOpen && now > r.feedbackDue { late.append("feedback") }
            if let f = r.feedback, f.at > r.feedbackDue { late.append("feedback") }
            overdue = late
        }

        func encode(to encoder: any Encoder) throws {
            try referral.encode(to: encoder)
            enum K: String, CodingKey { case overdue }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(overdue, forKey: .overdue)
        }
    }

    struct Listing: Encodable {
        var items: [View]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("referrals", use: list)
        group.get("referrals/{id}", use: show)
        group.post("incidents/{id}/referrals", use: send)
        group.post("referrals/{id}/accept", use: accept)
        group.post("referrals/{id}/start", use: start)
        group.post("referrals/{id}/feedback", use: feedback)
        group.post("referrals/{id}/return", use: giveBack)
        group.post("referrals/{id}/withdraw", use: withdraw)
    }

    func view(_ r: Referral) -> View { View(r, now: deps.time.now()) }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readReferrals)
        let params = request.uri.queryParameters
        let statuses = try QueryList.values(params["status"], "status", as: Referral.Status.self)
        if let raw = params["incidentID"], !IncidentID.isWellFormed(String(raw)) {
            throw Problem.invalidField("incidentID", "an ID is 1-200 characters without / or control characters")
        }
        let items = try await deps.app.referrals.list(
            for: user, statuses: statuses, incidentID: params["incidentID"].map { IncidentID(String($0)) },
            limit: try MessageController.integer(params["limit"], "limit").map { min(max($0, 1), ReferralQuery.maxLimit) } ?? 100,
            offset: try MessageController.integer(params["offset"], "offset") ?? 0)
        return try JSONReply(.ok, Listing(items: items.map(view))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readReferrals)
        return try JSONReply(.ok, view(try await deps.app.referrals.referral(ReferralID(try context.id()), for: user))).response
    }

    @Sendable func send(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let id = IncidentID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(SendRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, view($0)) }) {
            try await deps.app.referrals.send(id, .init(agencyID: r.agencyID, note: r.note, rule: r.rule), by: user, idempotency: $0)
        }
    }

    @Sendable func accept(_ request: Request, context: Context) async throws -> Response {
        try await empty(request, context, .workReferrals) { id, user, key in try await deps.app.referrals.accept(id, by: user, idempotency: key) }
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        try await empty(request, context, .workReferrals) { id, user, key in try await deps.app.referrals.start(id, by: user, idempotency: key) }
    }

    @Sendable func withdraw(_ request: Request, context: Context) async throws -> Response {
        try await empty(request, context, .dispatch) { id, user, key in try await deps.app.referrals.withdraw(id, by: user, idempotency: key) }
    }

    @Sendable func feedback(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.workReferrals)
        let id = ReferralID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(FeedbackRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0)) }) {
            try await deps.app.referrals.finish(id, outcome: r.outcome, summary: r.summary, by: user, idempotency: $0)
        }
    }

    @Sendable func giveBack(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.workReferrals)
        let id = ReferralID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(ReturnRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0)) }) {
            try await deps.app.referrals.giveBack(id, reason: r.reason, by: user, idempotency: $0)
        }
    }

    /// A step whose body is empty (or `{}`).
    private func empty(_ request: Request, _ context: Context, _ permission: Permission,
                       _ run: (ReferralID, User, Idempotency<Referral>?) async throws -> Outcome<Referral>) async throws -> Response {
        let user = try context.require(permission)
        let id = ReferralID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(AlertController.Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0)) }) { try await run(id, user, $0) }
    }
}
