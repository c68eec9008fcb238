/// The four ways to score cells for a day, by the names the CLI and JSON use.
public enum ForecastMethod: String, CaseIterable, Sendable, Codable {
    case priorCounts = "prior_counts", kde, prospective, sepp

    /// For tables.
    public var title: String {
        switch self {
        case .priorCounts: "prior counts"
        case .kde: "kernel density"
        case .prospective: "prospective"
        case .sepp: "SEPP (EM)"
        }
    }

    /// One score per grid cell for `day`, from the training events `events[training]` (all before
    /// `day`), and the fitted model for `sepp`.
    /// - Parameters:
    ///   - windowStart: the first day the training window covers (the SEPP background is a rate
    ///     over the window's length).
    ///   - modelled: the study area, where SEPP neighbour triggering may land.
    public func scores(_ events: GriddedEvents, training: Range<Int>, day: ForecastDay, windowStart: ForecastDay,
                       modelled: [Bool]?, settings: ForecastSettings) throws(ForecastError) -> (scores: [Double], model: SEPPModel?) {
        switch self {
        case .priorCounts:
            return (PriorCounts.scores(events, training: training), nil)
        case .kde:
            return (KernelDensity.scores(events, training: training, settings: settings), nil)
        case .prospective:
            return (ProspectiveHotspot.scores(events, training: training, day: day, settings: settings), nil)
        case .sepp:
            let model = try SEPPModel.fit(cells: Array(events.cell[training]), days: Array(events.days[training]),
                                          columns: events.grid.columns, rows: events.grid.rows,
                                          window: Double(windowStart.rawValue)..<Double(day.rawValue),
                                          modelled: modelled, options: settings.sepp)
            return (model.expectedCounts(from: Double(day.rawValue)), model)
        }
    }
}
