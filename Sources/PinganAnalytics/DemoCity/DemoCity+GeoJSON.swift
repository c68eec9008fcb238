import Foundation
import PinganCore
import PinganGeo

extension DemoCity {
    /// The demo deployment as one GeoJSON FeatureCollection (RFC 7946, [lon, lat]): stations
    /// and posts (kind `streetPost`, `checkpoint`, `camera`) as points, patrol zones as polygons,
    /// each with `kind`, `id`, `name` and `simulated: true`, ready for the console map or
    /// geojson.io.
    public var geoJSON: String {
        func str(_ s: String) -> String {
            let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        func point(_ c: Coordinate) -> String { "{\"type\":\"Point\",\"coordinates\":[\(c.lon),\(c.lat)]}" }
        var features: [String] = []
        for j in jurisdictions where j.level == .station {
            guard let loc = j.location else { continue }
            features.append("{\"type\":\"Feature\",\"geometry\":\(point(loc)),\"properties\":{\"kind\":\"station\",\"id\":\(str(j.id.rawValue)),\"name\":\(str(j.name)),\"path\":\(str(j.path)),\"simulated\":true}}")
        }
        for p in posts {
            features.append("{\"type\":\"Feature\",\"geometry\":\(point(p.location)),\"properties\":{\"kind\":\(str(p.kind.rawValue)),\"id\":\(str(p.id.rawValue)),\"name\":\(str(p.name)),\"station\":\(str(p.stationID.rawValue)),\"simulated\":true}}")
        }
        for z in zones where z.boundary.count >= 3 {
            features.append("{\"type\":\"Feature\",\"geometry\":\(Polygon(z.boundary).geoJSON),\"properties\":{\"kind\":\"zone\",\"id\":\(str(z.id.rawValue)),\"name\":\(str(z.name)),\"station\":\(str(z.stationID.rawValue)),\"units\":\(z.unitIDs.count),\"simulated\":true}}")
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}"
    }
}
