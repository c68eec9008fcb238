import Foundation
import PinganCore
import PinganGeo

/// The demo city's past: thirteen months of closed incidents before the day it was set up,
/// written as the history import's CSV (`HistoryImport.Column`), so a newcomer's dashboard has a
/// year to compare with (同比) from the first minute. Everything in it is simulated.
///
/// - **Calls**: the fitted call model (`CallGenerator`: its hour-of-week rhythm, category and
///   priority mix, and its near-repeat bunching on the roads) scaled to `callsPerDay` city-wide,
///   then thinned to a seasonal curve (busiest in mid-July, `seasonalAmplitude`) times a
///   year-over-year drift (`yearOverYear`: the last twelve months against the twelve before),
///   so a month's 同比 and 环比 differ as they do in a real city.
/// - **Stations**: each call belongs to the station whose area holds it (the nearest station
///   when none does), as a new call would.
/// - **Response**: each station meets the 1-3-5 standard (first unit on scene within five
///   minutes of the call) for its own share of calls, spread evenly over `metShare` in an order
///   the seed shuffles, so the league table has a top and a bottom, and every station improves
///   by `metShareGainPerYear` over the year. Met calls arrive in 40 s to 5 min, the others in 5 to
///   30 min (most within ten); dispatch takes half a minute or so of that; the crew stays on scene for the
///   category's usual time (`ServiceTimes`); feedback closes the loop within hours, and a few
///   percent of it (`lateFeedbackShare`) only after the next day.
///
/// Deterministic for a seed and an end: the demo generates the same rows on every start, so
/// importing them again (by their source IDs) stores nothing twice.
public struct DemoHistory: Sendable {
    /// One past incident as the CSV carries it.
    public struct Incident: Sendable, Hashable {
        public var sourceID: String
        public var receivedAt: Date
        public var dispatchedAt: Date
        public var arrivedAt: Date
        public var resolvedAt: Date
        public var closedAt: Date
        public var category: String
        public var priority: Priority
        public var location: Coordinate
        /// The station's jurisdiction code.
        public var station: String
        public var address: String?
        public var description: String
        public var feedback: String

        /// Seconds from the call to the first unit on scene: the 1-3-5 figure.
        public var callToArrival: TimeInterval { arrivedAt.timeIntervalSince(receivedAt) }
    }

    public let generator: CallGenerator
    /// The stations: code, area and building, from the demo city's jurisdictions.
    public let stations: [Jurisdiction]
    public var seed: UInt64
    /// Days of history before `end`: thirteen months, so the oldest month has a month a year later.
    public var days = 395
    /// Mean calls a day city-wide, before the seasonal curve and the drift.
    public var callsPerDay = 60.0
    /// The seasonal swing around the mean: ±15 %, most in mid-July, least in mid-January.
    public var seasonalAmplitude = 0.15
    /// The last twelve months' calls against the twelve before: -10 %.
    public var yearOverYear = -0.10
    /// The stations' shares of calls met within five minutes, at the end of the history.
    public var metShare: ClosedRange<Double> = 0.87...0.95
    /// How much every station's share improved over the last year.
    public var metShareGainPerYear = 0.02
    /// Feedback given only the day after (late against the 24-hour rule).
    public var lateFeedbackShare = 0.03

    /// - Parameter city: The demo city; its stations are the ones history is filed under.
    public init(generator: CallGenerator, city: DemoCity, seed: UInt64) {
        self.generator = generator
        self.stations = city.jurisdictions.filter { $0.level == .station }
        self.seed = seed
    }

    /// The five-minute share each station meets at the end, by station code: a seeded shuffle
    /// of evenly spaced values over `metShare`.
    public var stationShares: [String: Double] {
        var rng = SeededRandom(seed: seed).derived(0x5_7A7E)
        var order = Array(stations.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.index(i + 1)) }
        var out: [String: Double] = [:]
        let n = stations.count
        for (rank, i) in order.enumerated() {
            let f = n > 1 ? Double(rank) / Double(n - 1) : 0.5
            out[stations[i].code] = metShare.lowerBound + f * (metShare.upperBound - metShare.lowerBound)
        }
        return out
    }

    /// The calls' rate at local time `t` relative to the mean, for an end at local time `end`.
    func factor(localTime t: Int64, end: Int64) -> Double {
        let day = Double(t) / 86_400
        let season = 1 + seasonalAmplitude * cos(2 * Double.pi * (day - 195) / 365.2425)
        let age = Double(end - t) / (365.2425 * 86_400)
        return season * pow(1 + yearOverYear, -age)
    }

    /// The incidents of the `days` days before `end` (a local midnight, China Standard Time),
    /// in order of their calls. Times past `now` (a call just before `end` whose loop closed
    /// after the city was set up) are brought back to `now`: history is closed.
    /// - Parameter address: What a caller would say for a place (the demo's reverse geocoder);
    ///   nil leaves the address to the importer.
    public func incidents(end: Date, now: Date, address: ((Coordinate) -> String)? = nil) -> [Incident] {
        guard !stations.isEmpty else { return [] }
        let localEnd = Int64(end.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let localStart = localEnd - Int64(days) * 86_400
        let maxAge = Double(days) / 365.2425
        let peak = (1 + seasonalAmplitude) * max(1, pow(1 + yearOverYear, -maxAge))
        // The fitted stream at the scaled mean times the highest factor, thinned down to the factor of each call's time.
        var model = generator.model
        let scale = callsPerDay / max(model.callsPerDay, 1e-9) * peak
        model.hourlyRates = model.hourlyRates.map { $0 * scale }
        let stream = CallGenerator(model: model, network: generator.network).generate(start: localStart, days: Double(days), seed: seed)
        var rng = SeededRandom(seed: seed).derived(0x415_7041)
        let shares = stationShares
        var perDay: [Int64: Int] = [:]
        var out: [Incident] = []
        out.reserveCapacity(Int(callsPerDay * Double(days) * 1.1))
        for call in stream {
            guard rng.uniform() < factor(localTime: call.time, end: localEnd) / peak else { continue }
            let station = owner(of: call.coordinate)
            let age = Double(localEnd - call.time) / (365.2425 * 86_400)
            let share = (shares[station.code] ?? metShare.lowerBound) - metShareGainPerYear * age
            let received = Date(timeIntervalSince1970: Double(call.time - 8 * 3600) + rng.uniform())
            let toArrival: Double
            if rng.uniform() < share {
                toArrival = truncated(&rng, median: 170, sigma: 0.45, within: 40...300)
            } else {
                toArrival = 300 + truncated(&rng, median: 240, sigma: 0.7, within: 1...1500)
            }
            let toDispatch = min(0.6 * toArrival, truncated(&rng, median: 35, sigma: 0.5, within: 5...120))
            let onScene = rng.logNormal(median: (ServiceTimes.defaults[call.category] ?? 20) * 60, sigma: ServiceTimes.sigma)
            let toFeedback = rng.uniform() < lateFeedbackShare ? 86_400 + rng.uniform() * 43_200 : truncated(&rng, median: 2400, sigma: 1.0, within: 60...72_000)
            func capped(_ seconds: Double) -> Date { min(received.addingTimeInterval(seconds), now) }
            let day = (call.time - localStart) / 86_400
            let n = (perDay[day] ?? 0) + 1
            perDay[day] = n
            out.append(Incident(
                sourceID: "SIM-" + IncidentDecider.numberingDay(received) + "-" + String(format: "%04d", n),
                receivedAt: min(received, now), dispatchedAt: capped(toDispatch), arrivedAt: capped(toArrival),
                resolvedAt: capped(toArrival + onScene), closedAt: capped(toArrival + onScene + toFeedback),
                category: call.category, priority: call.priority, location: call.coordinate, station: station.code,
                address: address?(call.coordinate), description: DemoCallTexts.police(call.category, &rng),
                feedback: Self.feedback[rng.index(Self.feedback.count)]))
        }
        return out
    }

    /// A log-normal draw kept inside `within` (drawn again, a few times at most, then clamped).
    func truncated(_ rng: inout SeededRandom, median: Double, sigma: Double, within range: ClosedRange<Double>) -> Double {
        for _ in 0..<8 {
            let x = rng.logNormal(median: median, sigma: sigma)
            if range.contains(x) { return x }
        }
        return min(max(median, range.lowerBound), range.upperBound)
    }

    /// The station whose area holds `c`, else the nearest station.
    func owner(of c: Coordinate) -> Jurisdiction {
        if let s = stations.first(where: { $0.area?.contains(c) == true }) { return s }
        return stations.min { a, b in
            Geodesy.haversine(a.location ?? c, c) < Geodesy.haversine(b.location ?? c, c)
        }!
    }

    /// The simulated crews' closing words.
    static let feedback = [
        "（模拟）现场处置完毕，当事人已劝离", "（模拟）经调解双方达成和解", "（模拟）已查明情况，做好登记", "（模拟）已协助群众解决",
        "（模拟）现场无异常，已做好解释", "（模拟）已移交相关部门跟进", "（模拟）已受案，转办案部门", "（模拟）已疏导交通，现场恢复正常",
    ]

    /// `incidents` as the history import's CSV: a header row, then one line per incident.
    public static func csv(_ incidents: [Incident]) -> String {
        typealias C = HistoryImport.Column
        let columns: [C] = [.sourceID, .receivedAt, .dispatchedAt, .arrivedAt, .resolvedAt, .closedAt, .category, .priority, .lat, .lon,
                            .station, .address, .description, .feedback]
        var out = columns.map(\.rawValue).joined(separator: ",") + "\n"
        out.reserveCapacity(incidents.count * 260)
        for i in incidents {
            let fields = [i.sourceID, Timestamp.format(i.receivedAt), Timestamp.format(i.dispatchedAt), Timestamp.format(i.arrivedAt),
                          Timestamp.format(i.resolvedAt), Timestamp.format(i.closedAt), i.category, String(i.priority.rawValue),
                          String(format: "%.6f", i.location.lat), String(format: "%.6f", i.location.lon), i.station, i.address ?? "",
                          i.description, i.feedback]
            out += fields.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
