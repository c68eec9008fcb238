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
    }

    /// `?bbox=south,west,north,east&zoom=Z` (zoom 0-22, default 15) → a GeoJSON FeatureCollection
    /// of LineStrings (see `RoadLayer` for how it is simplified and capped).
    @Sendable func roads(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readOrganisation)
        let positions = try deps.requirePositions()
        let parameters = request.uri.queryParameters
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
        let layer = RoadLayer(network: positions.network).render(BoundingBox(south: s, west: w, north: n, east: e), zoom: zoom)
        var headers = HTTPFields()
        headers[.contentType] = "application/geo+json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: layer.json)))
    }
}
