import PinganGeo

/// A latitude/longitude rectangle: the valid area of a call file, a network's extent.
public struct GeoBox: Sendable, Equatable, Codable {
    public var minLat: Double, maxLat: Double, minLon: Double, maxLon: Double

    public init(minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        self.minLat = minLat; self.maxLat = maxLat; self.minLon = minLon; self.maxLon = maxLon
    }

    /// The smallest box holding `points` (nil when empty).
    public init?(points: some Sequence<Coordinate>) {
        var b = GeoBox(minLat: .infinity, maxLat: -.infinity, minLon: .infinity, maxLon: -.infinity)
        var any = false
        for p in points {
            any = true
            b.minLat = min(b.minLat, p.lat); b.maxLat = max(b.maxLat, p.lat)
            b.minLon = min(b.minLon, p.lon); b.maxLon = max(b.maxLon, p.lon)
        }
        guard any else { return nil }
        self = b
    }

    public func contains(_ c: Coordinate) -> Bool {
        c.lat >= minLat && c.lat <= maxLat && c.lon >= minLon && c.lon <= maxLon
    }
}
