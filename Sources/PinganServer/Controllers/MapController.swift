import Foundation
import Hummingbird
import PinganCore
import PinganGeo
import PinganStore

/// The map the server routes on, as the console's road layer.
struct MapController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("map/roads", use: roads)
        group.get("map/coverage", use: coverage)
        group.get("map/places", use: places)
    }

    /// A place found by name for `places`.
    struct Place: Encodable {
        var name: String
        /// `intersection` or `street` (from the map), or a station's or post's kind.
        var kind: String
        var location: Coordinate
    }

    /// `?q=…` → up to 8 places a typed address may mean, best first: a crossing of two streets
    /// named in it, then stations and posts in the caller's scope whose name contains it (at
    /// most 4 posts, so 60 cameras cannot crowd out the streets), then the map's streets
    /// (`StreetIndex.search`). Works without a map too, with the stations and posts only.
    @Sendable func places(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        let raw = request.uri.queryParameters["q"].map(String.init) ?? ""
        let query = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty, raw.unicodeScalars.count <= 100 else { throw Problem.invalidField("q", "q must be 1-100 characters") }
        let streets = (deps.app.positions?.tracking.network.streets.search(query) ?? []).map { Place(name: $0.name, kind: $0.kind.rawValue, location: $0.location) }
        var found = streets.filter { $0.kind == StreetIndex.Match.Kind.intersection.rawValue }
        for j in try await deps.store.jurisdictions(scope: user.scope) where j.level == .station {
            if let at = j.location, j.name.contains(query) || (j.nameEn?.localizedCaseInsensitiveContains(query) ?? false) {
                found.append(Place(name: j.name, kind: "station", location: at))
            }
        }
        let posts = try await deps.store.posts(scope: user.scope).filter { $0.name.contains(query) }
        found += posts.prefix(4).map { Place(name: $0.name, kind: $0.kind.rawValue, location: $0.location) }
        found += streets.filter { $0.kind != StreetIndex.Match.Kind.intersection.rawValue }
        return try JSONReply(.ok, Array(found.prefix(8))).response
    }

    /// `?bbox=south,west,north,east&zoom=Z` (zoom 0-22, default 15) → a GeoJSON FeatureCollection
    /// of LineStrings (see `RoadLayer` for how it is simplified and capped).
    @Sendable func roads(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requireTracking()
        let (box, zoom) = try Self.view(request.uri.queryParameters)
        return Self.geoJSON(RoadLayer(network: positions.network).render(box, zoom: zoom))
    }

    /// The same segments as `roads`, each with the 1-3-5 minute `tier` in which the nearest free
    /// unit reaches it, plus the `shares` of all road length within 1, 3 and 5 minutes and the
    /// number of free `units` counted (those in the caller's scope).
    @Sendable func coverage(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let positions = try deps.requireTracking()
        let (box, zoom) = try Self.view(request.uri.queryParameters)
        let coverage = await positions.coverage(scope: user.scope)
        return Self.geoJSON(RoadLayer(network: positions.network).render(box, zoom: zoom, coverage: coverage))
    }

    static func geoJSON(_ layer: RoadLayer.Result) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/geo+json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: layer.json)))
    }

    static func view(_ parameters: Parameters) throws -> (BoundingBox, Int) {
        guard let rawBox = parameters["bbox"] else { throw Problem.invalidField("bbox", "bbox=south,west,north,east is required") }
        let box = try BoundingBoxParameter.parse(rawBox)
        var zoom = 15
        if let raw = parameters["zoom"] {
            guard let z = Int(raw), (0...22).contains(z) else { throw Problem.invalidField("zoom", "zoom must be an integer 0-22") }
            zoom = z
        }
        return (box, zoom)
    }
}
