import Foundation

/// Method (b): a Gaussian kernel density of the training events, evaluated at cell centres.
///
/// Smooths the counts so a cell next to a busy corner scores too, which helps where events are
/// sparse. The kernel is cut at `kdeCutoffBandwidths` standard deviations, so each event touches
/// only the cells within that radius (about 50 cells at 200 m × 3 on a 150 m grid) rather than
/// the whole grid. The value is a density in events per square metre (each event's kernel
/// integrates to one, less the cut tail).
public enum KernelDensity {
    public static func scores(_ events: GriddedEvents, training: Range<Int>, settings: ForecastSettings) -> [Double] {
        let g = events.grid
        var s = [Double](repeating: 0, count: g.cellCount)
        let h = settings.kdeBandwidthMetres, radius = settings.kdeCutoffBandwidths * h
        let r2 = radius * radius, inv2h2 = 1 / (2 * h * h), norm = 1 / (2 * Double.pi * h * h)
        let cs = g.cellMetres
        for i in training {
            let x = events.x[i], y = events.y[i]
            // Cells whose centre minX + (c + 0.5)·cs may lie within [x − radius, x + radius] (one
            // cell of slack each side against rounding; the distance test decides).
            let c0 = max(0, Int(((x - radius - g.minX) / cs - 0.5).rounded(.up)) - 1)
            let c1 = min(g.columns - 1, Int(((x + radius - g.minX) / cs - 0.5).rounded(.down)) + 1)
            let r0 = max(0, Int(((y - radius - g.minY) / cs - 0.5).rounded(.up)) - 1)
            let r1 = min(g.rows - 1, Int(((y + radius - g.minY) / cs - 0.5).rounded(.down)) + 1)
            if c0 > c1 || r0 > r1 { continue }
            for r in r0...r1 {
                let dy = g.minY + (Double(r) + 0.5) * cs - y
                let dy2 = dy * dy
                if dy2 > r2 { continue }
                let base = r * g.columns
                for c in c0...c1 {
                    let dx = g.minX + (Double(c) + 0.5) * cs - x
                    let d2 = dx * dx + dy2
                    if d2 <= r2 { s[base + c] += norm * exp(-d2 * inv2h2) }
                }
            }
        }
        return s
    }
}
