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
        /// A key place's kind (school, hospital…).
        var category: String?
        static let schema = Schema.record(["stationID": .id, "kind": .oneOf(Post.Kind.self), "name": .text(max: 100), "location": .coordinate,
                                           "category": .category], optional: ["category"])
    }

    struct ImportRequest: RequestBody {
        var stationID: JurisdictionID
        static let schema = Schema.record(["stationID": .id])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("posts", use: list)
        group.post("posts", use: create)
        group.post("key-places/import", use: importKeyPlaces)
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
                                                       category: input.category, by: user, idempotency: $0)
        }
    }

    /// `{stationID}`: the map's schools, hospitals, transport hubs and squares on the station's
    /// ground (its area, else its zones) become its key places (重点部位), those already
    /// registered skipped.
    @Sendable func importKeyPlaces(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let positions = try deps.requireTracking()
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(ImportRequest.self, from: bytes)
        guard let station = try await deps.store.jurisdiction(input.stationID, scope: user.scope) else {
            throw DomainError.notFound("jurisdiction", input.stationID.rawValue)
        }
        let zones = try await deps.store.zones(scope: user.scope).filter { $0.stationID == station.id }
        guard station.area != nil || zones.contains(where: \.active) else {
            throw DomainError.invalid("stationID", "\(station.name) has neither an area nor zones: draw its area first")
        }
        let places = KeyPlaceRegistry.ground(of: station, places: positions.network.places.features.keyPlaces(), zones: zones)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.organisation.importKeyPlaces(stationID: station.id, places: places.map { (name: $0.name, category: $0.category, location: $0.location) },
                                                            by: user, idempotency: $0)
        }
    }
}
