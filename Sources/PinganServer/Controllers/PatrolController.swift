import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Dynamic patrol (动态巡控): the live picture of what the free units reach within 1, 3 and 5
/// minutes (road, expected calls, key places), the moves of idle units that would bring the most
/// expected calls within 3 minutes, and the dispatcher's order that sends one of them.
struct PatrolController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// Expected demand is the calls of the last `demandDays` days in scope, one point each (the
    /// prior-period counts a forecast starts from).
    static let demandDays = 28.0
    /// Calls one picture learns from; a wider scope reads the newest this many.
    static let maxCalls = 100_000

    struct MoveRequest: RequestBody {
        var unitID: UnitID
        var postID: PostID
        static let schema = Schema.record(["unitID": .id, "postID": .id])
    }

    struct Listing: Encodable {
        var items: [Message]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("patrol", use: picture)
        group.post("patrol/moves", use: orderMove)
    }

    @Sendable func picture(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let positions = try deps.requireTracking()
        let now = deps.time.now()
        var points: [Coordinate] = []
        var query = IncidentQuery(receivedFrom: now - Self.demandDays * 86_400, limit: IncidentQuery.maxLimit)
        while points.count < Self.maxCalls {
            let page = try await deps.store.incidents(query, scope: user.scope)
            for i in page.items where i.status != .cancelled && i.mergedInto == nil { points.append(i.location) }
            if page.items.count < query.limit { break }
            query.offset += page.items.count
        }
        let posts = try await deps.store.posts(scope: user.scope)
        let places = positions.network.places.features.keyPlaces()
        let picture = await positions.patrolPicture(scope: user.scope, demand: PatrolDemand(points: points, weights: points.map { _ in 1 }),
                                                    places: places, posts: posts)
        return try JSONReply(.ok, picture).response
    }

    /// `{unitID, postID}`: the dispatcher accepts a move proposal; the unit gets it as a message.
    @Sendable func orderMove(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(MoveRequest.self, from: bytes)
        let tracking = try? deps.requireTracking()
        var minutes: Int?
        if let tracking, let post = try await deps.store.post(input.postID, scope: user.scope),
           let route = try? await tracking.route(of: input.unitID, to: post.location) {
            minutes = max(1, Int((route.seconds / 60).rounded()))
        }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, Listing(items: $0)) }) {
            try await deps.app.messages.orderMove(input.unitID, to: input.postID, text: { _, post in Self.orderText(post: post, minutes: minutes) },
                                                  by: user, idempotency: $0)
        }
    }

    /// Both languages: the server does not know which one the crew's page shows.
    static func orderText(post: Post, minutes: Int?) -> String {
        let drive = minutes.map { ("（约\($0)分钟车程）", " (about \($0) min drive)") } ?? ("", "")
        return "巡防调整：请前往\(post.name)驻守\(drive.0)。Patrol move: go to \(post.name) and stand by there\(drive.1)."
    }
}
