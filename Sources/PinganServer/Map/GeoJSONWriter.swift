import Foundation
import PinganGeo

/// Writes a GeoJSON FeatureCollection by hand, feature by feature: the map layers send
/// thousands of features, and building them as dictionaries for an encoder would cost more than
/// finding them.
struct GeoJSONWriter {
    private(set) var json = #"{"type":"FeatureCollection","features":["#
    private(set) var count = 0

    /// A feature with string `properties` (nil values left out) and a ready geometry.
    mutating func feature(_ properties: KeyValuePairs<String, String?>, geometry: String) {
        if count > 0 { json += "," }
        json += #"{"type":"Feature","properties":{"#
        var first = true
        for (k, v) in properties {
            guard let v else { continue }
            if !first { json += "," }
            first = false
            json += Self.string(k) + ":" + Self.string(v)
        }
        json += #"},"geometry":"# + geometry + "}"
        count += 1
    }

    /// Ends the collection with extra top-level members (already JSON).
    mutating func finish(_ extra: String) -> String {
        json += "]" + (extra.isEmpty ? "" : "," + extra) + "}"
        return json
    }

    static func point(_ c: Coordinate) -> String { #"{"type":"Point","coordinates":"# + position(c) + "}" }

    static func lineString(_ points: [Coordinate]) -> String {
        #"{"type":"LineString","coordinates":["# + points.map(position).joined(separator: ",") + "]}"
    }

    static func polygon(_ ring: [Coordinate]) -> String {
        #"{"type":"Polygon","coordinates":[["# + ring.map(position).joined(separator: ",") + "]]}"
    }

    /// `[lon,lat]`, six decimals (0.1 m).
    static func position(_ c: Coordinate) -> String { "[\(RoadLayer.round(c.lon)),\(RoadLayer.round(c.lat))]" }

    /// A JSON string literal.
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || (0x2028...0x2029).contains(u.value) { out += String(format: "\\u%04x", u.value) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
