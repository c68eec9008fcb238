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
        group.get("map/address", use: address)
        group.get("map/labels", use: labels)
        group.get("map/background", use: background)
        group.get("map/extent", use: extent)
    }

    /// A place found by name for `places`.
    struct Place: Encodable {
        var name: String
        /// `intersection`, `address`, `landmark` or `street` (from the map), or a station's or post's kind.
        var kind: String
        /// What a landmark is (`bus_stop`, `school`…).
        var category: String? = nil
        var location: Coordinate
    }

    /// `?q=…&lat=&lon=&lang=zh|en` → up to 8 places a typed address may mean, best first: a
    /// crossing of two streets named in it or an exact address, then stations and posts in the
    /// caller's scope whose name contains it (at most 4 posts, so 60 cameras cannot crowd out the
    /// map), then the map's landmarks, addresses and streets (`PlaceIndex.search`), nearest
    /// (`lat`,`lon`) first among equals. Works without a map too, with the stations and posts only.
    @Sendable func places(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        let parameters = request.uri.queryParameters
        let raw = parameters["q"].map(String.init) ?? ""
        let query = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty, raw.unicodeScalars.count <= 100 else { throw Problem.invalidField("q", "q must be 1-100 characters") }
        let near = try Self.point(parameters, required: false)
        let language = try Self.language(parameters)
        let network = deps.app.positions?.tracking.network
        var mapPlaces: [Place] = []
        var first = 0   // how many map places outrank the stations and posts
        if let network {
            let found = network.places.isEmpty
                ? network.streets.search(query).map { PinganGeo.Place(name: $0.name, kind: $0.kind == .intersection ? .intersection : .street, location: $0.location) }
                : network.places.search(query, near: near, limit: 8, language: language)
            mapPlaces = found.map { Place(name: $0.name, kind: $0.kind.rawValue, category: $0.category, location: $0.location) }
            first = found.prefix { $0.kind == .intersection || ($0.kind == .address && PlaceText.normalise($0.name) == PlaceText.normalise(query)) }.count
        }
        var found = Array(mapPlaces.prefix(first))
        for j in try await deps.store.jurisdictions(scope: user.scope) where j.level == .station {
            if let at = j.location, j.name.contains(query) || (j.nameEn?.localizedCaseInsensitiveContains(query) ?? false) {
                found.append(Place(name: language == .english ? (j.nameEn ?? j.name) : j.name, kind: "station", location: at))
            }
        }
        let posts = try await deps.store.posts(scope: user.scope).filter { $0.name.contains(query) }
        found += posts.prefix(4).map { Place(name: $0.name, kind: $0.kind.rawValue, location: $0.location) }
        found += mapPlaces.dropFirst(first)
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
