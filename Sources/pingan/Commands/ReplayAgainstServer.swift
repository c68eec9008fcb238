import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo

/// `pingan replay --server URL`: the call history played at N× real time against a running
/// Pingan as its duty room would — each call created as an incident and dispatched to the
/// recommended units — which makes the replay the server's load generator as well. It measures
/// whether it kept to the schedule and how long each request took, and reads the server's own
/// latency histogram from `/metrics` before and after.
struct LiveReplay {
    let client: APIClient
    let speed: Double
    let duration: Double?
    let dispatch: Bool
    let stop: ReplayStopFlag

    struct Report: Encodable {
        var mode = "server"
        var server: String
        var speed: Double
        var calls: Int
        var wall_s: Double
        /// Worst delay of a call behind its scheduled instant, seconds.
        var lag_max_s: Double
        var kept_up: Bool
        var dispatched: Int
        var no_units: Int
        var errors: Int
        /// Failed requests by problem code (or HTTP status), so an error count can be read.
        var error_codes: [String: Int]
        var client_latency_ms: [String: LatencySummary]
        /// The server's p99 over every route during the run, as the upper bound of its histogram bucket.
        var server_p99_ms: Double?
        var server_requests: Double
        var partial: Bool
    }

    struct LatencySummary: Encodable {
        var count: Int
        var p50: Double
        var p99: Double
        var max: Double

        init(_ samples: [Double]) {
            let s = samples.sorted()
            count = s.count
            func q(_ p: Double) -> Double { s.isEmpty ? 0 : s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)] * 1000 }
            p50 = q(0.5)
            p99 = q(0.99)
            max = (s.last ?? 0) * 1000
        }
    }

    /// Outcome of one call, reported back to the scheduler.
    struct Outcome: Sendable {
        var create: Double?
        var dispatch: Double?
        var dispatched = false
        var noUnits = false
        /// Why the call failed, when it did: the problem code, or the HTTP status or transport error.
        var error: String?
    }

    func run(_ calls: [(time: Int64, call: CallRecord, at: Coordinate)]) async throws -> Report {
        let before = try await histogram()
        let started = Date()
        let first = calls.first?.time ?? 0
        var lagMax = 0.0, sent = 0
        let tally = Tally()
        await withDiscardingTaskGroup { group in
            for item in calls {
                if stop.isStopped { break }
                let due = Double(item.time - first) / speed
                if let duration, due > duration { break }
                let wait = due - Date().timeIntervalSince(started)
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                lagMax = max(lagMax, Date().timeIntervalSince(started) - due)
                sent += 1
                group.addTask { await tally.add(await self.play(item.call, at: item.at)) }
            }
        }
        let (creates, dispatches, dispatched, noUnits, errors) = await (tally.creates, tally.dispatches, tally.dispatched, tally.noUnits, tally.errors)
        let errorCodes = await tally.errorCodes
        let wall = Date().timeIntervalSince(started)
        let after = try await histogram()
        let delta = zip(after.counts, before.counts).map { $0 - $1 }
        var p99: Double?
        if let total = delta.last, total > 0 {
            p99 = zip(after.bounds, delta).first { $0.1 >= 0.99 * total }.map { $0.0 * 1000 }
        }
        return Report(server: client.base.absoluteString, speed: speed, calls: sent, wall_s: wall, lag_max_s: lagMax, kept_up: lagMax < 1,
                      dispatched: dispatched, no_units: noUnits, errors: errors, error_codes: errorCodes,
                      client_latency_ms: ["create": LatencySummary(creates), "dispatch": LatencySummary(dispatches)],
                      server_p99_ms: p99, server_requests: delta.last ?? 0, partial: stop.isStopped)
    }

    /// What the calls came to, added up as they finish.
    actor Tally {
        var creates: [Double] = [], dispatches: [Double] = []
        var dispatched = 0, noUnits = 0, errors = 0
        var errorCodes: [String: Int] = [:]

        func add(_ o: Outcome) {
            if let c = o.create { creates.append(c) }
            if let d = o.dispatch { dispatches.append(d) }
            if o.dispatched { dispatched += 1 }
            if o.noUnits { noUnits += 1 }
            if let e = o.error { errors += 1; errorCodes[e, default: 0] += 1 }
        }
    }

    func play(_ call: CallRecord, at location: Coordinate) async -> Outcome {
        var outcome = Outcome()
        let body: [String: Any] = [
            "category": call.category, "priority": call.priority.rawValue, "location": ["lat": location.lat, "lon": location.lon],
            "address": String(format: "回放警情 %.5f, %.5f", location.lat, location.lon), "description": "（回放 replayed call）",
        ]
        do {
            var t = Date()
            let data = try await client.send("POST", "v1/incidents", json: body)
            outcome.create = Date().timeIntervalSince(t)
            guard dispatch, let id = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String else { return outcome }
            t = Date()
            // Calls that arrive together may be recommended the same unit; the second dispatch
            // is refused (`unit_already_assigned`) and, as a dispatcher would, asks again.
            for attempt in 1...3 {
                do {
                    try await client.send("POST", "v1/incidents/\(id)/dispatch")
                    outcome.dispatched = true
                } catch let failure as APIClient.Failure where failure.code == "no_units_recommended" {
                    outcome.noUnits = true
                } catch let failure as APIClient.Failure where failure.code == "unit_already_assigned" && attempt < 3 {
                    continue
                }
                break
            }
            outcome.dispatch = Date().timeIntervalSince(t)
        } catch let failure as APIClient.Failure {
            outcome.error = failure.code ?? "http_\(failure.status)"
        } catch {
            outcome.error = "transport: \(error)".prefix(80).description
        }
        return outcome
    }

    /// The server's request-duration histogram summed over every route: bucket upper bounds
    /// (seconds, +Inf last) and cumulative counts.
    func histogram() async throws -> (bounds: [Double], counts: [Double]) {
        let text = String(decoding: try await client.send("GET", "metrics"), as: UTF8.self)
        var byBound: [Double: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("pingan_http_request_duration_seconds_bucket{") {
            guard let leRange = line.range(of: "le=\""), let end = line[leRange.upperBound...].firstIndex(of: "\""),
                  let value = Double(line.split(separator: " ").last ?? "") else { continue }
            let raw = line[leRange.upperBound..<end]
            let bound = raw == "+Inf" ? Double.infinity : (Double(raw) ?? .infinity)
            byBound[bound, default: 0] += value
        }
        let bounds = byBound.keys.sorted()
        return (bounds, bounds.map { byBound[$0] ?? 0 })
    }
}
