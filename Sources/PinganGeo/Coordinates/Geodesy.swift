import Foundation

/// Distances and projections on the WGS-84 sphere approximation. Dispatch needs metres (snap
/// distance, route length), the map needs Web Mercator; both live here so nobody re-derives them.
public enum Geodesy {
    /// Mean Earth radius in metres (IUGG), the usual choice for haversine.
    public static let earthRadius = 6_371_008.8
    /// Radius of the Web Mercator sphere (EPSG:3857).
    public static let mercatorRadius = 6_378_137.0

    /// Great-circle distance in metres.
    @inlinable public static func haversine(_ a: Coordinate, _ b: Coordinate) -> Double {
        let dLat = (b.lat - a.lat) * .pi / 180
        let dLon = (b.lon - a.lon) * .pi / 180
        let s1 = sin(dLat / 2), s2 = sin(dLon / 2)
        let h = s1 * s1 + cos(a.lat * .pi / 180) * cos(b.lat * .pi / 180) * s2 * s2
        return 2 * earthRadius * asin(min(1, sqrt(h)))
    }

    /// Projects to Web Mercator metres (x east, y north). Latitude is clamped to ±85.05113°.
    public static func mercator(_ c: Coordinate) -> (x: Double, y: Double) {
        let lat = max(-85.05112878, min(85.05112878, c.lat))
        let x = mercatorRadius * c.lon * .pi / 180
        let y = mercatorRadius * log(tan(.pi / 4 + lat * .pi / 360))
        return (x, y)
    }

    /// Inverse of `mercator`.
    public static func unmercator(x: Double, y: Double) -> Coordinate {
        let lon = x / mercatorRadius * 180 / .pi
        let lat = (2 * atan(exp(y / mercatorRadius)) - .pi / 2) * 180 / .pi
        return Coordinate(lat: lat, lon: lon)
    }
}

extension Coordinate {
    /// Great-circle distance in metres to `other`.
    public func distance(to other: Coordinate) -> Double { Geodesy.haversine(self, other) }
}
