import Foundation

/// Conversions between WGS-84 and the Chinese map datums: GCJ-02 (the state-mandated offset used
/// by AMap/Tencent and by any Chinese phone map) and BD-09 (Baidu's further offset). Calls from
/// the public arrive in those datums; Pingan converts at the edge and stores WGS-84 only.
/// Formulas are the widely published Krasovsky-ellipsoid approximations; outside China there is
/// no offset.
public enum ChinaCoordinates {
    static let a = 6_378_245.0
    static let ee = 0.006_693_421_622_965_943
    static let xPi = Double.pi * 3000.0 / 180.0

    /// Rough mainland-China bounding box used by every public implementation of GCJ-02.
    public static func isInChina(_ c: Coordinate) -> Bool {
        c.lon >= 72.004 && c.lon <= 137.8347 && c.lat >= 0.8293 && c.lat <= 55.8271
    }

    private static func transformLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    private static func transformLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }

    /// WGS-84 → GCJ-02.
    public static func wgs84ToGCJ02(_ c: Coordinate) -> Coordinate {
        guard isInChina(c) else { return c }
        var dLat = transformLat(c.lon - 105.0, c.lat - 35.0)
        var dLon = transformLon(c.lon - 105.0, c.lat - 35.0)
        let radLat = c.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return Coordinate(lat: c.lat + dLat, lon: c.lon + dLon)
    }

    /// GCJ-02 → WGS-84 by fixed-point iteration on the forward transform (sub-millimetre after a
    /// few steps), since the offset has no closed-form inverse.
    public static func gcj02ToWGS84(_ g: Coordinate) -> Coordinate {
        guard isInChina(g) else { return g }
        var w = g
        for _ in 0..<30 {
            let f = wgs84ToGCJ02(w)
            let dLat = f.lat - g.lat, dLon = f.lon - g.lon
            w = Coordinate(lat: w.lat - dLat, lon: w.lon - dLon)
            if abs(dLat) < 1e-10 && abs(dLon) < 1e-10 { break }
        }
        return w
    }

    /// GCJ-02 → BD-09.
    public static func gcj02ToBD09(_ g: Coordinate) -> Coordinate {
        let x = g.lon, y = g.lat
        let z = sqrt(x * x + y * y) + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Coordinate(lat: z * sin(theta) + 0.006, lon: z * cos(theta) + 0.0065)
    }

    /// BD-09 → GCJ-02.
    public static func bd09ToGCJ02(_ b: Coordinate) -> Coordinate {
        let x = b.lon - 0.0065, y = b.lat - 0.006
        let z = sqrt(x * x + y * y) - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return Coordinate(lat: z * sin(theta), lon: z * cos(theta))
    }

    public static func wgs84ToBD09(_ c: Coordinate) -> Coordinate { gcj02ToBD09(wgs84ToGCJ02(c)) }
    public static func bd09ToWGS84(_ b: Coordinate) -> Coordinate { gcj02ToWGS84(bd09ToGCJ02(b)) }
}
