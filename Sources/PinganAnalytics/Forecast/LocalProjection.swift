import Foundation
import PinganGeo

/// Latitude/longitude to flat metres around one origin (equirectangular, x east, y north).
///
/// Grids, kernels and near-repeat bands are in metres. Over one city (tens of kilometres) the
/// flat approximation is off by well under a metre per 150 m cell, far below the position error
/// of geocoded crime data (DataSF snaps incidents to intersections), and it inverts exactly,
/// which the forecast layer needs to put cell centres back on the map. Same constants as
/// `LocalDistance` in dispatch.
public struct LocalProjection: Sendable, Equatable {
    public let origin: Coordinate
    /// Metres per degree of latitude and, at the origin, of longitude.
    public let metresPerDegreeLat: Double
    public let metresPerDegreeLon: Double

    public init(origin: Coordinate) {
        self.origin = origin
        metresPerDegreeLat = Geodesy.earthRadius * .pi / 180
        metresPerDegreeLon = metresPerDegreeLat * max(0.01, cos(origin.lat * .pi / 180))
    }

    /// Centred on the middle of `box`.
    public init(centreOf box: GeoBox) {
        self.init(origin: Coordinate(lat: (box.minLat + box.maxLat) / 2, lon: (box.minLon + box.maxLon) / 2))
    }

    @inline(__always) public func project(_ c: Coordinate) -> (x: Double, y: Double) {
        ((c.lon - origin.lon) * metresPerDegreeLon, (c.lat - origin.lat) * metresPerDegreeLat)
    }

    @inline(__always) public func unproject(x: Double, y: Double) -> Coordinate {
        Coordinate(lat: origin.lat + y / metresPerDegreeLat, lon: origin.lon + x / metresPerDegreeLon)
    }
}
