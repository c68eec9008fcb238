import Foundation
import PinganAnalytics
import PinganGeo

/// The duplicate-call benchmark behind `pingan bench triage`: how long checking one new call
/// against 30 days of history takes (`DuplicateIndex.candidates` plus `repeats`, the work done
/// while the call taker is on the line).
///
/// The history is made from the real Montgomery County 911 file (99,492 calls over 8.5 months,
/// about 380 a day): each call's time is folded into a 30-day span (keeping its time of day), and
/// the file is replicated until there are `historyCalls` calls, every copy after the first moved
/// by a random offset (normal, 150 m per axis) and a random time within ±1 h, so hot spots stay
/// hot but copies are not stacked on one point. That is about 10,000 calls a day, 26 times the
/// county's rate, in the county's own geography and categories. The file has no caller numbers:
/// 30% of calls get one of 3,000 "frequent" numbers, the rest a number of their own.
///
/// Without the file the calls are synthetic (uniform over a 40 km square with 300 hot spots,
/// invented titles), and the figures say so (`dataSource`).
///
/// The checked calls come after the history, in time order: 90% new calls drawn the same way,
/// 10% near-copies of a call of the last hour (within 80 m and 10 minutes, same title, half of
/// them from the same number), so the scoring path is exercised as well as the scan. Each is
/// checked, timed, and then added to the index, as the app does.
public struct TriageBenchmark: Sendable {
    public var callsPath: String?
    public var historyCalls = 300_000
    public var historyDays = 30
    public var checks = 10_000
    public var seed: UInt64 = 18

    public init(callsPath: String?) {
        self.callsPath = callsPath
    }

    public struct Result: Sendable, Codable {
        /// "montgomery" or "synthetic".
        public var dataSource = ""
        /// Calls read from the file (0 when synthetic).
        public var sourceCalls = 0
        public var historyCalls = 0
        public var historyDays = 0
        public var buildSeconds = 0.0
        public var indexMegabytes = 0.0
        public var checks = 0
        /// One check: `candidates(limit: 5)` and `repeats` for one new call.
        public var checkMedianMs = 0.0
        public var checkP90Ms = 0.0
        public var checkP99Ms = 0.0
        public var checkMaxMs = 0.0
        public var candidatesMedianMs = 0.0
        public var repeatsMedianMs = 0.0
        /// Adding the checked call afterwards.
        public var upsertMedianUs = 0.0
        /// Share of checked calls with at least one proposal, and of the planted near-copies
        /// whose original was proposed first.
        public var proposedShare = 0.0
        public var plantedCopies = 0
        public var plantedFoundShare = 0.0
        public var meanCandidates = 0.0
        public var meanPlace30 = 0.0

        /// One JSON object, one line: every field, plus the headline figures under the names the
        /// issue reports (`duplicate_check_p99_ms`, `duplicate_check_median_ms`).
        public var json: String {
            guard let data = try? JSONEncoder().encode(self),
                  var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return "{}" }
            object["duplicate_check_p99_ms"] = checkP99Ms
            object["duplicate_check_median_ms"] = checkMedianMs
            object["history_calls"] = historyCalls
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }

    /// One source call: where, when (seconds into the folded span), what, which category.
    struct Source {
        var lat: Double, lon: Double, offset: Double
        var title: String, category: String
    }

    public func run(progress: ((String) -> Void)? = nil) throws -> Result {
        var result = Result()
        result.historyDays = historyDays
        let span = Double(historyDays) * 86_400
        var sources: [Source] = []
        if let callsPath, FileManager.default.fileExists(atPath: callsPath) {
            let read = try CallSummaryFile(preset: .montgomery).read(path: callsPath)
            guard let first = read.calls.map(\.receivedAt).min() else { throw AnalyticsError(.noCalls, "no usable calls", file: callsPath) }
            for c in read.calls {
                let t = c.receivedAt.timeIntervalSince(first).truncatingRemainder(dividingBy: span)
                sources.append(Source(lat: c.location.lat, lon: c.location.lon, offset: t, title: c.description, category: c.category))
            }
            result.dataSource = "montgomery"
            result.sourceCalls = sources.count
            progress?("read \(sources.count) Montgomery calls; replicating ×\(String(format: "%.2f", Double(historyCalls) / Double(sources.count))) with jitter (150 m, ±1 h) into \(historyDays) days")
        } else {
            progress?("\(callsPath ?? "no call file") is absent: using SYNTHETIC calls (uniform 40 km square, 300 hot spots, invented titles)")
            sources = Self.synthetic(count: 100_000, span: span, seed: seed)
            result.dataSource = "synthetic"
        }
        var rng = SeededRandom(seed: seed)
        let ky = 111_195.0
        let start = Date(timeIntervalSince1970: 1_772_323_200)  // 2026-03-01 00:00 UTC
        func jittered(_ s: Source, copy: Int, index: Int) -> CallSummary {
            var lat = s.lat, lon = s.lon, t = s.offset
            if copy > 0 {
                lat += rng.normal() * 150 / ky
                lon += rng.normal() * 150 / (ky * cos(s.lat * .pi / 180))
                t = (t + (rng.uniform() * 2 - 1) * 3600 + span).truncatingRemainder(dividingBy: span)
            }
            return CallSummary(id: "h\(index)", receivedAt: start.addingTimeInterval(t), location: Coordinate(lat: lat, lon: lon),
                               callerPhone: phone(&rng), category: s.category, description: s.title, path: "/county/", open: false)
        }
        var history: [CallSummary] = []
        history.reserveCapacity(historyCalls)
        for k in 0..<historyCalls {
            history.append(jittered(sources[k % sources.count], copy: k / sources.count, index: k))
        }
        history.sort { $0.receivedAt < $1.receivedAt }
        // The last two hours' incidents are still open.
        let end = start.addingTimeInterval(span)
        for k in history.indices.reversed() {
            guard history[k].receivedAt > end.addingTimeInterval(-2 * 3600) else { break }
            history[k].open = true
        }
        var index = DuplicateIndex()
        var clock = ContinuousClock.now
        for c in history { try index.upsert(c) }
        result.buildSeconds = (Self.seconds(since: clock) * 1000).rounded() / 1000
        result.historyCalls = index.count
        result.indexMegabytes = (Double(index.approximateBytes) / 1_048_576 * 10).rounded() / 10
        progress?(String(format: "index of %d calls over %d days built in %.2f s (about %.0f MiB)", index.count, historyDays,
                         result.buildSeconds, result.indexMegabytes))

        // The calls to check: the day after the history, in time order.
        let perSecond = Double(historyCalls) / span
        var t = end
        var recent: [CallSummary] = Array(history.suffix(500))
        var planted = 0, plantedFound = 0, proposed = 0, candidateTotal = 0, place30Total = 0
        var checkMs: [Double] = [], candidatesMs: [Double] = [], repeatsMs: [Double] = [], upsertUs: [Double] = []
        checkMs.reserveCapacity(checks)
        let warmUp = min(500, checks / 10)
        for n in 0..<(checks + warmUp) {
            t = t.addingTimeInterval(rng.exponential(mean: 1 / perSecond))
            var call: CallSummary
            var original: String?
            let pick = recent[recent.count - 1 - rng.index(min(recent.count, 40))]
            if rng.uniform() < 0.1 && pick.receivedAt > t.addingTimeInterval(-3600) {
                call = pick
                call.location = Coordinate(lat: pick.location.lat + (rng.uniform() * 2 - 1) * 55 / ky,
                                           lon: pick.location.lon + (rng.uniform() * 2 - 1) * 55 / (ky * cos(pick.location.lat * .pi / 180)))
                call.receivedAt = max(t, pick.receivedAt.addingTimeInterval(rng.uniform() * 600))
                t = call.receivedAt
                if rng.uniform() < 0.5 { call.callerPhone = phone(&rng) }
                original = pick.id
            } else {
                call = jittered(sources[rng.index(sources.count)], copy: 1, index: 0)
                call.receivedAt = t
            }
            call.id = "n\(n)"
            call.open = true
            clock = ContinuousClock.now
            let found = index.candidates(for: call, now: t, limit: 5)
            let mid = ContinuousClock.now
            let repeats = index.repeats(for: call, now: t)
            let done = ContinuousClock.now
            try index.upsert(call)
            let added = ContinuousClock.now
            recent.append(call)
            if recent.count > 1000 { recent.removeFirst(500) }
            guard n >= warmUp else { continue }
            checkMs.append(Self.ms(done - clock))
            candidatesMs.append(Self.ms(mid - clock))
            repeatsMs.append(Self.ms(done - mid))
            upsertUs.append(Self.ms(added - done) * 1000)
            if !found.isEmpty { proposed += 1 }
            candidateTotal += found.count
            place30Total += repeats.place30
            if let original {
                planted += 1
                if found.first?.incidentID == original { plantedFound += 1 }
            }
        }
        func pct(_ v: [Double], _ q: Double) -> Double {
            let s = v.sorted()
            return s.isEmpty ? 0 : (s[min(s.count - 1, Int(Double(s.count) * q))] * 10_000).rounded() / 10_000
        }
        result.checks = checkMs.count
        result.checkMedianMs = pct(checkMs, 0.5)
        result.checkP90Ms = pct(checkMs, 0.9)
        result.checkP99Ms = pct(checkMs, 0.99)
        result.checkMaxMs = pct(checkMs, 1)
        result.candidatesMedianMs = pct(candidatesMs, 0.5)
        result.repeatsMedianMs = pct(repeatsMs, 0.5)
        result.upsertMedianUs = (pct(upsertUs, 0.5) * 100).rounded() / 100
        result.proposedShare = (Double(proposed) / Double(max(1, checkMs.count)) * 1000).rounded() / 1000
        result.plantedCopies = planted
        result.plantedFoundShare = (Double(plantedFound) / Double(max(1, planted)) * 1000).rounded() / 1000
        result.meanCandidates = (Double(candidateTotal) / Double(max(1, checkMs.count)) * 100).rounded() / 100
        result.meanPlace30 = (Double(place30Total) / Double(max(1, checkMs.count)) * 10).rounded() / 10
        progress?(String(format: "%d checks: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (candidates %.3f ms, repeats %.3f ms median); upsert %.1f µs",
                         result.checks, result.checkMedianMs, result.checkP90Ms, result.checkP99Ms, result.checkMaxMs,
                         result.candidatesMedianMs, result.repeatsMedianMs, result.upsertMedianUs))
        progress?(String(format: "%.1f%% of checked calls had a proposal (%.2f on average); %d planted near-copies, original proposed first in %.1f%%; %.1f calls within 100 m in 30 days on average",
                         result.proposedShare * 100, result.meanCandidates, planted, result.plantedFoundShare * 100, result.meanPlace30))
        return result
    }

    /// A caller number: 30% from 3,000 frequent callers, the rest one-off numbers.
    private func phone(_ rng: inout SeededRandom) -> String {
        if rng.uniform() < 0.3 { return "1390000\(String(rng.index(3_000) + 1000))" }
        return "13\(String(100_000_000 + rng.index(899_999_999)))"
    }

    /// Clearly invented calls for when the real file is absent.
    static func synthetic(count: Int, span: Double, seed: UInt64) -> [Source] {
        var rng = SeededRandom(seed: seed &+ 7)
        let centre = Coordinate(lat: 40.15, lon: -75.35), ky = 111_195.0, kx = ky * cos(centre.lat * .pi / 180)
        let hot = (0..<300).map { _ in ((rng.uniform() - 0.5) * 40_000, (rng.uniform() - 0.5) * 40_000) }
        let titles: [(String, String)] = [
            ("SYNTHETIC: VEHICLE ACCIDENT", "traffic"), ("SYNTHETIC: DISABLED VEHICLE", "traffic"), ("SYNTHETIC: FIRE ALARM", "fire"),
            ("SYNTHETIC: FALL VICTIM", "assistance"), ("SYNTHETIC: CARDIAC EMERGENCY", "assistance"), ("合成：两车相撞", "traffic"),
            ("合成：有人打架", "dispute"), ("合成：噪音扰民", "complaint"), ("合成：电动车被盗", "criminal"), ("合成：楼上着火", "fire"),
        ]
        return (0..<count).map { _ in
            var x = (rng.uniform() - 0.5) * 40_000, y = (rng.uniform() - 0.5) * 40_000
            if rng.uniform() < 0.6 {
                let h = hot[rng.index(hot.count)]
                x = h.0 + rng.normal() * 300
                y = h.1 + rng.normal() * 300
            }
            let title = titles[rng.index(titles.count)]
            return Source(lat: centre.lat + y / ky, lon: centre.lon + x / kx, offset: rng.uniform() * span, title: title.0, category: title.1)
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double { ms(ContinuousClock.now - start) / 1000 }

    static func ms(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    }
}
