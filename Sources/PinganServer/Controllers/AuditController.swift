import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// The audit log, readable: pages of events in the caller's scope, newest first, filtered by
/// actor, subject, type and time, each row with its hash and whether that hash still matches
/// the row, and the state of the chain as walked so far.
struct AuditController {
    typealias Context = PinganRequestContext
    let deps: Dependencies
    let chain: ChainWatch

    struct Row: Encodable {
        var seq: Int64
        var at: Date
        var actor: Actor
        var command: String
        var type: String
        var subject: String
        var path: String
        var data: JSONValue
        var hash: String
        var prevHash: String
        /// The row's hash recomputed from its columns equals the stored one.
        var verified: Bool
    }

    struct PageReply: Encodable {
        var items: [Row]
        /// Pass as `before` for the next, older page; nil on the last.
        var next: Int64?
        var chain: ChainWatch.State
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAudit)
        var query = try Self.parse(request.uri.queryParameters)
        if let actor = query.actorID, let named = try await deps.store.user(username: actor) { query.actorID = named.id.rawValue }
        let rows = try await deps.store.auditEvents(query, scope: user.scope)
        let state = try await chain.advance(in: deps.store)
        // A watchlist hit's events are read only by those its list is shared with.
        let items = rows.filter { EventAudience.admits($0, user) }.map {
            Row(seq: $0.seq, at: $0.at, actor: $0.actor, command: $0.command, type: $0.type.rawValue, subject: $0.subject, path: $0.path,
                data: $0.data, hash: $0.hash, prevHash: $0.prevHash, verified: AuditChain.hash(of: $0) == $0.hash)
        }
        return try JSONReply(.ok, PageReply(items: items, next: rows.count == query.limit ? rows.last?.seq : nil, chain: state)).response
    }

    static func parse(_ p: Parameters) throws -> AuditQuery {
        func text(_ name: String, max: Int = 200) throws -> String? {
            guard let raw = p[Substring(name)], !raw.isEmpty else { return nil }
            let value = String(raw)
            do { try TextRules.check(value, field: name, max: max, required: false) } catch { throw Problem.invalidField(name, error.message) }
            return value.allSatisfy(\.isWhitespace) ? nil : value
        }
        var q = AuditQuery(actorID: try text("actor"), subject: try text("subject"), type: try text("type", max: 64),
                           from: try p.instant("from"), to: try p.instant("to"))
        if let raw = p["before"] {
            guard let seq = Int64(raw), (1...9_007_199_254_740_991).contains(seq) else { throw Problem.invalidField("before", "before must be a positive sequence number") }
            q.before = seq
        }
        if let raw = p["limit"] {
            guard let n = Int(raw), (1...500).contains(n) else { throw Problem.invalidField("limit", "limit must be between 1 and 500") }
            q.limit = n
        }
        return q
    }
}
