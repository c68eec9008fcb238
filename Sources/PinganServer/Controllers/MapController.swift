import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// The map the server routes on, as the console's road layer.
struct MapController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("map/roads", use: roads)
        group.get("map/coverage", use: coverage)
    }

    /// `?bbox=south,west,north,east&zoom=Z` (zoom 0-22, default 15) → a GeoJSON FeatureCollection
    /// of LineStrings (see `RoadLayer` for how it is simplified and capped).
    @Sendable func roads(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requirePositions()
        let (box, zoom) = try Self.view(request.uri.queryParameters)
        return Self.geoJSON(RoadLayer(network: positions.network).render(box, zoom: zoom))
    }

    /// The same segments as `roads`, each with the 1-3-5 minute `tier` in which the nearest free
    /// unit reaches it, plus the `shares` of all road length within 1, 3 and 5 minutes and the
    /// number of free `units` counted (those in the caller's scope).
    @Sendable func coverage(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let positions = try deps.requirePositions()
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
        let parts = rawBox.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let s = parts[0], let w = parts[1], let n = parts[2], let e = parts[3],
              [s, w, n, e].allSatisfy(\.isFinite), (-90...90).contains(s), (-90...90).contains(n), s <= n,
              (-180...180).contains(w), (-180...180).contains(e), w <= e else {
            throw Problem.invalidField("bbox", "bbox must be south,west,north,east in WGS-84 degrees")
        }
        var zoom = 15
        if let raw = parameters["zoom"] {
            guard let z = Int(raw), (0...22).contains(z) else { throw Problem.invalidField("zoom", "zoom must be an integer 0-22") }
            zoom = z
        }
        return (BoundingBox(south: s, west: w, north: n, east: e), zoom)
    }
}
