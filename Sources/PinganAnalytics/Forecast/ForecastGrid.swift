import Foundation
import PinganGeo

/// Square cells of a fixed size (default 150 m) over a box: the places a forecast scores.
///
/// Cells are numbered row by row from the south-west corner, `cell = row * columns + column`.
/// Every per-cell quantity in this folder is a flat array indexed by that number. A box and a
/// cell size that would need more memory than allowed are refused before anything is allocated,
/// with the estimate, so a stray geocode at (0, 0) or a 1 m cell over a province gives a message
/// instead of an out-of-memory kill.
public struct ForecastGrid: Sendable, Equatable {
    public let projection: LocalProjection
    public let cellMetres: Double
    /// South-west corner in projected metres.
    public let minX: Double, minY: Double
    public let columns: Int, rows: Int

    public var cellCount: Int { columns * rows }

    /// Bytes a backtest keeps per grid cell: one `Double` score per method (4), the SEPP
    /// background and trigger sums (2), the counting and study-area arrays (2).
    public static let bytesPerCell = 64
    /// The default memory ceiling for one grid, 1 GiB (16.7 M cells, a 600 km square at 150 m).
    public static let defaultMemoryLimit = 1 << 30

    /// Bytes a grid of `columns × rows` would take, as a `Double` so huge boxes cannot overflow.
    public static func estimateBytes(columns: Double, rows: Double) -> Double {
        columns * rows * Double(bytesPerCell)
    }

    /// A grid over `box`.
    /// - Parameters:
    ///   - box: the area to cover; the grid's projection is centred on it.
    ///   - cellMetres: the side of a cell in metres.
    ///   - memoryLimit: refuse grids whose estimate (`estimateBytes`) exceeds this many bytes.
    public init(box: GeoBox, cellMetres: Double = 150, memoryLimit: Int = ForecastGrid.defaultMemoryLimit) throws(ForecastError) {
        guard cellMetres.isFinite, cellMetres > 0 else { throw ForecastError(.badParameter, "cell size must be a positive number of metres") }
        guard box.minLat <= box.maxLat, box.minLon <= box.maxLon,
              Coordinate(lat: box.minLat, lon: box.minLon).isValid, Coordinate(lat: box.maxLat, lon: box.maxLon).isValid else {
            throw ForecastError(.badParameter, "the box \(box.minLat),\(box.minLon) .. \(box.maxLat),\(box.maxLon) is not a latitude/longitude box")
        }
        let projection = LocalProjection(centreOf: box)
        let sw = projection.project(Coordinate(lat: box.minLat, lon: box.minLon))
        let ne = projection.project(Coordinate(lat: box.maxLat, lon: box.maxLon))
        let width = ne.x - sw.x, height = ne.y - sw.y
        let cols = max(1, (width / cellMetres).rounded(.up)), rowCount = max(1, (height / cellMetres).rounded(.up))
        let estimate = Self.estimateBytes(columns: cols, rows: rowCount)
        guard estimate <= Double(memoryLimit) else {
            throw ForecastError(.gridTooLarge,
                                String(format: "a %.0f m grid over %.1f km × %.1f km is %.0f × %.0f cells, about %.0f bytes (%.1f GiB), over the limit of %ld bytes; use a larger cell or a smaller box (a stray point far from the rest stretches the box)",
                                       cellMetres, width / 1000, height / 1000, cols, rowCount, estimate, estimate / 1_073_741_824, memoryLimit),
                                estimateBytes: estimate)
        }
        self.projection = projection
        self.cellMetres = cellMetres
        minX = sw.x
        minY = sw.y
        columns = Int(cols)
        rows = Int(rowCount)
    }

    /// A grid over the smallest box holding `coordinates`.
    public init(covering coordinates: some Sequence<Coordinate>, cellMetres: Double = 150,
                memoryLimit: Int = ForecastGrid.defaultMemoryLimit) throws(ForecastError) {
        guard let box = GeoBox(points: coordinates) else { throw ForecastError(.noEvents, "no events to lay a grid over") }
        try self.init(box: box, cellMetres: cellMetres, memoryLimit: memoryLimit)
    }

    /// The cell holding projected point (x, y), or nil outside the grid. A point on the north or
    /// east edge belongs to the last cell.
    @inline(__always) public func cell(x: Double, y: Double) -> Int? {
        let c = ((x - minX) / cellMetres).rounded(.down), r = ((y - minY) / cellMetres).rounded(.down)
        let eps = 1e-9
        guard c >= -eps, r >= -eps, c <= Double(columns) + eps, r <= Double(rows) + eps else { return nil }
        let ci = min(columns - 1, max(0, Int(c))), ri = min(rows - 1, max(0, Int(r)))
        return ri * columns + ci
    }

    /// The cell holding `c`, or nil outside the grid.
    public func cell(containing c: Coordinate) -> Int? {
        let p = projection.project(c)
        return cell(x: p.x, y: p.y)
    }

    /// Centre of `cell` in projected metres.
    @inline(__always) public func centreXY(of cell: Int) -> (x: Double, y: Double) {
        (minX + (Double(cell % columns) + 0.5) * cellMetres, minY + (Double(cell / columns) + 0.5) * cellMetres)
    }

    /// Centre of `cell` on the map.
    public func centre(of cell: Int) -> Coordinate {
        let p = centreXY(of: cell)
        return projection.unproject(x: p.x, y: p.y)
    }

    /// The cell's corners on the map, for drawing it.
    public func bounds(of cell: Int) -> GeoBox {
        let x0 = minX + Double(cell % columns) * cellMetres, y0 = minY + Double(cell / columns) * cellMetres
        let sw = projection.unproject(x: x0, y: y0), ne = projection.unproject(x: x0 + cellMetres, y: y0 + cellMetres)
        return GeoBox(minLat: sw.lat, maxLat: ne.lat, minLon: sw.lon, maxLon: ne.lon)
    }
}
