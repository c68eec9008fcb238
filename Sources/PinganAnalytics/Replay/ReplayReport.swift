import Foundation

/// The result of a replay: inputs, timings and one `ScenarioResult` per scenario, with the
/// printed comparison. `json` is what `pingan replay --json` prints; `html` (see
/// `ReplayReport+HTML`) the self-contained report.
public struct ReplayReport: Codable, Sendable {
    /// Calls replayed (placed on the map).
    public var calls: Int
    /// Wall-clock seconds of the whole replay (loading, reading, placing, simulating).
    public var wallS: Double
    public var partial: Bool
    public var simulated: Bool
    public var notice: String?
    public var plan: String
    public var map: String
    public var callSource: String
    public var callsSkipped: Int
    public var callsOffNetwork: Int
    public var mappedOntoNetwork: Bool
    public var span: String
    public var days: Double
    public var units: Int
    public var dispatchableUnits: Int
    public var zones: Int
    public var seed: UInt64
    public var assumptions: [String]
    public var timings: [String: Double]
    /// Scenario keys in run order (the first is the baseline of the comparison).
    public var order: [String]
    public var policies: [String: ScenarioResult]

    enum CodingKeys: String, CodingKey {
        case calls, wallS = "wall_s", partial, simulated, notice, plan, map, callSource = "call_source"
        case callsSkipped = "calls_skipped", callsOffNetwork = "calls_off_network", mappedOntoNetwork = "mapped_onto_network"
        case span, days, units, dispatchableUnits = "dispatchable_units", zones, seed, assumptions, timings, order, policies
    }

    public var json: String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? enc.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    public var results: [ScenarioResult] { order.compactMap { policies[$0] } }

    /// The table and the differences against the first scenario, for the terminal.
    public var comparison: String {
        func pct(_ x: Double) -> String { String(format: "%5.1f%%", 100 * x) }
        var lines: [String] = []
        lines.append(String(format: "%d calls over %.1f days, %d dispatchable units%@", calls, days, dispatchableUnits, partial ? " (PARTIAL: stopped early)" : ""))
        if simulated {
            lines.append(callSource.hasPrefix("generated") ? "SIMULATED deployment (demo city) and SIMULATED calls (fitted model)."
                                                           : "SIMULATED deployment (demo city); the calls are real, the forces are not.")
        }
        if partial { lines.append("calls simulated before the stop: " + results.map { "\($0.key) \($0.calls)" }.joined(separator: ", ")) }
        lines.append("")
        let header = "scenario".padding(toLength: 52, withPad: " ", startingAt: 0) + "  ≤1min  ≤3min  ≤5min ≤10min  median    p90  P1≤3min  util  queued"
        lines.append(header)
        for r in results {
            let p1 = r.byPriority["p1"].map { pct($0.reached3min) } ?? "    - "
            lines.append(r.label.padding(toLength: 52, withPad: " ", startingAt: 0) + " " + [pct(r.reached1min), pct(r.reached3min), pct(r.reached5min), pct(r.reached10min)].joined(separator: " ")
                         + String(format: " %6.0fs %5.0fs ", r.medianResponseS, r.p90ResponseS) + "  " + p1 + " " + pct(r.utilisation) + " " + pct(r.queue.queuedShare))
        }
        if let base = results.first, results.count > 1 {
            lines.append("")
            lines.append("differences against \(base.label):")
            for r in results.dropFirst() {
                let dm = r.medianResponseS - base.medianResponseS
                let d3 = 100 * (r.reached3min - base.reached3min), d5 = 100 * (r.reached5min - base.reached5min)
                let d1 = 100 * (r.reached1min - base.reached1min)
                let dp1 = 100 * ((r.byPriority["p1"]?.reached3min ?? 0) - (base.byPriority["p1"]?.reached3min ?? 0))
                lines.append(String(format: "  %@: median %+.0f s, within 1 min %+.1f pts, 3 min %+.1f pts, 5 min %+.1f pts, P1 within 3 min %+.1f pts, queued %+.1f pts%@",
                                    r.label, dm, d1, d3, d5, dp1, 100 * (r.queue.queuedShare - base.queue.queuedShare),
                                    r.repositions > 0 ? ", \(r.repositions) repositioning moves" : ""))
            }
        }
        lines.append("")
        lines.append(String(format: "wall %.2f s: ", wallS) + timings.sorted { $0.key < $1.key }.map { String(format: "%@ %.2f s", $0.key, $0.value) }.joined(separator: ", "))
        for r in results {
            lines.append(String(format: "  %@: simulate %.2f s (choose unit %.2f s, unit index updates %.2f s, coverage %.2f s)",
                                r.key, r.timing.wallS, r.timing.selectS, r.timing.positionsS, r.timing.coverageS))
        }
        return lines.joined(separator: "\n")
    }
}
