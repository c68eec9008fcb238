import Foundation
import PinganGeo

/// Equirectangular distance for the per-fix checks (jump speed, thinning, shift distance).
///
/// Consecutive fixes of one unit are metres to kilometres apart, where the flat-earth
/// approximation differs from haversine by far less than GPS error, and it costs one cosine
/// instead of haversine's four trigonometric calls — measurable at a million fixes a second.
public enum LocalDistance {
    public static let metresPerDegree = Geodesy.earthRadius * .pi / 180

    @inline(__always) public static func metres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let x = (lon2 - lon1) * cos((lat1 + lat2) * (0.5 * .pi / 180))
        let y = lat2 - lat1
        return (x * x + y * y).squareRoot() * metresPerDegree
    }
}
