import Foundation
import PinganCore
import PinganGeo

extension IncidentFacts {
    /// The calls received in `start ..< end` under `scope` as forecast events (China Standard
    /// Time wall clock, as `HotspotForecast` counts days): what tomorrow's hotspot forecast in a
    /// daily report learns from, read from the facts the assessment already holds instead of
    /// the incidents' documents. Merged duplicates are left out (one place, one event).
    public func forecastEvents(from start: Date, to end: Date, scope: String) -> [ForecastEvent] {
        let inScope = pathsUnder(scope)
        let t0 = start.timeIntervalSince1970, t1 = end.timeIntervalSince1970
        var events: [ForecastEvent] = []
        for r in rows(from: t0, to: t1) {
            let t = receivedAt[r]
            guard t >= t0, t < t1, inScope[Int(path[r])], flags[r] & IncidentFact.Flags.merged.rawValue == 0 else { continue }
            events.append(ForecastEvent(time: Int64((t + ReportDay.offsetSeconds).rounded(.down)),
                                        coordinate: Coordinate(lat: Double(lat[r]), lon: Double(lon[r]))))
        }
        return events
    }
}
