/// A latitude/longitude rectangle in WGS-84 degrees: the extent of a map, of a feature, or of the
/// view a layer is drawn for.
public struct GeoBounds: Sendable, Hashable, Codable {
    public var south: Double
    public var west: Double
    public var north: Double
    public var east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south; self.west = west; self.north = north; self.east = east
    }

    /// The bounds of `points`; nil when there are none.
    public init?(_ points: some Sequence<Coordinate>) {
        var s = Double.infinity, w = Double.infinity, n = -Double.infinity, e = -Double.infinity
        for p in points { s = min(s, p.lat); n = max(n, p.lat); w = min(w, p.lon); e = max(e, p.lon) }
        guard s <= n else { return nil }
        self.init(south: s, west: w, north: n, east: e)
    }

    public var centre: Coordinate { Coordinate(lat: (south + north) / 2, lon: (west + east) / 2) }

    @inline(__always) public func intersects(_ o: GeoBounds) -> Bool {
        o.south <= north && o.north >= south && o.west <= east && o.east >= west
    }

    @inline(__always) public func contains(_ c: Coordinate) -> Bool {
        c.lat >= south && c.lat <= north && c.lon >= west && c.lon <= east
    }
}
