import PinganStore

/// The `bbox` query parameter of the map layers and the incident list: four numbers,
/// `south,west,north,east`, in WGS-84 degrees. Read leniently where the meaning is plain: corners
/// given the other way round are swapped and latitudes past a pole are clamped to it, so a map
/// zoomed out past the world still gets the world.
enum BoundingBoxParameter {
    static func parse(_ raw: Substring) throws -> BoundingBox {
        let parts = raw.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let a = parts[0], let b = parts[1], let c = parts[2], let d = parts[3],
              [a, b, c, d].allSatisfy({ $0.isFinite && (-180...180).contains($0) }) else {
            throw Problem.invalidField("bbox", "bbox must be four numbers south,west,north,east in WGS-84 degrees")
        }
        func lat(_ x: Double) -> Double { min(90, max(-90, x)) }
        return BoundingBox(south: lat(min(a, c)), west: min(b, d), north: lat(max(a, c)), east: max(b, d))
    }
}
