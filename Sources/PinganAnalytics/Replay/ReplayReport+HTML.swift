import Foundation

extension ReplayReport {
    /// A self-contained HTML page (inline CSS and SVG, no scripts, no network) with the
    /// comparison table, the response-time distribution, the 1-3-5-10 shares by scenario and by
    /// priority, utilisation and queueing. Opens offline, mails as one file.
    public var html: String {
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
        func esc(_ s: String) -> String { HTML.escape(s) }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        let rs = results
        var h = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pingan replay: \(esc(plan))</title>
        <style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}.note{background:#fff4d6;border:1px solid #e8c66a;padding:.6em 1em}
        svg{background:#fafafa;border:1px solid #ddd;margin:.5em 0}.legend span{display:inline-block;margin-right:1.2em}
        .sw{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}</style></head><body>
        <h1>Pingan replay — \(esc(plan))</h1>
        """
        if simulated { h += "<p class=\"note\">\(esc(notice ?? "Simulated deployment."))</p>" }
        h += "<p>\(calls) calls from <code>\(esc(callSource))</code> (\(esc(span)), \(String(format: "%.1f", days)) days) on <code>\(esc(map))</code>; \(dispatchableUnits) dispatchable of \(units) units, \(zones) patrol zones, seed \(seed)\(partial ? ", <b>partial run (stopped early)</b>" : "").</p>"
        h += "<div class=\"legend\">" + rs.enumerated().map { "<span><i class=\"sw\" style=\"background:\(colors[$0.offset % colors.count])\"></i>\(esc($0.element.label))</span>" }.joined() + "</div>"
        // Table.
        h += "<h2>Response within 1 / 3 / 5 / 10 minutes</h2><table><tr><th>scenario</th><th>≤1 min</th><th>≤3 min</th><th>≤5 min</th><th>≤10 min</th><th>median</th><th>p90</th><th>mean travel</th><th>utilisation</th><th>queued</th><th>max queue</th><th>repositions</th></tr>"
        for r in rs {
            h += "<tr><td>\(esc(r.label))</td><td>\(pct(r.reached1min))</td><td>\(pct(r.reached3min))</td><td>\(pct(r.reached5min))</td><td>\(pct(r.reached10min))</td>"
            h += String(format: "<td>%.0f s</td><td>%.0f s</td><td>%.0f s</td>", r.medianResponseS, r.p90ResponseS, r.meanTravelS)
            h += "<td>\(pct(r.utilisation))</td><td>\(pct(r.queue.queuedShare))</td><td>\(r.queue.maxQueue) (\(esc(r.queue.maxQueueAt)))</td><td>\(r.repositions)</td></tr>"
        }
        h += "</table>"
        // Cumulative distribution chart.
        let W = 900.0, H = 320.0, L = 50.0, B = 30.0, T = 10.0, R = 20.0
        var svg = "<svg width=\"\(Int(W))\" height=\"\(Int(H))\" viewBox=\"0 0 \(Int(W)) \(Int(H))\" xmlns=\"http://www.w3.org/2000/svg\">"
        func x(_ minutes: Double) -> Double { L + (W - L - R) * minutes / 20 }
        func y(_ share: Double) -> Double { H - B - (H - B - T) * share }
        for m in stride(from: 0, through: 20, by: 1) {
            svg += "<line x1=\"\(x(Double(m)))\" y1=\"\(T)\" x2=\"\(x(Double(m)))\" y2=\"\(H - B)\" stroke=\"\([1, 3, 5, 10].contains(m) ? "#bbb" : "#eee")\"/>"
            if m % 2 == 1 || m == 10 || m == 20 { svg += "<text x=\"\(x(Double(m)))\" y=\"\(H - 12)\" font-size=\"11\" text-anchor=\"middle\">\(m)</text>" }
        }
        for s in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line x1=\"\(L)\" y1=\"\(y(s))\" x2=\"\(W - R)\" y2=\"\(y(s))\" stroke=\"#eee\"/><text x=\"\(L - 6)\" y=\"\(y(s) + 4)\" font-size=\"11\" text-anchor=\"end\">\(Int(s * 100))%</text>"
        }
        svg += "<text x=\"\(W / 2)\" y=\"\(H - 1)\" font-size=\"11\" text-anchor=\"middle\">response time (minutes), share of calls reached (cumulative)</text>"
        for (i, r) in rs.enumerated() {
            var acc = 0, pts: [String] = ["\(x(0)),\(y(0))"]
            for (b, c) in r.histogram.enumerated() where b < 40 {
                acc += c
                pts.append(String(format: "%.1f,%.1f", x(Double(b + 1) / 2), y(Double(acc) / Double(max(1, r.calls)))))
            }
            svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"\(colors[i % colors.count])\" points=\"\(pts.joined(separator: " "))\"/>"
        }
        svg += "</svg>"
        h += "<h2>Response-time distribution</h2>" + svg
        // Bars by priority.
        h += "<h2>Reached within 3 minutes, by priority</h2>"
        let prios = ["p1", "p2", "p3", "p4"].filter { p in rs.contains { $0.byPriority[p] != nil } }
        let BW = 900.0, BH = 240.0
        var bars = "<svg width=\"\(Int(BW))\" height=\"\(Int(BH))\" xmlns=\"http://www.w3.org/2000/svg\">"
        let groupW = (BW - 60) / Double(max(1, prios.count)), barW = groupW * 0.8 / Double(max(1, rs.count))
        for (pi, p) in prios.enumerated() {
            let gx = 50 + Double(pi) * groupW
            bars += "<text x=\"\(gx + groupW * 0.4)\" y=\"\(BH - 6)\" font-size=\"12\" text-anchor=\"middle\">\(p.uppercased())</text>"
            for (i, r) in rs.enumerated() {
                let v = r.byPriority[p]?.reached3min ?? 0
                let bh = (BH - 40) * v
                bars += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"><title>%@ %@: %@</title></rect>",
                               gx + Double(i) * barW, BH - 22 - bh, barW - 2, bh, colors[i % colors.count], esc(r.label), p, pct(v))
                bars += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%.0f</text>", gx + Double(i) * barW + barW / 2, BH - 26 - bh, 100 * v)
            }
        }
        bars += "</svg>"
        h += bars
        h += "<table><tr><th>scenario / priority</th><th>calls</th><th>≤1 min</th><th>≤3 min</th><th>≤5 min</th><th>≤10 min</th><th>median</th></tr>"
        for r in rs {
            for p in prios {
                guard let b = r.byPriority[p] else { continue }
                h += "<tr><td>\(esc(r.key)) \(p.uppercased())</td><td>\(b.calls)</td><td>\(pct(b.reached1min))</td><td>\(pct(b.reached3min))</td><td>\(pct(b.reached5min))</td><td>\(pct(b.reached10min))</td><td>\(String(format: "%.0f s", b.medianResponseS))</td></tr>"
            }
        }
        h += "</table>"
        // Queueing by hour of day: arrivals as bars, share of calls that waited as lines.
        if let first = rs.first {
            let QW = 900.0, QH = 260.0, ql = 50.0, qb = 30.0, qt = 10.0, qr = 50.0
            let maxA = Double(max(1, first.queue.arrivalsByHour.max() ?? 1))
            let maxQ = max(0.01, rs.map { $0.queue.queuedShareByHour.max() ?? 0 }.max() ?? 0.01)
            let slot = (QW - ql - qr) / 24
            var q = "<svg width=\"\(Int(QW))\" height=\"\(Int(QH))\" xmlns=\"http://www.w3.org/2000/svg\">"
            for (hh, a) in first.queue.arrivalsByHour.enumerated() {
                let bh = (QH - qb - qt) * Double(a) / maxA
                q += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ddd\"><title>%02d:00 %d calls</title></rect>", ql + Double(hh) * slot + 1, QH - qb - bh, slot - 2, bh, hh, a)
                if hh % 3 == 0 { q += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%02d</text>", ql + (Double(hh) + 0.5) * slot, QH - 14, hh) }
            }
            q += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%d calls</text>", ql + 4, qt + 10, Int(maxA))
            q += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.1f%% waited</text>", QW - 4, qt + 10, 100 * maxQ)
            q += "<text x=\"\(QW / 2)\" y=\"\(QH - 1)\" font-size=\"11\" text-anchor=\"middle\">hour of day: arrivals (grey bars) and share of calls that had to wait (lines)</text>"
            for (i, r) in rs.enumerated() {
                let pts = r.queue.queuedShareByHour.enumerated().map { String(format: "%.1f,%.1f", ql + (Double($0.offset) + 0.5) * slot, QH - qb - (QH - qb - qt) * $0.element / maxQ) }
                q += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"\(colors[i % colors.count])\" points=\"\(pts.joined(separator: " "))\"/>"
            }
            q += "</svg>"
            h += "<h2>Queueing by hour of day</h2>" + q
        }
        h += "<h2>Utilisation and queueing at peaks</h2><table><tr><th>scenario</th><th>utilisation by kind</th><th>queued calls</th><th>mean wait when queued</th><th>p95 wait</th><th>queued in busiest 5% of hours</th><th>median response in busiest hours</th><th>unserved</th></tr>"
        for r in rs {
            let kinds = r.utilisationByKind.sorted { $0.key < $1.key }.map { "\($0.key) \(pct($0.value))" }.joined(separator: ", ")
            h += "<tr><td>\(esc(r.label))</td><td>\(esc(kinds))</td><td>\(r.queue.queuedCalls)</td><td>\(String(format: "%.0f s", r.queue.meanWaitQueuedS))</td><td>\(String(format: "%.0f s", r.queue.p95WaitS))</td><td>\(pct(r.queue.peakHoursQueuedShare))</td><td>\(String(format: "%.0f s", r.queue.peakHoursMedianResponseS))</td><td>\(r.queue.unserved)</td></tr>"
        }
        h += "</table><h2>Assumptions</h2><ul>" + assumptions.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        h += "<h2>Timing</h2><pre>\(esc(comparison))</pre></body></html>\n"
        return h
    }
}
