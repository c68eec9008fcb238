import PinganGeo

/// Street names and landmarks inside a bounding box as GeoJSON, for the console to letter its
/// map: the road layer draws the graph, which keeps no names, so labels come from the map
/// features (`PlaceIndex.features`).
///
/// - named streets from zoom 14, only motorway to secondary below 16; one LineString per OSM
///   way, simplified to about a screen pixel, major roads first so a cap drops lanes first;
/// - landmarks (named stops, schools, squares…) as Points from zoom 16, one per name within
///   200 m (bus stops come in pairs across the road);
/// - names in English (`name:en`) when asked and the map has them, else the local name;
/// - at most `lineLimit` lines and `pointLimit` points; `truncated` says when more would have been.
struct LabelLayer {
    let places: PlaceIndex
    var lineLimit = 3_000
    var pointLimit = 600

    func render(_ box: GeoBounds, zoom: Int, language: Place.Language) -> String {
        var out = GeoJSONWriter()
        var truncated = false
        let f = places.features
        if zoom >= 14 {
            let tolerance = 360.0 / Double(1 << (zoom + 8))
            var lines = places.lines(in: box)
            if zoom < 16 { lines.removeAll { !(RoadClass(rawValue: f.lineClass[$0])?.isMajor ?? false) } }
            lines.sort { (f.lineClass[$0], $0) < (f.lineClass[$1], $1) }
            if lines.count > lineLimit { truncated = true; lines.removeLast(lines.count - lineLimit) }
            for l in lines {
                let pts = LineSimplifier.simplify(f.linePoints[Int(f.lineStart[l])..<Int(f.lineStart[l + 1])], tolerance: tolerance)
                guard pts.count >= 2 else { continue }
                let name = places.streetName(Int(f.lineStreet[l]), in: language)
                out.feature(["name": name, "class": RoadClass(rawValue: f.lineClass[l])?.name ?? "local"], geometry: GeoJSONWriter.lineString(pts))
            }
        }
        if zoom >= 16 {
            var shown: [(name: String, at: Coordinate)] = []
            for i in places.landmarks(in: box) {
                let name = places.landmarkName(i, in: language), at = f.landmarkLocation[i]
                if shown.contains(where: { $0.name == name && Geodesy.haversine($0.at, at) < 200 }) { continue }
                if shown.count == pointLimit { truncated = true; break }
                shown.append((name, at))
                out.feature(["name": name, "kind": "place", "category": f.landmarkCategory[i]], geometry: GeoJSONWriter.point(at))
            }
        }
        return out.finish("\"truncated\":\(truncated),\"zoom\":\(zoom)")
    }
}
