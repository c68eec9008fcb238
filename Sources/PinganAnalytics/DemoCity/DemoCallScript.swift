import Foundation
import PinganCore
import PinganGeo

/// The demo city's calls for one model day, as callers make them. The fitted Montgomery stream
/// (`CallGenerator`) gives the police work — when, where, which category — and each of its calls
/// gets words (`DemoCallTexts`). On top of it come what that 911 file lacks and a Chinese 110
/// centre hears every hour:
/// - non-police calls (questions about papers, noise, neighbours' quarrels, street stalls and
///   rubbish), `nonPoliceShare` of all calls, over the same hour-of-week rhythm and spread over
///   the roads like the background calls, for the demo's routing rules to send to its agencies;
/// - a second caller about the same trouble (重复警情), `repeatShare` of the calls: a minute or
///   two later, a few tens of metres away, in the same words introduced as another person's
///   report, from another number (the simulator gives each call its own);
/// - a high-risk call (高危警情), `highRiskShare` of the police calls: a knife, a husband beating
///   his wife, someone on a bridge.
///
/// The shares are for a demo a newcomer watches for a while at the default speed-up (some 460
/// calls a model day, 115 a real hour at 6×): a referral every three or four minutes, a
/// duplicate every quarter of an hour, a high-risk flag about once an hour. Real centres see more non-police
/// calls than this (a third or more of 110 calls), fewer duplicates and far fewer high-risk
/// calls (Longnan: 22 in 190,000). Deterministic for a given seed; the police calls are exactly
/// the generator's for that seed.
public struct DemoCallScript: Sendable {
    public let generator: CallGenerator
    public var nonPoliceShare = 0.15
    public var repeatShare = 0.03
    public var highRiskShare = 0.01
    /// How many model seconds after the first the second caller rings.
    public var repeatDelay: ClosedRange<Int64> = 60...150
    /// How far from the first the second caller stands (metres).
    public var repeatOffsetMeters: ClosedRange<Double> = 10...60

    public init(generator: CallGenerator) {
        self.generator = generator
    }

    /// The calls in `[start, start + 1 day)` (local model seconds), sorted by time.
    public func day(start: Int64, seed: UInt64) -> [DemoCall] {
        let end = start + 86_400
        var rng = SeededRandom(seed: seed).derived(0xCA11)
        var calls = generator.generate(start: start, days: 1, seed: seed).map { r -> DemoCall in
            if rng.uniform() < highRiskShare {
                let h = DemoCallTexts.highRisk(&rng)
                return DemoCall(time: r.time, coordinate: r.coordinate, category: h.category, priority: h.priority, description: h.description,
                                kind: .highRisk)
            }
            return DemoCall(time: r.time, coordinate: r.coordinate, category: r.category, priority: r.priority,
                            description: DemoCallTexts.police(r.category, &rng), kind: .police)
        }

        let perPoliceCall = nonPoliceShare / (1 - nonPoliceShare)
        var hour = start
        while hour < end {
            let seconds = min(3600, end - hour)
            for _ in 0..<rng.poisson(mean: generator.model.rate(at: hour) * perPoliceCall * Double(seconds) / 3600) {
                let kind = Self.nonPoliceKind(&rng)
                calls.append(DemoCall(time: hour + Int64(rng.uniform() * Double(seconds)), coordinate: generator.roadPoint(&rng),
                                      category: kind.category, priority: kind == .neighbours ? .p3 : .p4,
                                      description: DemoCallTexts.nonPolice(kind, &rng), kind: .nonPolice(kind)))
            }
            hour += 3600
        }

        let firsts = calls
        for call in firsts where rng.uniform() < repeatShare {
            let span = repeatDelay.upperBound - repeatDelay.lowerBound
            let time = call.time + repeatDelay.lowerBound + Int64(rng.uniform() * Double(span + 1))
            guard time < end else { continue }
            var again = call
            again.time = time
            again.coordinate = Self.offset(call.coordinate, meters: repeatOffsetMeters.lowerBound
                                           + rng.uniform() * (repeatOffsetMeters.upperBound - repeatOffsetMeters.lowerBound), &rng)
            again.description = DemoCallTexts.repeated(call.description, &rng)
            again.repeatsEarlierCall = true
            calls.append(again)
        }
        calls.sort { $0.time != $1.time ? $0.time < $1.time : ($0.coordinate.lat, $0.coordinate.lon) < ($1.coordinate.lat, $1.coordinate.lon) }
        return calls
    }

    static func nonPoliceKind(_ rng: inout SeededRandom) -> DemoCallTexts.NonPolice {
        var x = rng.uniform()
        for kind in DemoCallTexts.NonPolice.allCases {
            x -= kind.share
            if x < 0 { return kind }
        }
        return .inquiry
    }

    /// `c` moved `meters` in a random direction.
    static func offset(_ c: Coordinate, meters: Double, _ rng: inout SeededRandom) -> Coordinate {
        let angle = 2 * Double.pi * rng.uniform()
        let perDegreeLat = Geodesy.earthRadius * .pi / 180
        return Coordinate(lat: c.lat + meters * cos(angle) / perDegreeLat,
                          lon: c.lon + meters * sin(angle) / (perDegreeLat * cos(c.lat * .pi / 180)))
    }
}
