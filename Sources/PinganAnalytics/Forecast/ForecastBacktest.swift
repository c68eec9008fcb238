/// The rolling backtest behind `pingan forecast backtest`: for each test day, train on the N
/// days before it, forecast it with every method, score the forecast on the day's events, move
/// one day on.
///
/// Nothing a forecast for day D uses happens on or after D: the training window is
/// `[D − N, D)`, SEPP is refitted on it every day (an O(n) EM iteration makes that cheap), and
/// the settings are fixed before the first day.
///
/// The study area — the cells that count as area for PAI and among which forecasts choose — is
/// every grid cell holding at least one event of the whole file. A bounding box is mostly
/// water, parks and rail yards where no event can happen; counting those cells would inflate
/// every PAI alike and make the figure depend on the city's shape. The footprint of all events
/// stands in for "where crime can happen" (the city's streets). It is fixed before the first
/// test day and is the same for every method; it does know which cells see an event some time
/// in the file, including the test window, but not when or how many.
public enum ForecastBacktest {
    public struct Configuration: Sendable {
        public var trainDays: Int
        public var test: ClosedRange<ForecastDay>
        public var cellMetres = 150.0
        /// The grid's box; nil for the events' bounding box.
        public var box: GeoBox?
        public var memoryLimit = ForecastGrid.defaultMemoryLimit
        public var methods: [ForecastMethod] = ForecastMethod.allCases
        public var settings = ForecastSettings.standard
        public var percents: [Double] = [1, 5, 10]

        public init(trainDays: Int, test: ClosedRange<ForecastDay>) {
            self.trainDays = trainDays
            self.test = test
        }
    }

    public struct MethodResult: Sendable {
        public var method: ForecastMethod
        public var tally: HitRateTally
        /// Seconds spent scoring (fitting included), all days.
        public var seconds: Double
    }

    public struct Report: Sendable {
        public var methods: [MethodResult]
        /// Events in the training window of the first test day, `[FROM − N, FROM)`.
        public var eventsTrain: Int
        /// Events on the test days.
        public var eventsTest: Int
        public var testDays: Int
        /// The days the events cover.
        public var dataDays: ClosedRange<ForecastDay>
        public var grid: ForecastGrid
        public var studyCells: Int
        /// Events outside the given box, left out.
        public var outsideGrid: Int
        /// SEPP's fit for each test day (empty when SEPP was not run).
        public var seppFits: [SEPPParameters]
        public var seppIterations: [Int]
    }

    /// Runs the backtest. `progress` hears each test day as it starts.
    public static func run(events: [ForecastEvent], configuration: Configuration,
                           progress: ((ForecastDay) -> Void)? = nil) throws(ForecastError) -> Report {
        let cfg = configuration
        try cfg.settings.validate()
        guard (1...3650).contains(cfg.trainDays) else { throw ForecastError(.badParameter, "--train-days must be 1 to 3650") }
        guard !cfg.percents.isEmpty, cfg.percents.allSatisfy({ $0 > 0 && $0 <= 100 }) else {
            throw ForecastError(.badParameter, "area shares must be in (0, 100] percent")
        }
        guard !events.isEmpty else { throw ForecastError(.noEvents, "the file has no usable events") }
        let grid: ForecastGrid
        if let box = cfg.box {
            grid = try ForecastGrid(box: box, cellMetres: cfg.cellMetres, memoryLimit: cfg.memoryLimit)
        } else {
            grid = try ForecastGrid(covering: events.lazy.map(\.coordinate), cellMetres: cfg.cellMetres, memoryLimit: cfg.memoryLimit)
        }
        let gridded = GriddedEvents(events, grid: grid)
        guard let firstTime = gridded.days.first, let lastTime = gridded.days.last else {
            throw ForecastError(.noEvents, "no event lies inside the box")
        }
        let first = ForecastDay(rawValue: Int(firstTime.rounded(.down))), last = ForecastDay(rawValue: Int(lastTime.rounded(.down)))
        guard cfg.test.lowerBound >= first, cfg.test.upperBound <= last else {
            throw ForecastError(.testWindowOutsideData, "the test window \(cfg.test.lowerBound)..\(cfg.test.upperBound) is outside the data, which runs \(first)..\(last)")
        }

        let mask = gridded.occupiedCells()
        let study = mask.indices.filter { mask[$0] }.map(Int32.init)
        var results = cfg.methods.map { MethodResult(method: $0, tally: HitRateTally(percents: cfg.percents, studyCells: study.count), seconds: 0) }
        var fits: [SEPPParameters] = [], iterations: [Int] = []
        let clock = ContinuousClock()
        for day in cfg.test.lowerBound...cfg.test.upperBound {
            progress?(day)
            let from = day.advanced(by: -cfg.trainDays)
            let training = gridded.range(from: from, to: day)
            guard !training.isEmpty else {
                throw ForecastError(.emptyTrainingWindow, "no events in the \(cfg.trainDays) days before \(day) (\(from)..\(day.advanced(by: -1))) to train on")
            }
            let testing = gridded.range(from: day, to: day.advanced(by: 1))
            let eventCells = Array(gridded.cell[testing])
            for k in results.indices {
                let started = clock.now
                let (scores, model) = try results[k].method.scores(gridded, training: training, day: day, windowStart: max(from, first),
                                                                   modelled: mask, settings: cfg.settings)
                results[k].tally.add(scores: scores, studyCells: study, eventCells: eventCells)
                let d = clock.now - started
                results[k].seconds += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
                if let model {
                    fits.append(model.parameters)
                    iterations.append(model.iterations)
                }
            }
        }
        return Report(methods: results,
                      eventsTrain: gridded.range(from: cfg.test.lowerBound.advanced(by: -cfg.trainDays), to: cfg.test.lowerBound).count,
                      eventsTest: gridded.range(from: cfg.test.lowerBound, to: cfg.test.upperBound.advanced(by: 1)).count,
                      testDays: cfg.test.count, dataDays: first...last, grid: grid, studyCells: study.count,
                      outsideGrid: gridded.outside, seppFits: fits, seppIterations: iterations)
    }
}
