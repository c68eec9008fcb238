import Foundation

/// The shape of a quantity over a day on the Shanghai clock (China Standard Time, UTC+8, no
/// daylight saving), as a fraction of its daily peak: linear between hourly anchor points.
///
/// The demo city's sensors follow the real clock, as its crews' shifts do, not the sped-up call
/// stream: a crowd builds in the evening the visitor is watching, a crowd rule's hour window is
/// read on that clock, and a count's rise per minute is measured in real minutes.
public struct DailyCurve: Sendable, Hashable {
    /// Anchor hours, ascending, from 0 to 24.
    public let hours: [Double]
    /// The fraction of the peak at each anchor hour (the value at 24 should equal the one at 0).
    public let values: [Double]

    /// - Parameter points: `(hour, fraction)` pairs, ascending by hour, the first at 0 and the
    ///   last at 24.
    public init(_ points: [(hour: Double, value: Double)]) {
        precondition(points.count >= 2 && points.first?.hour == 0 && points.last?.hour == 24, "a daily curve runs from hour 0 to hour 24")
        hours = points.map(\.hour)
        values = points.map(\.value)
    }

    /// The fraction at local hour `hour` (0 ..< 24; other values wrap).
    public func value(atHour hour: Double) -> Double {
        var h = hour.truncatingRemainder(dividingBy: 24)
        if h < 0 { h += 24 }
        var i = 1
        while i < hours.count - 1 && hours[i] <= h { i += 1 }
        let (h0, h1) = (hours[i - 1], hours[i])
        let t = h1 > h0 ? (h - h0) / (h1 - h0) : 0
        return values[i - 1] + (values[i] - values[i - 1]) * t
    }

    /// The fraction at instant `date`, read on the Shanghai clock.
    public func value(at date: Date) -> Double { value(atHour: Self.localHour(date)) }

    /// Hours since local midnight in China Standard Time.
    public static func localHour(_ date: Date) -> Double {
        var s = (date.timeIntervalSince1970 + 8 * 3600).truncatingRemainder(dividingBy: 86_400)
        if s < 0 { s += 86_400 }
        return s / 3600
    }

    /// People at a busy city junction: few before dawn, a morning and a lunch bump, the evening
    /// crowd of shoppers and diners peaking about half past eight, thinning towards midnight.
    public static let people = DailyCurve([
        (0, 0.10), (5, 0.04), (7, 0.22), (8.5, 0.50), (10, 0.42), (12, 0.58), (14, 0.50), (17, 0.70), (19, 0.95), (20.5, 1.00),
        (22, 0.62), (23.5, 0.20), (24, 0.10),
    ])

    /// Vehicles through a checkpoint on an arterial road: the two commuter peaks and a quiet night.
    public static let traffic = DailyCurve([
        (0, 0.15), (4, 0.08), (7, 0.80), (8.5, 1.00), (10, 0.70), (16, 0.75), (18, 1.00), (20, 0.60), (23, 0.30), (24, 0.15),
    ])
}
