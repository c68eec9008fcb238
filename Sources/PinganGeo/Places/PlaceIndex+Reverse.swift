import Foundation

extension PlaceIndex {
    /// What to call the map position `point`: the nearest address within 60 m, else the nearest
    /// crossing of two named streets within 120 m ("福州路/河南中路"), else the nearest named
    /// street within 200 m (its nearest point as the location), else nil. Looks only at the
    /// grid cells around the point, so it costs microseconds whatever the map's size.
    public func reverse(_ point: Coordinate, language: Place.Language = .local) -> Place? {
        guard point.isValid else { return nil }
        let f = features
        let k = cos(point.lat * .pi / 180) * 111_320.0, m = 110_574.0
        @inline(__always) func metres(_ c: Coordinate) -> Double {
            let dx = (c.lon - point.lon) * k, dy = (c.lat - point.lat) * m
            return (dx * dx + dy * dy).squareRoot()
        }
        var best = Self.addressRadius, found = -1
        addressGrid.forEach(near: point) { i in
            let d = metres(f.addressLocation[i])
            if d <= best { best = d; found = i }
        }
        if found >= 0 { return Place(name: addressName(found), kind: .address, location: f.addressLocation[found]) }
        best = Self.crossingRadius
        crossingGrid.forEach(near: point) { i in
            let d = metres(f.crossingLocation[i])
            if d <= best { best = d; found = i }
        }
        if found >= 0 {
            return Place(name: crossingName(f.crossingA[found], f.crossingB[found], language: language), kind: .intersection,
                         location: f.crossingLocation[found])
        }
        best = Self.streetRadius
        var on = point
        segmentGrid.forEach(near: point) { s in
            let p = Int(segFirst[s])
            let a = f.linePoints[p], b = f.linePoints[p + 1]
            // Closest point of the segment in the local plane around `point`.
            let ax = (a.lon - point.lon) * k, ay = (a.lat - point.lat) * m
            let bx = (b.lon - point.lon) * k, by = (b.lat - point.lat) * m
            let dx = bx - ax, dy = by - ay
            let len = dx * dx + dy * dy
            let t = len > 0 ? max(0, min(1, -(ax * dx + ay * dy) / len)) : 0
            let x = ax + t * dx, y = ay + t * dy
            let d = (x * x + y * y).squareRoot()
            if d <= best {
                best = d; found = s
                on = Coordinate(lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t)
            }
        }
        if found >= 0 {
            let street = Int(f.lineStreet[Int(segLine[found])])
            return Place(name: streetName(street, language: language), kind: .street, location: on)
        }
        return nil
    }

    /// Lines (one per OSM way) whose bounds meet `box`.
    public func lines(in box: GeoBounds) -> [Int] {
        lineBounds.indices.filter { lineBounds[$0].intersects(box) }
    }

    /// Background areas whose bounds meet `box`.
    public func areas(in box: GeoBounds) -> [Int] {
        areaBounds.indices.filter { areaBounds[$0].intersects(box) }
    }

    /// Landmarks inside `box`.
    public func landmarks(in box: GeoBounds) -> [Int] {
        features.landmarkLocation.indices.filter { box.contains(features.landmarkLocation[$0]) }
    }

    /// The name of street `i` (`features.streetNames`) in `language`.
    public func streetName(_ i: Int, in language: Place.Language) -> String { streetName(i, language: language) }

    /// The name of landmark `i` in `language`.
    public func landmarkName(_ i: Int, in language: Place.Language) -> String {
        language == .english && !features.landmarkNameEn[i].isEmpty ? features.landmarkNameEn[i] : features.landmarkName[i]
    }
}
