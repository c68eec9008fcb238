import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// Control lists (布控): lists, their entries, and look-ups, every read of them audited.
struct WatchlistController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var name: String
        var reason: String
        var severity: AlertSeverity
        var jurisdictionID: JurisdictionID?
        var validFrom: Date?
        var validUntil: Date?
        var visibleTo: [JurisdictionID]?
        static let schema = Schema.record(["name": .text(max: 100), "reason": .text(max: 500, multiline: true), "severity": .oneOf(AlertSeverity.self),
                                           "jurisdictionID": .id, "validFrom": .dateTime, "validUntil": .dateTime,
                                           "visibleTo": .array(.id, max: 100, unique: true)],
                                          optional: ["jurisdictionID", "validFrom", "validUntil", "visibleTo"])
    }

    struct EditRequest: RequestBody {
        var version: Int
        var name: String?
        var reason: String?
        var severity: AlertSeverity?
        var validUntil: Date?
        var visibleTo: [JurisdictionID]?
        var active: Bool?
        static let schema = Schema.record(["version": .version, "name": .text(max: 100), "reason": .text(max: 500, multiline: true),
                                           "severity": .oneOf(AlertSeverity.self), "validUntil": .dateTime,
                                           "visibleTo": .array(.id, max: 100, unique: true), "active": .boolean],
                                          optional: ["name", "reason", "severity", "validUntil", "visibleTo", "active"])
        var edit: SensingDecider.WatchlistEdit {
            .init(version: version, name: name, reason: reason, severity: severity, validUntil: validUntil, visibleTo: visibleTo, active: active)
        }
    }

    struct EntryRequest: RequestBody {
        var kind: WatchlistEntry.Kind
        var value: String?
        var name: String?
        var fuzzy: Bool?
        var note: String?
        static let schema = Schema.record(["kind": .oneOf(WatchlistEntry.Kind.self), "value": .text(max: 40), "name": .text(max: 100),
                                           "fuzzy": .boolean, "note": .text(max: 500, required: false, multiline: true)],
                                          optional: ["value", "name", "fuzzy", "note"])
    }

    struct CheckRequest: RequestBody {
        var kind: WatchlistEntry.Kind
        var value: String
        static let schema = Schema.record(["kind": .oneOf(WatchlistEntry.Kind.self), "value": .text(max: 40)])
    }

    struct Listing<Item: Encodable & Sendable>: Encodable, Sendable { var items: [Item] }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("watchlists", use: list)
        group.post("watchlists", use: create)
        group.post("watchlists/check", use: check)
        group.get("watchlists/{id}", use: show)
        group.patch("watchlists/{id}", use: update)
        group.get("watchlists/{id}/entries", use: entries)
        group.post("watchlists/{id}/entries", use: add)
        group.delete("watchlists/{id}/entries/{entryID}", use: remove)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        return try JSONReply(.ok, Listing(items: try await deps.store.watchlists(scope: user.scope))).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        let id = WatchlistID(try context.id())
        guard let list = try await deps.store.watchlist(id, scope: user.scope) else { throw DomainError.notFound("watchlist", id.rawValue) }
        return try JSONReply(.ok, list).response
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageWatchlists)
        let bytes = try await deps.body.bytes(request)
        let i = try deps.body.decode(CreateRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.watchlists.create(.init(name: i.name, reason: i.reason, severity: i.severity, jurisdictionID: i.jurisdictionID,
                                                       validFrom: i.validFrom, validUntil: i.validUntil, visibleTo: i.visibleTo), by: user, idempotency: $0)
        }
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try await deps.update(request, context: context, permission: .manageWatchlists, as: EditRequest.self) {
            try await deps.app.watchlists.update(WatchlistID($0), $1.edit, by: $2, idempotency: $3)
        }
    }

    /// The list's entries (documents masked); recorded in the audit log as read.
    @Sendable func entries(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageWatchlists)
        let id = WatchlistID(try context.id())
        let params = request.uri.queryParameters
        let limit = min(max(try MessageController.integer(params["limit"], "limit") ?? 200, 1), 1000)
        let items = try await deps.app.watchlists.entries(of: id, limit: limit, offset: try MessageController.integer(params["offset"], "offset") ?? 0, by: user)
        return try JSONReply(.ok, Listing(items: items)).response
    }

    @Sendable func add(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageWatchlists)
        let id = WatchlistID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let i = try deps.body.decode(EntryRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.watchlists.add(.init(kind: i.kind, value: i.value, name: i.name, fuzzy: i.fuzzy, note: i.note), to: id, by: user, idempotency: $0)
        }
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageWatchlists)
        let id = WatchlistID(try context.id())
        let entry = WatchlistEntryID(try context.id("entryID"))
        let removed = try await deps.app.watchlists.remove(entry, from: id, by: user).get()
        return try JSONReply(.ok, removed).response
    }

    /// Looks a plate or document up against the lists the caller may see; audited.
    @Sendable func check(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(anyOf: [.manageWatchlists, .handleAlerts])
        let bytes = try await deps.body.bytes(request)
        let i = try deps.body.decode(CheckRequest.self, from: bytes)
        return try JSONReply(.ok, try await deps.app.watchlists.check(kind: i.kind, value: i.value, by: user)).response
    }
}
