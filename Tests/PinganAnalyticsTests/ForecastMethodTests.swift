import Foundation
import PinganAnalytics
import PinganGeo
import Testing

/// Each method on a case small enough to check by hand.
@Suite("Forecast: the four methods on hand-checkable cases")
struct ForecastMethodTests {
    /// A 150 m grid near the equator, 15 x 15 cells.
    static let grid = try! ForecastGrid(box: GeoBox(minLat: 0, maxLat: 0.02, minLon: 0, maxLon: 0.02), cellMetres: 150)
    static let day = ForecastDay("2026-03-10")!

    /// An event at the centre of cell (column, row), `ago` days before the forecast day's start.
    static func event(_ column: Int, _ row: Int, daysAgo ago: Double) -> ForecastEvent {
        let seconds = Int64((Double(day.rawValue) - ago) * 86_400)
        return ForecastEvent(time: seconds, coordinate: grid.centre(of: row * grid.columns + column))
    }

    static func cell(_ column: Int, _ row: Int) -> Int { row * grid.columns + column }

    @Test func gridShape() {
        #expect(Self.grid.columns == 15 && Self.grid.rows == 15)
    }

    @Test func priorCountsCountAndRank() {
        let events = [Self.event(2, 2, daysAgo: 1), Self.event(2, 2, daysAgo: 2), Self.event(2, 2, daysAgo: 3),
                      Self.event(7, 7, daysAgo: 1), Self.event(7, 7, daysAgo: 5), Self.event(10, 3, daysAgo: 4),
                      Self.event(12, 12, daysAgo: 40)]
        let g = GriddedEvents(events, grid: Self.grid)
        let training = g.range(from: Self.day.advanced(by: -30), to: Self.day)
        #expect(training.count == 6, "the event 40 days ago is outside a 30-day window")
        let s = PriorCounts.scores(g, training: training)
        #expect(s[Self.cell(2, 2)] == 3 && s[Self.cell(7, 7)] == 2 && s[Self.cell(10, 3)] == 1 && s[Self.cell(12, 12)] == 0)
        #expect(s.reduce(0, +) == 6)
    }

    @Test func prospectiveWeightsDecayWithCellsAndWeeks() {
        // One event half a day before the day (week 0) in cell (5, 5).
        let fresh = GriddedEvents([Self.event(5, 5, daysAgo: 0.5)], grid: Self.grid)
        let s = ProspectiveHotspot.scores(fresh, training: 0..<1, day: Self.day, settings: .standard)
        #expect(s[Self.cell(5, 5)] == 1)
        #expect(s[Self.cell(6, 5)] == 0.5 && s[Self.cell(5, 4)] == 0.5)
        #expect(abs(s[Self.cell(6, 6)] - 1 / (1 + 2.0.squareRoot())) < 1e-12)
        #expect(abs(s[Self.cell(7, 5)] - 1.0 / 3) < 1e-12, "300 m is inside the 400 m band")
        #expect(abs(s[Self.cell(7, 6)] - 1 / (1 + 5.0.squareRoot())) < 1e-12, "335 m")
        #expect(s[Self.cell(7, 7)] == 0 && s[Self.cell(8, 5)] == 0, "424 m and 450 m are outside")
        #expect(s.filter { $0 > 0 }.count == 21, "the cells within 400 m: 1 + 4 + 4 + 4 + 8")

        // Ten days old is week 1; 56 days old is week 8, outside the 8-week band.
        let older = GriddedEvents([Self.event(5, 5, daysAgo: 56), Self.event(5, 5, daysAgo: 10), Self.event(6, 5, daysAgo: 13.9)], grid: Self.grid)
        let t = ProspectiveHotspot.scores(older, training: 0..<3, day: Self.day, settings: .standard)
        #expect(abs(t[Self.cell(5, 5)] - (0.5 + 0.5 * 0.5)) < 1e-12, "own cell week 1, plus the next cell's event one cell away, week 1")
        #expect(ProspectiveHotspot.weight(cells: 1, weeks: 1) == 0.25)
    }

    @Test func kernelDensityIsAGaussianCutAtThreeBandwidths() {
        let g = GriddedEvents([Self.event(7, 7, daysAgo: 1)], grid: Self.grid)
        let s = KernelDensity.scores(g, training: 0..<1, settings: .standard)
        let h = 200.0, norm = 1 / (2 * Double.pi * h * h)
        #expect(abs(s[Self.cell(7, 7)] - norm) < 1e-15)
        #expect(abs(s[Self.cell(8, 7)] - norm * exp(-150 * 150 / (2 * h * h))) < 1e-12 * norm)
        #expect(abs(s[Self.cell(9, 8)] - norm * exp(-(300 * 300 + 150 * 150) / (2 * h * h))) < 1e-12 * norm)
        #expect(s[Self.cell(10, 8)] > 0 && s[Self.cell(11, 8)] == 0 && s[Self.cell(12, 7)] == 0, "474 m is inside the 600 m cut, 618 m and 750 m outside")
        #expect(s[Self.cell(7, 7)] > s[Self.cell(8, 7)])
    }

    @Test func seppForecastIsTheIntensityIntegratedOverTheDay() throws {
        // Two busy cells, one with a burst of recent events.
        var events: [ForecastEvent] = []
        for k in 0..<20 { events.append(Self.event(3, 3, daysAgo: Double(k) * 1.5 + 0.25)) }
        for k in 0..<6 { events.append(Self.event(9, 9, daysAgo: 1 + Double(k) * 0.2)) }
        for k in 0..<6 { events.append(Self.event(9, 9, daysAgo: 25 + Double(k) * 0.3)) }
        let g = GriddedEvents(events, grid: Self.grid)
        let from = Self.day.advanced(by: -30)
        let training = g.range(from: from, to: Self.day)
        let (scores, fitted) = try ForecastMethod.sepp.scores(g, training: training, day: Self.day, windowStart: from, modelled: nil, settings: .standard)
        let model = try #require(fitted)
        let p = model.parameters
        let d = Double(Self.day.rawValue)
        for c in [Self.cell(3, 3), Self.cell(9, 9), Self.cell(0, 0)] {
            var expected = model.background[c]
            for i in training where Int(g.cell[i]) == c {
                expected += p.theta * (exp(-p.omega * (d - g.days[i])) - exp(-p.omega * (d + 1 - g.days[i])))
            }
            #expect(abs(scores[c] - expected) < 1e-12, "cell \(c)")
        }
        #expect(scores[Self.cell(0, 0)] == 0)
        #expect(abs(model.background.reduce(0, +) - p.muTotal) < 1e-9)
        #expect(p.theta > 0, "the bursts are triggering")
    }
}
