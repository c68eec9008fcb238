import Foundation

/// What one of the demo city's crowd cameras counts, sample after sample.
///
/// The count is the camera's evening peak times `DailyCurve.people`, times a slow drift, plus a
/// little counting jitter, plus — at the busiest junctions only — a rare surge, an event letting
/// out, that carries the count over the alarm line. The parts are chosen against the crowd rule
/// the demo gives its cameras (`DemoSensorPlan.crowdRule`):
///
/// - The drift is an Ornstein–Uhlenbeck walk (mean reversion over ten minutes, 4 % standard
///   deviation), so two counts 30 s apart differ by a few dozen people at most and the curve alone
///   never looks like a surge to the rise-per-minute rule.
/// - A surge adds `surgeSize` people over five minutes (80 a minute, under the rise rule's 150),
///   holds ten and ebbs over fifteen; it can start only between 18:00 and 22:00, about once in
///   three evenings per camera.
///
/// Deterministic for a seed and a sequence of sample instants.
public struct DemoCrowdCounter: Sendable {
    /// People in view at the daily peak, before drift and surges.
    public let peak: Double
    /// Whether this camera's junction sees surges.
    public let surges: Bool
    public static let surgeSize = 400.0
    /// Mean time between surges while they may start (18:00–22:00): three evenings.
    public static let meanSurgeGap: TimeInterval = 3 * 4 * 3600
    static let driftTime: TimeInterval = 600
    static let driftSD = 0.04
    static let jitterSD = 0.005

    var drift = 0.0
    var surgeStart: Date?
    var last: Date?
    var rng: SeededRandom

    public init(peak: Int, surges: Bool, seed: UInt64) {
        self.peak = Double(peak)
        self.surges = surges
        rng = SeededRandom(seed: seed)
    }

    /// Whether a surge is under way at the last sample.
    public var surging: Bool { surgeStart != nil }

    /// The count at `date` (samples must come in time order).
    public mutating func count(at date: Date) -> Int {
        let dt = max(0, last.map { date.timeIntervalSince($0) } ?? 0)
        last = date
        if dt > 0 {
            // Exact OU step: decay, then the noise that keeps the stationary spread at driftSD.
            let keep = exp(-dt / Self.driftTime)
            drift = drift * keep + Self.driftSD * sqrt(1 - keep * keep) * rng.normal()
        }
        let hour = DailyCurve.localHour(date)
        if surges, surgeStart == nil, (18..<22).contains(hour), dt > 0, rng.uniform() < 1 - exp(-dt / Self.meanSurgeGap) {
            surgeStart = date
        }
        var extra = 0.0
        if let start = surgeStart {
            let t = date.timeIntervalSince(start)
            extra = Self.surge(after: t)
            if t >= 1800 { surgeStart = nil }
        }
        let base = peak * DailyCurve.people.value(atHour: hour) * (1 + drift)
        let jitter = 1 + Self.jitterSD * rng.normal()
        return max(0, Int((base * jitter + extra).rounded()))
    }

    /// People a surge adds `t` seconds after it began: up over 5 minutes, held 10, down over 15.
    public static func surge(after t: TimeInterval) -> Double {
        switch t {
        case ..<0: 0
        case ..<300: surgeSize * t / 300
        case ..<900: surgeSize
        case ..<1800: surgeSize * (1800 - t) / 900
        default: 0
        }
    }

    /// Starts a surge now, whatever the hour (tests use it to see one cross the alarm line).
    public mutating func startSurge(at date: Date) { surgeStart = date }
}
