import PinganGeo

/// Today's forecast layer: the cells most likely to see events on a day, for the console map
/// and the patrol plans.
///
/// Pure: the caller hands in the past events (from the event log, in local time) and gets the
/// top cells with their score, centre and corners; no storage, no clock. It uses the same
/// grid, methods and study area as the backtest, so the layer an officer sees is the one whose
/// hit rate `pingan forecast backtest` measured.
public enum HotspotForecast {
    /// One forecast cell.
    public struct Cell: Sendable, Equatable {
        /// The grid cell number (row-major from the south-west corner).
        public var cell: Int
        /// The method's score: expected events for `sepp`, counts, density or weight otherwise.
        public var score: Double
        public var centre: Coordinate
        /// The cell's corners, to draw it.
        public var bounds: GeoBox
    }

    /// The `top` highest-scoring cells for `day`, best first (ties by cell number); cells
    /// scoring zero are left out.
    /// - Parameters:
    ///   - events: past events; those on or after `day`, or older than `trainDays`, are ignored
    ///     for scoring but all of them shape the grid and the study area.
    ///   - day: the day to forecast.
    ///   - method: which of the four methods; SEPP by default (the model the backtest compares).
    ///   - cellMetres: grid cell side.
    ///   - trainDays: how many days before `day` to learn from.
    ///   - top: how many cells to return.
    ///   - box: the grid's box; nil for the events' bounding box.
    public static func today(events: [ForecastEvent], day: ForecastDay, method: ForecastMethod = .sepp, cellMetres: Double = 150,
                             trainDays: Int = 90, top: Int = 50, box: GeoBox? = nil,
                             settings: ForecastSettings = .standard) throws(ForecastError) -> [Cell] {
        try settings.validate()
        guard trainDays > 0 else { throw ForecastError(.badParameter, "the training window must be at least one day") }
        guard top > 0 else { return [] }
        guard !events.isEmpty else { throw ForecastError(.noEvents, "no past events to forecast from") }
        let grid: ForecastGrid
        if let box { grid = try ForecastGrid(box: box, cellMetres: cellMetres) } else {
            grid = try ForecastGrid(covering: events.lazy.map(\.coordinate), cellMetres: cellMetres)
        }
        let gridded = GriddedEvents(events, grid: grid)
        let from = day.advanced(by: -trainDays)
        let training = gridded.range(from: from, to: day)
        guard !training.isEmpty else {
            throw ForecastError(.emptyTrainingWindow, "no events in the \(trainDays) days before \(day)")
        }
        let first = ForecastDay(rawValue: Int(gridded.days[0].rounded(.down)))
        let mask = gridded.occupiedCells()
        let scores = try method.scores(gridded, training: training, day: day, windowStart: max(from, first), modelled: mask,
                                       settings: settings).scores
        let ranked = mask.indices.filter { mask[$0] && scores[$0] > 0 }
            .sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        return ranked.prefix(top).map { Cell(cell: $0, score: scores[$0], centre: grid.centre(of: $0), bounds: grid.bounds(of: $0)) }
    }
}
