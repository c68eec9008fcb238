/// The map features (`MapFeatures`) in the graph cache: every array in field order, strings as
/// one UTF-8 blob with offsets. The reader checks every offset and index before a `PlaceIndex`
/// trusts them, so a damaged cache is "rebuild", never a crash.
extension GraphCache.Writer {
    mutating func strings(_ a: [String]) {
        var blob: [UInt8] = [], start: [Int32] = [0]
        for s in a { blob.append(contentsOf: s.utf8); start.append(Int32(blob.count)) }
        array(blob); array(start)
    }

    mutating func features(_ f: MapFeatures) {
        strings(f.landmarkName); strings(f.landmarkNameEn); strings(f.landmarkCategory); array(f.landmarkLocation)
        array(f.landmarkVariantStart); strings(f.landmarkVariants)
        strings(f.addressNumber); strings(f.addressStreet); array(f.addressLocation)
        array(f.areaKind); strings(f.areaName); array(f.areaStart); array(f.areaPoints)
        strings(f.streetNames); strings(f.streetNamesEn); array(f.streetVariantStart); strings(f.streetVariants)
        array(f.lineStreet); array(f.lineClass); array(f.lineStart); array(f.linePoints)
        array(f.crossingA); array(f.crossingB); array(f.crossingLocation)
    }
}

extension GraphCache.Reader {
    mutating func strings() throws -> [String] {
        let blob = try array(UInt8.self), start = try array(Int32.self)
        guard start.first == 0, Int(start.last ?? -1) == blob.count, MapFeatures.ascending(start) else {
            throw GeoError(.cacheInvalid, "inconsistent string table", file: file, byteOffset: pos)
        }
        return zip(start, start.dropFirst()).map { String(decoding: blob[Int($0)..<Int($1)], as: UTF8.self) }
    }

    mutating func features() throws -> MapFeatures {
        var f = MapFeatures()
        f.landmarkName = try strings(); f.landmarkNameEn = try strings(); f.landmarkCategory = try strings()
        f.landmarkLocation = try array(Coordinate.self)
        f.landmarkVariantStart = try array(Int32.self); f.landmarkVariants = try strings()
        f.addressNumber = try strings(); f.addressStreet = try strings(); f.addressLocation = try array(Coordinate.self)
        f.areaKind = try array(UInt8.self); f.areaName = try strings(); f.areaStart = try array(Int32.self); f.areaPoints = try array(Coordinate.self)
        f.streetNames = try strings(); f.streetNamesEn = try strings(); f.streetVariantStart = try array(Int32.self); f.streetVariants = try strings()
        f.lineStreet = try array(Int32.self); f.lineClass = try array(UInt8.self); f.lineStart = try array(Int32.self)
        f.linePoints = try array(Coordinate.self)
        f.crossingA = try array(Int32.self); f.crossingB = try array(Int32.self); f.crossingLocation = try array(Coordinate.self)
        guard f.isConsistent else { throw GeoError(.cacheInvalid, "inconsistent map feature arrays", file: file, byteOffset: pos) }
        return f
    }
}

extension MapFeatures {
    static func ascending(_ a: [Int32]) -> Bool { zip(a, a.dropFirst()).allSatisfy { $0 <= $1 } }

    /// Whether every parallel array has its length and every offset and index is in range.
    var isConsistent: Bool {
        func offsets(_ start: [Int32], count: Int, total: Int) -> Bool {
            start.count == count + 1 && start.first == 0 && Int(start.last ?? -1) == total && Self.ascending(start)
        }
        let n = landmarkName.count, streets = streetNames.count
        return landmarkNameEn.count == n && landmarkCategory.count == n && landmarkLocation.count == n
            && offsets(landmarkVariantStart, count: n, total: landmarkVariants.count)
            && addressStreet.count == addressNumber.count && addressLocation.count == addressNumber.count
            && areaName.count == areaKind.count && offsets(areaStart, count: areaKind.count, total: areaPoints.count)
            && areaKind.allSatisfy { AreaKind(rawValue: $0) != nil }
            && streetNamesEn.count == streets && offsets(streetVariantStart, count: streets, total: streetVariants.count)
            && lineClass.count == lineStreet.count && offsets(lineStart, count: lineStreet.count, total: linePoints.count)
            && lineStreet.allSatisfy { $0 >= 0 && Int($0) < streets } && lineClass.allSatisfy { RoadClass(rawValue: $0) != nil }
            && crossingB.count == crossingA.count && crossingLocation.count == crossingA.count
            && crossingA.allSatisfy { $0 >= 0 && Int($0) < streets } && crossingB.allSatisfy { $0 >= 0 && Int($0) < streets }
    }
}
