import PinganGeo

/// One past crime or incident as the forecasts see it: when, where, and what kind.
///
/// A plain value so 50 000 of them are one flat array. The category is an index into the
/// reading's table of raw category texts (`EventFileReader.Result.categories`), not a mapped
/// Pingan code, because near-repeat analysis asks for the file's own words ("BURGLARY").
public struct ForecastEvent: Sendable, Equatable {
    /// Local seconds since 1970 (see `TimeFormat`).
    public var time: Int64
    /// False when the source had the date only.
    public var timeOfDayKnown: Bool
    public var coordinate: Coordinate
    /// Index into the categories table, or -1 when the file has no category or the row left it blank.
    public var category: Int32

    public init(time: Int64, timeOfDayKnown: Bool = true, coordinate: Coordinate, category: Int32 = -1) {
        self.time = time
        self.timeOfDayKnown = timeOfDayKnown
        self.coordinate = coordinate
        self.category = category
    }

    /// The event's time in days since 1970, the unit of every decay in this folder. A date-only
    /// event is put at noon: it happened some time that day, and noon is the middle; two such
    /// events of one day share the instant, so neither counts as triggering the other.
    @inline(__always) public var days: Double {
        Double(time) / 86_400 + (timeOfDayKnown ? 0 : 0.5)
    }

    /// The day the event fell on.
    public var day: ForecastDay { ForecastDay(containing: time) }
}
