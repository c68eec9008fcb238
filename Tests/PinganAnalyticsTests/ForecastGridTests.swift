import Foundation
import PinganAnalytics
import PinganGeo
import Testing

@Suite("Forecast: the grid")
struct ForecastGridTests {
    @Test func numberingCentresAndBounds() throws {
        let g = try ForecastGrid(box: GeoBox(minLat: 31.20, maxLat: 31.21, minLon: 121.40, maxLon: 121.41), cellMetres: 150)
        #expect(g.columns == 7 && g.rows == 8, "951 m x 1112 m in 150 m cells")
        #expect(g.cell(containing: Coordinate(lat: 31.20, lon: 121.40)) == 0)
        #expect(g.cell(containing: Coordinate(lat: 31.21, lon: 121.41)) == g.cellCount - 1, "the north-east corner is in the last cell")
        #expect(g.cell(containing: Coordinate(lat: 31.30, lon: 121.40)) == nil)
        for c in [0, 8, 23, g.cellCount - 1] {
            let centre = g.centre(of: c), b = g.bounds(of: c)
            #expect(g.cell(containing: centre) == c)
            #expect(b.contains(centre))
            #expect(abs(centre.distance(to: Coordinate(lat: b.minLat, lon: centre.lon)) - 75) < 0.5)
        }
    }

    @Test func aGridTooLargeIsRefusedWithTheEstimate() throws {
        let box = GeoBox(minLat: 31, maxLat: 32, minLon: 121, maxLon: 122)
        let e = #expect(throws: ForecastError.self) { try ForecastGrid(box: box, cellMetres: 1) }
        #expect(e?.kind == .gridTooLarge)
        let estimate = try #require(e?.estimateBytes)
        #expect(estimate > 5e11 && estimate < 8e11, "about 111 km x 95 km of 1 m cells at 64 bytes each")
        #expect(e?.message.contains(String(format: "%.0f bytes", estimate)) == true, "\(e?.message ?? "")")

        let fits = try ForecastGrid(box: box, cellMetres: 500)
        let tight = #expect(throws: ForecastError.self) { try ForecastGrid(box: box, cellMetres: 500, memoryLimit: 1000) }
        #expect(tight?.estimateBytes == Double(fits.cellCount * ForecastGrid.bytesPerCell))
    }

    @Test func badCellSizes() {
        let box = GeoBox(minLat: 31, maxLat: 31.1, minLon: 121, maxLon: 121.1)
        for bad in [0.0, -5, .nan, .infinity] {
            #expect(throws: ForecastError.self) { try ForecastGrid(box: box, cellMetres: bad) }
        }
        #expect(throws: ForecastError.self) { try ForecastGrid(covering: [Coordinate](), cellMetres: 150) }
    }

    @Test func oneEventMakesOneCell() throws {
        let g = try ForecastGrid(covering: [Coordinate(lat: 31.2, lon: 121.4)])
        #expect(g.cellCount == 1)
    }
}
