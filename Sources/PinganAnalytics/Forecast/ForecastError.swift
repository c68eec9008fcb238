/// Why a forecast, a backtest or a near-repeat test cannot run on the input given.
///
/// Reading the event file fails with `AnalyticsError` (file, line); this type covers what is
/// wrong with the question asked of good events: a grid that would not fit in memory (with the
/// estimate, so the analyst can pick a coarser cell or a smaller box), a test window outside the
/// data, a day with nothing to learn from, a bad setting.
public struct ForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case gridTooLarge = "grid_too_large"
        case noEvents = "no_events"
        case testWindowOutsideData = "test_window_outside_data"
        case emptyTrainingWindow = "empty_training_window"
        case badParameter = "bad_parameter"
        case badPattern = "bad_pattern"
    }

    public var kind: Kind
    public var message: String
    /// For `gridTooLarge`: the bytes the grid would take.
    public var estimateBytes: Double?

    public init(_ kind: Kind, _ message: String, estimateBytes: Double? = nil) {
        self.kind = kind
        self.message = message
        self.estimateBytes = estimateBytes
    }

    public var description: String { message }
}
