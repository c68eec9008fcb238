import PinganCore

/// A fitted description of a city's call stream: when calls come (hour of day × day of week),
/// what they are (category and priority mix) and how they bunch (a self-exciting, Hawkes-type
/// cluster parameter set). It is small enough to ship as source (`CallModel.montgomery`), so
/// demos and tests get realistic demand without the 3.7 MB data file.
public struct CallModel: Codable, Sendable, Equatable {
    /// Where the parameters came from.
    public var source: String
    /// Calls and span of the fitted data.
    public var calls: Int
    public var days: Double
    /// Mean calls per hour in each hour-of-week slot, Monday 00:00 = slot 0 (168 values).
    public var hourlyRates: [Double]
    /// Share of each Pingan category, in `CallCategories.codes` order (11 values).
    public var categoryMix: [Double]
    /// Share of priorities 1...4 within each category (11 × 4, row-major by category).
    public var priorityMix: [Double]
    /// Pearson dispersion of hourly counts against the fitted rates: 1 for a Poisson stream,
    /// above 1 when calls bunch.
    public var dispersionIndex: Double
    /// Hawkes branching ratio n: the expected number of "follow-up" calls each call triggers.
    /// Estimated from the dispersion, n = 1 - 1/sqrt(D) (the long-window variance/mean ratio of
    /// a stationary Hawkes process is 1/(1-n)^2); it absorbs all extra-Poisson bunching.
    public var branchingRatio: Double
    /// Mean delay from a call to a call it triggers, from the excess of close pairs over the
    /// pairs the fitted rates explain (5-minute lag bins up to 3 hours).
    public var offspringMeanDelaySeconds: Double
    /// Spread of triggered calls around their parent (2-D Gaussian sigma), from the excess of
    /// close-in-time pairs at short distances over same-time-next-day control pairs.
    public var offspringSigmaMeters: Double
    /// The same spread as a fraction of the data's bounding-box diagonal, so it scales when the
    /// stream is laid onto another city's map.
    public var offspringSigmaFraction: Double

    public init(source: String, calls: Int, days: Double, hourlyRates: [Double], categoryMix: [Double], priorityMix: [Double],
                dispersionIndex: Double, branchingRatio: Double, offspringMeanDelaySeconds: Double,
                offspringSigmaMeters: Double, offspringSigmaFraction: Double) {
        self.source = source
        self.calls = calls
        self.days = days
        self.hourlyRates = hourlyRates
        self.categoryMix = categoryMix
        self.priorityMix = priorityMix
        self.dispersionIndex = dispersionIndex
        self.branchingRatio = branchingRatio
        self.offspringMeanDelaySeconds = offspringMeanDelaySeconds
        self.offspringSigmaMeters = offspringSigmaMeters
        self.offspringSigmaFraction = offspringSigmaFraction
    }

    /// Mean calls per day implied by the hourly rates.
    public var callsPerDay: Double { hourlyRates.reduce(0, +) / 7 }

    /// Rate in the slot of `localTime` (calls per hour).
    public func rate(at localTime: Int64) -> Double { hourlyRates[LocalClock.weekHour(localTime)] }

    /// Calls per hour by hour of day, averaged over the week.
    public var hourOfDayProfile: [Double] {
        (0..<24).map { h in (0..<7).reduce(0.0) { $0 + hourlyRates[$1 * 24 + h] } / 7 }
    }
}
