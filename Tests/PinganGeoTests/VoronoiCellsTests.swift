import PinganGeo
import Testing

/// The demo city's station areas: a partition of the box.
@Suite("Voronoi cells")
struct VoronoiCellsTests {
    @Test func everyPointOfTheBoxIsInExactlyOneCellTheNearestSites() throws {
        var rng = SplitMix64(seed: 7)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53) }
        let sites = (0..<10).map { _ in Coordinate(lat: uniform(31.20, 31.26), lon: uniform(121.44, 121.52)) }
        let cells = VoronoiCells.cells(sites: sites, south: 31.19, west: 121.43, north: 31.27, east: 121.53)
        let areas = try cells.map { try GeoArea(ring: $0) }
        for (i, site) in sites.enumerated() { #expect(areas[i].contains(site)) }
        for _ in 0..<2_000 {
            let p = Coordinate(lat: uniform(31.19, 31.27), lon: uniform(121.43, 121.53))
            let holders = areas.indices.filter { areas[$0].contains(p) }
            #expect(holders.count <= 1)
            // Away from a shared edge (where a point may fall in neither), the nearest site's cell holds it.
            let byDistance = sites.indices.sorted { Geodesy.haversine(sites[$0], p) < Geodesy.haversine(sites[$1], p) }
            if Geodesy.haversine(sites[byDistance[1]], p) - Geodesy.haversine(sites[byDistance[0]], p) > 20 {
                #expect(holders == [byDistance[0]])
            }
        }
        #expect(!areas[0].contains(Coordinate(lat: 31.3, lon: 121.48)))
    }
}
