import Foundation

/// The area a jurisdiction answers for (辖区): one or more polygons, each an outer ring with
/// optional holes, read and written as a GeoJSON `Polygon` or `MultiPolygon` geometry
/// (RFC 7946, `[lon, lat]` positions) because that is what GIS tools and OSM boundary exports
/// hand an administrator. Deciding which station files a call is a containment test against
/// every station's area, so each polygon keeps its bounding box.
public struct GeoArea: Sendable, Hashable, Codable {
    /// Polygons; in each, ring 0 is the outer boundary and the rest are holes. Rings are not
    /// closed (the first point is not repeated).
    public let polygons: [[[Coordinate]]]
    /// The outer rings' extent: most points are refused by it before any ring is walked.
    public let bounds: GeoBounds

    /// The most points an area may have in all, so a careless export cannot fill memory.
    public static let maxPoints = 50_000

    /// Checks what a stored area must be: every ring at least three distinct points inside the
    /// WGS-84 range, no outer ring that crosses itself (checked up to 5,000 points a ring: the
    /// test is quadratic), at most `maxPoints` in all.
    public init(polygons: [[[Coordinate]]]) throws(GeoError) {
        guard !polygons.isEmpty else { throw GeoError(.invalidInput, "an area needs at least one polygon") }
        var cleaned: [[[Coordinate]]] = []
        var total = 0
        for polygon in polygons {
            guard !polygon.isEmpty else { throw GeoError(.invalidInput, "a polygon needs an outer ring") }
            var rings: [[Coordinate]] = []
            for (i, raw) in polygon.enumerated() {
                var ring = raw
                if ring.count > 1, ring.first == ring.last { ring.removeLast() }
                guard Set(ring.map { [$0.lat, $0.lon] }).count >= 3 else { throw GeoError(.invalidInput, "a ring needs at least three distinct points") }
                guard ring.allSatisfy({ abs($0.lat) <= 90 && abs($0.lon) <= 180 && $0.lat.isFinite && $0.lon.isFinite }) else {
                    throw GeoError(.invalidInput, "positions are [lon, lat] with lon in -180…180 and lat in -90…90")
                }
                if i == 0, ring.count <= 5_000, Polygon(ring).firstSelfIntersection != nil { throw GeoError(.invalidInput, "an outer ring crosses itself") }
                total += ring.count
                rings.append(ring)
            }
            cleaned.append(rings)
        }
        guard total <= Self.maxPoints else { throw GeoError(.invalidInput, "an area may have at most \(Self.maxPoints) points") }
        self.polygons = cleaned
        bounds = GeoBounds(cleaned.flatMap { $0[0] })!
    }

    /// A one-ring area (a station's Voronoi cell in the demo, a ring drawn on the map).
    public init(ring: [Coordinate]) throws(GeoError) { try self.init(polygons: [[ring]]) }

    /// Inside an outer ring and in none of its holes (even-odd; a point exactly on an edge may
    /// land either way, which a neighbouring area then also claims: the caller breaks the tie).
    public func contains(_ p: Coordinate) -> Bool {
        guard bounds.contains(p) else { return false }
        for polygon in polygons where Self.inside(p, polygon[0]) {
            if !polygon.dropFirst().contains(where: { Self.inside(p, $0) }) { return true }
        }
        return false
    }

    static func inside(_ p: Coordinate, _ ring: [Coordinate]) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat), p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon { inside.toggle() }
            j = i
        }
        return inside
    }

    /// Approximate size in square metres (outer rings less holes), to prefer the smaller of two
    /// overlapping areas: a community inside its station.
    public var squareMetres: Double {
        func ringArea(_ r: [Coordinate]) -> Double {
            let lat0 = r[0].lat * .pi / 180, m = 111_320.0
            var s = 0.0
            for i in 0..<r.count {
                let a = r[i], b = r[(i + 1) % r.count]
                s += (a.lon * cos(lat0) * m) * (b.lat * m) - (b.lon * cos(lat0) * m) * (a.lat * m)
            }
            return abs(s) / 2
        }
        return polygons.reduce(0) { sum, p in sum + ringArea(p[0]) - p.dropFirst().reduce(0) { $0 + ringArea($1) } }
    }

    // MARK: GeoJSON

    enum Keys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        func ring(_ positions: [[Double]]) throws -> [Coordinate] {
            try positions.map { p in
                guard p.count >= 2 else {
                    throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: "a position is [lon, lat]")
                }
                return Coordinate(lat: p[1], lon: p[0])
            }
        }
        let polygons: [[[Coordinate]]]
        switch type {
        case "Polygon": polygons = [try c.decode([[[Double]]].self, forKey: .coordinates).map(ring)]
        case "MultiPolygon": polygons = try c.decode([[[[Double]]]].self, forKey: .coordinates).map { try $0.map(ring) }
        default: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "an area is a GeoJSON Polygon or MultiPolygon")
        }
        do { try self.init(polygons: polygons) } catch {
            throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let closed = polygons.map { $0.map { ring in (ring + [ring[0]]).map { [$0.lon, $0.lat] } } }
        if closed.count == 1 {
            try c.encode("Polygon", forKey: .type)
            try c.encode(closed[0], forKey: .coordinates)
        } else {
            try c.encode("MultiPolygon", forKey: .type)
            try c.encode(closed, forKey: .coordinates)
        }
    }

    public static func == (a: GeoArea, b: GeoArea) -> Bool { a.polygons == b.polygons }
    public func hash(into h: inout Hasher) { h.combine(polygons) }
}
