/// A WGS-84 position. Pingan stores and computes in WGS-84 only; GCJ-02 and BD-09 appear at the
/// edges (import, display), so one plain type serves the whole platform.
public struct Coordinate: Hashable, Sendable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// True when both parts are finite numbers inside the WGS-84 ranges. Inputs from outside are
    /// checked with this before anything else sees them.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }
}
