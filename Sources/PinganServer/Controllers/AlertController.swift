import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// Early warnings (预警): the alert panel's list and counts, each alert's loop, one-click
/// dispatch, storm groups, and CAP 1.2 in and out.
struct AlertController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CloseRequest: RequestBody {
        var outcome: Alert.Status
        var feedback: String
        static let schema = Schema.record(["outcome": .strings([Alert.Status.handled.rawValue, Alert.Status.falseAlarm.rawValue]),
                                           "feedback": .text(max: 2000, multiline: true)])
    }

    struct DispatchRequest: RequestBody {
        var unitIDs: [UnitID]?
        static let schema = Schema.record(["unitIDs": .array(.id, min: 1, max: 20, unique: true)], optional: ["unitIDs"])
    }

    struct Empty: RequestBody {
        static let schema = Schema.record([:])
    }

    /// An alert as the panel shows it: with which of its deadlines are missed now.
    struct View: Encodable {
        var alert: Alert
        var overdue: [AlertDeadline]

        func encode(to encoder: any Encoder) throws {
            try alert.encode(to: encoder)
            enum K: String, CodingKey { case overdue }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(overdue, forKey: .overdue)
        }
    }

    struct Listing: Encodable {
        var items: [View]
        var counts: [String: Int]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("alerts", use: list)
        group.get("alerts/{id}", use: show)
        group.get("alerts/{id}/members", use: members)
        group.post("alerts/{id}/acknowledge", use: acknowledge)
        group.post("alerts/{id}/close", use: close)
        group.post("alerts/{id}/split", use: split)
        group.post("alerts/{id}/dispatch", use: dispatch)
        group.get("alerts/{id}/cap", use: exportCAP)
        group.post("alerts/cap", use: importCAP)
    }

    /// The alert as an OASIS CAP 1.2 document.
    @Sendable func exportCAP(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        let a = try await alert(context, user)
        let xml = CAPDocument.write(AlertCAP.message(for: a, sender: AlertController.sender), utcOffsetMinutes: 8 * 60)
        return Response(status: .ok, headers: [.contentType: "application/cap+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// A CAP 1.2 alert from another system becomes an alert of the station whose area holds it;
    /// the same message (sender and identifier) again gets the alert it made.
    @Sendable func importCAP(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.handleAlerts)
        let bytes = try await deps.body.bytes(request, as: .xml)
        let message: CAPMessage
        do throws(CAPError) { message = try CAPDocument.read(Data(bytes.readableBytesView)) }
        catch { throw Problem(.unprocessableContent, code: "invalid_cap", detail: error.message) }
        let (a, created) = try await deps.app.alerts.receive(message, by: user)
        return try JSONReply(created ? .created : .ok, view(a)).response
    }

    /// Who Pingan's CAP messages say they are from.
    static let sender = "pingan@localhost"

    func view(_ a: Alert) -> View { View(alert: a, overdue: a.overdue(at: deps.time.now())) }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        let params = request.uri.queryParameters
        let statuses = try QueryList.values(params["status"], "status", as: Alert.Status.self)
        let members: Bool
        switch params["members"] {
        case nil, "false": members = false
        case "true": members = true
        default: throw Problem.invalidField("members", "members is true or false")
        }
        let query = AlertQuery(statuses: statuses, raisedFrom: try params.instant("from"), heads: !members,
                               limit: try MessageController.integer(params["limit"], "limit").map { min(max($0, 1), 500) } ?? 100,
                               offset: try MessageController.integer(params["offset"], "offset") ?? 0)
        let items = try await deps.store.alerts(query, scope: user.scope)
        let counts = try await deps.store.alertCounts(scope: user.scope)
        return try JSONReply(.ok, Listing(items: items.map(view), counts: Dictionary(uniqueKeysWithValues: Alert.Status.allCases.map { ($0.rawValue, counts[$0] ?? 0) }))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        return try JSONReply(.ok, view(try await alert(context, user))).response
    }

    /// The alerts folded into a group, oldest first.
    @Sendable func members(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        let head = try await alert(context, user)
        let members = try await deps.store.alerts(ids: head.members).filter { $0.groupID == head.id && user.scope.contains(path: $0.path) && $0.audience.admits(user.scope) }
        return try JSONReply(.ok, Listing(items: members.map(view), counts: [:])).response
    }

    func alert(_ context: Context, _ user: User) async throws -> Alert {
        let id = AlertID(try context.id())
        guard let a = try await deps.store.alert(id, scope: user.scope) else { throw DomainError.notFound("alert", id.rawValue) }
        return a
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.handleAlerts)
        let id = AlertID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0)) }) {
            try await deps.app.alerts.acknowledge(id, by: user, idempotency: $0)
        }
    }

    @Sendable func close(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.handleAlerts)
        let id = AlertID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CloseRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0)) }) {
            try await deps.app.alerts.close(id, as: input.outcome, feedback: input.feedback, by: user, idempotency: $0)
        }
    }

    @Sendable func split(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.handleAlerts)
        let id = AlertID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, view($0)) }) {
            try await deps.app.alerts.split(id, by: user, idempotency: $0)
        }
    }

    /// One-click dispatch: an incident at the alert's place with the proposed unit (or the
    /// units named) sent.
    @Sendable func dispatch(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.handleAlerts)
        guard user.role.may(.dispatch) else { throw DomainError(.forbidden, "role \(user.role.rawValue) lacks permission dispatch") }
        let id = AlertID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = bytes.readableBytes == 0 ? DispatchRequest(unitIDs: nil) : try deps.body.decode(DispatchRequest.self, from: bytes)
        let done = try await deps.app.alerts.dispatch(id, units: input.unitIDs, by: user)
        return try JSONReply(.ok, DispatchReply(alert: view(done.alert), incident: IncidentView(done.incident, now: deps.time.now(), masked: !user.role.may(.viewCaller)))).response
    }

    struct DispatchReply: Encodable {
        var alert: View
        var incident: IncidentView
    }
}
