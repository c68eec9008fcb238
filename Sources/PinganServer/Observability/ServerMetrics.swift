import Foundation
import PinganApp
import PinganStore

/// The server's Prometheus metrics, rendered as text exposition format at `/metrics`.
///
/// Hand-written rather than swift-prometheus: six metric families with fixed label sets do not
/// earn a package and its build time in CI, and one lock around plain dictionaries is all the
/// concurrency this needs. One instance per application, so tests never share counters.
final class ServerMetrics: CommitObserver, @unchecked Sendable {
    /// Upper bounds of the latency histogram buckets, in seconds: fine below 25 ms, where the
    /// latency goals sit (p99 under 20 ms for a replayed city, 10 ms for reads).
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    /// Guards every field below.
    private let lock = NSLock()
    private var requests: [[String]: Int] = [:]
    private var latency: [[String]: Histogram] = [:]
    private var problems: [String: Int] = [:]
    private var eventsAppended = 0
    private var liveSubscribers = 0
    private var failedLogins = 0
    private var fixes: [String: Int] = [:]
    private var sensorRecords: [String: Int] = [:]

    func request(method: String, route: String, status: Int, seconds: Double) {
        lock.withLock {
            requests[[method, route, String(status)], default: 0] += 1
            var h = latency[[method, route]] ?? Histogram()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            latency[[method, route]] = h
        }
    }

    func problem(_ code: String) { lock.withLock { problems[code, default: 0] += 1 } }
    func appended(_ n: Int) { lock.withLock { eventsAppended += n } }

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async { appended(recorded.count) }
    func subscribers(_ delta: Int) { lock.withLock { liveSubscribers += delta } }
    func failedLogin() { lock.withLock { failedLogins += 1 } }

    /// Counts a batch of position fixes by outcome.
    func positions(_ r: PositionBatchResult) {
        lock.withLock {
            for (outcome, n) in [("accepted", r.accepted), ("duplicate", r.duplicates), ("outOfOrder", r.outOfOrder),
                                 ("rejectedJump", r.rejectedJump), ("rejectedTime", r.rejectedTime),
                                 ("rejectedInvalid", r.rejectedInvalid), ("unknownUnit", r.unknownUnit)] where n > 0 {
                fixes[outcome, default: 0] += n
            }
        }
    }

    /// Counts sensor records by outcome: stored, repeated (a batch posted again), and batches
    /// refused whole (their problem codes are in `pingan_problems_total`); and alerts raised.
    func sensorBatch(records: Int = 0, duplicates: Int = 0, rejected: Int = 0, alerts: Int = 0) {
        lock.withLock {
            for (outcome, n) in [("accepted", records), ("duplicate", duplicates), ("rejectedBatch", rejected), ("alert", alerts)] where n > 0 {
                sensorRecords[outcome, default: 0] += n
            }
        }
    }

    /// Prometheus text exposition format 0.0.4.
    func render() -> String {
        lock.withLock {
            var out = ""
            out += "# HELP pingan_http_requests_total HTTP requests by method, route and status.\n# TYPE pingan_http_requests_total counter\n"
            for (labels, n) in requests.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                out += "pingan_http_requests_total{method=\"\(esc(labels[0]))\",route=\"\(esc(labels[1]))\",status=\"\(labels[2])\"} \(n)\n"
            }
            out += "# HELP pingan_http_request_duration_seconds HTTP request latency.\n# TYPE pingan_http_request_duration_seconds histogram\n"
            for (labels, h) in latency.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let l = "method=\"\(esc(labels[0]))\",route=\"\(esc(labels[1]))\""
                for (i, bound) in Self.buckets.enumerated() {
                    out += "pingan_http_request_duration_seconds_bucket{\(l),le=\"\(bound)\"} \(h.counts[i])\n"
                }
                out += "pingan_http_request_duration_seconds_bucket{\(l),le=\"+Inf\"} \(h.count)\n"
                out += "pingan_http_request_duration_seconds_sum{\(l)} \(h.sum)\n"
                out += "pingan_http_request_duration_seconds_count{\(l)} \(h.count)\n"
            }
            out += "# HELP pingan_problems_total Error responses by problem code.\n# TYPE pingan_problems_total counter\n"
            for (code, n) in problems.sorted(by: { $0.key < $1.key }) {
                out += "pingan_problems_total{code=\"\(esc(code))\"} \(n)\n"
            }
            out += "# HELP pingan_events_appended_total Events appended to the log by this instance.\n# TYPE pingan_events_appended_total counter\n"
            out += "pingan_events_appended_total \(eventsAppended)\n"
            out += "# HELP pingan_live_subscribers Open live-feed connections.\n# TYPE pingan_live_subscribers gauge\n"
            out += "pingan_live_subscribers \(liveSubscribers)\n"
            out += "# HELP pingan_failed_logins_total Failed sign-in attempts.\n# TYPE pingan_failed_logins_total counter\n"
            out += "pingan_failed_logins_total \(failedLogins)\n"
            out += "# HELP pingan_position_fixes_total Position fixes received, by what the tracker did with them.\n# TYPE pingan_position_fixes_total counter\n"
            for (outcome, n) in fixes.sorted(by: { $0.key < $1.key }) {
                out += "pingan_position_fixes_total{outcome=\"\(outcome)\"} \(n)\n"
            }
            out += "# HELP pingan_sensor_records_total Sensor records and batches, by outcome; alerts they raised.\n# TYPE pingan_sensor_records_total counter\n"
            for (outcome, n) in sensorRecords.sorted(by: { $0.key < $1.key }) {
                out += "pingan_sensor_records_total{outcome=\"\(outcome)\"} \(n)\n"
            }
            return out
        }
    }

    private func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
