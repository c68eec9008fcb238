import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Fixed sites: street police posts (警务站), safety posts (平安驿站), checkpoints (卡口) and
/// camera points (监控点位).
struct PostController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct CreateRequest: RequestBody {
        var stationID: JurisdictionID
        var kind: Post.Kind
        var name: String
        var location: Coordinate
        static let schema = Schema.record(["stationID": .id, "kind": .oneOf(Post.Kind.self), "name": .text(max: 100), "location": .coordinate])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("posts", use: list)
        group.post("posts", use: create)
        group.get("posts/{id}", use: show)
        group.patch("posts/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        return try JSONReply(.ok, try await deps.store.posts(scope: user.scope)).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        let id = PostID(try context.id())
        guard let post = try await deps.store.post(id, scope: user.scope) else { throw DomainError.notFound("post", id.rawValue) }
        return try JSONReply(.ok, post).response
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        try await deps.update(request, context: context, permission: .manageOrganisation, as: PostEdit.self) {
            try await deps.app.organisation.updatePost(PostID($0), $1, by: $2, idempotency: $3)
        }
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.organisation.createPost(stationID: input.stationID, kind: input.kind, name: input.name, location: input.location,
                                                       by: user, idempotency: $0)
        }
    }
}
