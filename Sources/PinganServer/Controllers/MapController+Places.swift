import Foundation
import Hummingbird
import PinganCore
import PinganGeo
import PinganStore

/// The readable map: what a position is called, street and landmark labels, the background
/// (water, parks, buildings) and the map's extent. All from the loaded road network's
/// `PlaceIndex`; a server without a map answers 503 `no_road_network`.
extension MapController {
    /// What `address` answers.
    struct AddressReply: Encodable {
        var name: String
        var kind: String
        var category: String?
        var location: Coordinate
        /// From the asked position to `location`.
        var distanceMetres: Double
    }

    /// `?lat=&lon=&lang=zh|en` → the nearest address (60 m), crossing (120 m) or street (200 m)
    /// (`PlaceIndex.reverse`), or 404 `no_address` when nothing named is that close.
    @Sendable func address(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requireTracking()
        let parameters = request.uri.queryParameters
        guard let point = try Self.point(parameters, required: true) else { throw Problem.invalidField("lat", "lat and lon are required") }
        let language = try Self.language(parameters)
        guard let place = positions.network.places.reverse(point, language: language) else {
            throw Problem(.notFound, code: "no_address", detail: "no address, crossing or named street within 200 m of \(point.lat),\(point.lon)")
        }
        let distance = (Geodesy.haversine(point, place.location) * 10).rounded() / 10
        return try JSONReply(.ok, AddressReply(name: place.name, kind: place.kind.rawValue, category: place.category,
                                               location: place.location, distanceMetres: distance)).response
    }

    /// `?bbox=south,west,north,east&zoom=Z&lang=zh|en` → street names (LineStrings, zoom ≥ 14)
    /// and landmarks (Points, zoom ≥ 16) as GeoJSON (see `LabelLayer`).
    @Sendable func labels(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requireTracking()
        let (box, zoom) = try Self.view(request.uri.queryParameters)
        let language = try Self.language(request.uri.queryParameters)
        return Self.geoJSON(LabelLayer(places: positions.network.places).render(Self.bounds(box), zoom: zoom, language: language))
    }

    /// `?bbox=south,west,north,east&zoom=Z` → water, parks and (zoom ≥ 15) major buildings as
    /// GeoJSON Polygons (see `BackgroundLayer`).
    @Sendable func background(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requireTracking()
        let (box, zoom) = try Self.view(request.uri.queryParameters)
        return Self.geoJSON(BackgroundLayer(places: positions.network.places).render(Self.bounds(box), zoom: zoom))
    }

    struct Extent: Encodable {
        var south, west, north, east: Double
        var centre: Coordinate
    }

    /// The rectangle the loaded road network spans and its centre, so a console with nothing on
    /// it yet can still show the city.
    @Sendable func extent(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requireTracking()
        guard let e = positions.network.extent else {
            throw Problem(.serviceUnavailable, code: "no_road_network", detail: "the road network has no coordinates")
        }
        return try JSONReply(.ok, Extent(south: e.south, west: e.west, north: e.north, east: e.east, centre: e.centre)).response
    }

    static func geoJSON(_ json: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/geo+json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    static func bounds(_ b: BoundingBox) -> GeoBounds { GeoBounds(south: b.south, west: b.west, north: b.north, east: b.east) }

    /// `lat` and `lon` together, or neither (nil) when not `required`.
    static func point(_ parameters: Parameters, required: Bool) throws -> Coordinate? {
        let lat = parameters["lat"], lon = parameters["lon"]
        if lat == nil && lon == nil && !required { return nil }
        guard let lat, let la = Double(lat), la.isFinite, (-90...90).contains(la) else {
            throw Problem.invalidField("lat", "lat must be a latitude in degrees (-90 to 90), given with lon")
        }
        guard let lon, let lo = Double(lon), lo.isFinite, (-180...180).contains(lo) else {
            throw Problem.invalidField("lon", "lon must be a longitude in degrees (-180 to 180), given with lat")
        }
        return Coordinate(lat: la, lon: lo)
    }

    /// `lang=zh` (the default: the map's own names) or `lang=en`.
    static func language(_ parameters: Parameters) throws -> PinganGeo.Place.Language {
        guard let raw = parameters["lang"] else { return .local }
        guard let l = PinganGeo.Place.Language(rawValue: String(raw)) else { throw Problem.invalidField("lang", "lang must be zh or en") }
        return l
    }
}
