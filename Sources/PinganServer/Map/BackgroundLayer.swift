import PinganGeo

/// Water, parks and major buildings inside a bounding box as GeoJSON Polygons, drawn under the
/// roads so a dispatcher recognises the city (the river, the parks, the landmarks) at a glance.
/// Buildings only from zoom 15; rings simplified to about a screen pixel, and those smaller than
/// about two pixels left out; water first, then parks, then buildings, at most `limit` polygons
/// (`truncated` says when more would have been).
struct BackgroundLayer {
    let places: PlaceIndex
    var limit = 4_000

    func render(_ box: GeoBounds, zoom: Int) -> String {
        var out = GeoJSONWriter()
        let f = places.features
        let pixel = 360.0 / Double(1 << (zoom + 8))
        var areas = places.areas(in: box).filter { a in
            if zoom < 15 && f.areaKind[a] == MapFeatures.AreaKind.building.rawValue { return false }
            let b = places.areaBounds[a]
            return max(b.north - b.south, b.east - b.west) >= 2 * pixel
        }
        areas.sort { (f.areaKind[$0], $0) < (f.areaKind[$1], $1) }
        let truncated = areas.count > limit
        if truncated { areas.removeLast(areas.count - limit) }
        for a in areas {
            let ring = LineSimplifier.simplify(f.areaPoints[Int(f.areaStart[a])..<Int(f.areaStart[a + 1])], tolerance: pixel)
            guard ring.count >= 4 else { continue }
            let kind = MapFeatures.AreaKind(rawValue: f.areaKind[a])?.name ?? "building"
            out.feature(["kind": kind, "name": f.areaName[a].isEmpty ? nil : f.areaName[a]], geometry: GeoJSONWriter.polygon(ring))
        }
        return out.finish("\"truncated\":\(truncated),\"zoom\":\(zoom)")
    }
}
