import Foundation
import PinganCore

/// Charts drawn as inline SVG by our own code (no library, no script): a trend line over days
/// and bars by category. Numbers are written with at most one decimal, so a page of charts stays
/// small and byte-for-byte reproducible.
enum SVG {
    static func open(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
    }

    /// `v` with at most one decimal, no trailing `.0`, never `-0`.
    static func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }

    static func priorityColour(_ p: Priority) -> String {
        switch p {
        case .p1: "#c0392b"
        case .p2: "#e67e22"
        case .p3: "#2471a3"
        case .p4: "#7f8c8d"
        }
    }

    /// A line over `values` (one per label, nil for a gap) with the axis from 0 to a round
    /// maximum; `highlightLast` rings the last point (the report's day).
    static func lineChart(labels: [String], values: [Double?], width: Double = 700, height: Double = 220, title: String,
                          colour: String = "#2471a3", format: (Double) -> String, highlightLast: Bool = true) -> String {
        let left = 48.0, right = 12.0, top = 14.0, bottom = 34.0
        let maxValue = niceCeiling(values.compactMap { $0 }.max() ?? 0)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + (labels.count > 1 ? plotW * Double(i) / Double(labels.count - 1) : plotW / 2) }
        func y(_ v: Double) -> Double { top + plotH - (maxValue > 0 ? plotH * v / maxValue : 0) }
        var s = open(width: width, height: height, label: title)
        for k in 0...4 {
            let v = maxValue * Double(k) / 4
            s += "<line x1=\"\(n(left))\" y1=\"\(n(y(v)))\" x2=\"\(n(width - right))\" y2=\"\(n(y(v)))\" stroke=\"#e3e3e3\"/>"
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(y(v) + 4))\" font-size=\"10\" text-anchor=\"end\">\(HTML.escape(format(v)))</text>"
        }
        let every = max(1, labels.count / 7)
        for (i, label) in labels.enumerated() where i % every == 0 || i == labels.count - 1 {
            s += "<text x=\"\(n(x(i)))\" y=\"\(n(height - bottom + 16))\" font-size=\"10\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
        }
        var run: [String] = []
        func flush() {
            if run.count > 1 { s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>" }
            run.removeAll()
        }
        for (i, v) in values.enumerated() {
            guard let v else { flush(); continue }
            run.append("\(n(x(i))),\(n(y(v)))")
            s += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(v)))\" r=\"2.5\" fill=\"\(colour)\"><title>\(HTML.escape(labels[i])): \(HTML.escape(format(v)))</title></circle>"
        }
        flush()
        if highlightLast, let last = values.last, let v = last {
            s += "<circle cx=\"\(n(x(values.count - 1)))\" cy=\"\(n(y(v)))\" r=\"6\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\"/>"
        }
        return s + "</svg>"
    }

    /// Horizontal bars, one per row: the day's value, and a thin grey bar for a comparison value.
    static func barChart(rows: [(label: String, value: Int, comparison: Int?)], width: Double = 700, title: String) -> String {
        let rowH = 22.0, labelW = 150.0, right = 60.0, top = 6.0
        let height = top * 2 + rowH * Double(max(rows.count, 1))
        let maxValue = Double(max(1, rows.map { max($0.value, $0.comparison ?? 0) }.max() ?? 1))
        let plotW = width - labelW - right
        var s = open(width: width, height: height, label: title)
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowH
            s += "<text x=\"\(n(labelW - 6))\" y=\"\(n(y + 14))\" font-size=\"11\" text-anchor=\"end\">\(HTML.escape(row.label))</text>"
            let w = plotW * Double(row.value) / maxValue
            s += "<rect x=\"\(n(labelW))\" y=\"\(n(y + 3))\" width=\"\(n(w))\" height=\"12\" fill=\"#2471a3\"/>"
            if let c = row.comparison {
                s += "<rect x=\"\(n(labelW))\" y=\"\(n(y + 16))\" width=\"\(n(plotW * Double(c) / maxValue))\" height=\"3\" fill=\"#aab7b8\"/>"
            }
            s += "<text x=\"\(n(labelW + w + 4))\" y=\"\(n(y + 14))\" font-size=\"11\">\(row.value)</text>"
        }
        return s + "</svg>"
    }

    /// Bars on a time axis (a duty log's units on duty through the day): one row per label with
    /// spans in seconds from the axis start, `length` seconds long.
    static func spans(rows: [(label: String, spans: [(from: Double, to: Double, colour: String)])], length: Double,
                      ticks: [(at: Double, label: String)], marks: [Double] = [], width: Double = 700, title: String) -> String {
        let rowH = 18.0, labelW = 110.0, right = 12.0, top = 6.0, bottom = 22.0
        let height = top + bottom + rowH * Double(max(rows.count, 1))
        let plotW = width - labelW - right
        func x(_ t: Double) -> Double { labelW + plotW * min(max(t / length, 0), 1) }
        var s = open(width: width, height: height, label: title)
        for tick in ticks {
            s += "<line x1=\"\(n(x(tick.at)))\" y1=\"\(n(top))\" x2=\"\(n(x(tick.at)))\" y2=\"\(n(height - bottom))\" stroke=\"#e3e3e3\"/>"
            s += "<text x=\"\(n(x(tick.at)))\" y=\"\(n(height - 8))\" font-size=\"10\" text-anchor=\"middle\">\(HTML.escape(tick.label))</text>"
        }
        for m in marks {
            s += "<line x1=\"\(n(x(m)))\" y1=\"\(n(top))\" x2=\"\(n(x(m)))\" y2=\"\(n(height - bottom))\" stroke=\"#c0392b\" stroke-dasharray=\"3 2\"/>"
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowH
            s += "<text x=\"\(n(labelW - 6))\" y=\"\(n(y + 12))\" font-size=\"11\" text-anchor=\"end\">\(HTML.escape(row.label))</text>"
            for span in row.spans where span.to > span.from {
                s += "<rect x=\"\(n(x(span.from)))\" y=\"\(n(y + 3))\" width=\"\(n(max(1, x(span.to) - x(span.from))))\" height=\"11\" fill=\"\(span.colour)\"/>"
            }
        }
        return s + "</svg>"
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^k at or above `v` (1 for 0).
    static func niceCeiling(_ v: Double) -> Double {
        guard v > 0, v.isFinite else { return 1 }
        let magnitude = pow(10, (log10(v)).rounded(.down))
        for m in [1.0, 2, 2.5, 5, 10] where m * magnitude >= v * (1 - 1e-12) { return m * magnitude }
        return 10 * magnitude
    }
}
