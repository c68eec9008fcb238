/// The knobs of the four forecasting methods, fixed before a backtest looks at its test days.
///
/// The defaults are the literature's usual values, not tuned on the files we test against:
/// a 200 m Gaussian kernel cut at three bandwidths; Bowers, Johnson & Pease (2004)'s 400 m and
/// two-month (8-week) bands; the grid SEPP of Mohler et al. (2015) with triggering in the same
/// cell only.
public struct ForecastSettings: Sendable, Equatable {
    /// Gaussian kernel standard deviation, metres.
    public var kdeBandwidthMetres = 200.0
    /// The kernel is dropped beyond this many bandwidths (3: under 1.2% of the peak).
    public var kdeCutoffBandwidths = 3.0
    /// Prospective hotspotting: events further than this from a cell (centre to centre) add nothing.
    public var prospectiveRadiusMetres = 400.0
    /// Prospective hotspotting: events older than this many whole weeks add nothing.
    public var prospectiveWeeks = 8
    public var sepp = SEPPModel.Options()

    public init() {}

    public static let standard = ForecastSettings()

    /// Throws naming the first setting out of range.
    public func validate() throws(ForecastError) {
        guard kdeBandwidthMetres.isFinite, kdeBandwidthMetres > 0 else { throw ForecastError(.badParameter, "the KDE bandwidth must be a positive number of metres") }
        guard kdeCutoffBandwidths.isFinite, kdeCutoffBandwidths >= 1, kdeCutoffBandwidths <= 10 else {
            throw ForecastError(.badParameter, "the KDE cut-off must be 1 to 10 bandwidths")
        }
        guard prospectiveRadiusMetres.isFinite, prospectiveRadiusMetres >= 0 else {
            throw ForecastError(.badParameter, "the prospective radius must be a non-negative number of metres")
        }
        guard (1...520).contains(prospectiveWeeks) else { throw ForecastError(.badParameter, "the prospective band must be 1 to 520 weeks") }
        try sepp.validate()
    }
}
