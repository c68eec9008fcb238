import Foundation
import PinganAnalytics
import PinganGeo
import Testing

@Suite("Forecast: the rolling backtest and today's layer")
struct ForecastBacktestTests {
    static let origin = Coordinate(lat: 31.2, lon: 121.4)
    static let first = ForecastDay("2026-01-01")!

    /// 20 days: a hot corner with three events a day, a warm one every other day, and a seeded
    /// scatter of one event a day over a 3 km square.
    static func events(skipping gap: ClosedRange<Int>? = nil) -> [ForecastEvent] {
        var rng = SeededRandom(seed: 5)
        var out: [ForecastEvent] = []
        let hot = Coordinate(lat: 31.205, lon: 121.405), warm = Coordinate(lat: 31.215, lon: 121.42)
        for d in 0..<20 {
            if let gap, gap.contains(d) { continue }
            let start = Int64(first.rawValue + d) * 86_400
            for k in 0..<3 { out.append(ForecastEvent(time: start + Int64(3600 * (8 + k)), coordinate: hot)) }
            if d % 2 == 0 { out.append(ForecastEvent(time: start + 40_000, coordinate: warm)) }
            let scatter = Coordinate(lat: origin.lat + rng.uniform() * 0.027, lon: origin.lon + rng.uniform() * 0.031)
            out.append(ForecastEvent(time: start + 50_000, coordinate: scatter))
        }
        return out
    }

    static func window(_ a: Int, _ b: Int) -> ClosedRange<ForecastDay> { first.advanced(by: a)...first.advanced(by: b) }

    @Test func countsAndScoresEveryMethod() throws {
        let events = Self.events()
        let cfg = ForecastBacktest.Configuration(trainDays: 5, test: Self.window(10, 12))
        let r = try ForecastBacktest.run(events: events, configuration: cfg)
        #expect(r.testDays == 3)
        // Days 5...9: 3 hot + 1 scatter each, warm on 6 and 8.
        #expect(r.eventsTrain == 5 * 4 + 2)
        // Days 10...12: warm on 10 and 12.
        #expect(r.eventsTest == 3 * 4 + 2)
        #expect(r.methods.map(\.method) == ForecastMethod.allCases)
        #expect(r.dataDays == Self.first...Self.first.advanced(by: 19))
        #expect(r.seppFits.count == 3)
        for m in r.methods {
            #expect(m.tally.events == r.eventsTest && m.tally.days == 3)
            // The hot cell is always the top-ranked cell and holds 9 of 14 test events.
            #expect(m.tally.captured[0] >= 9, "\(m.method)")
            for k in m.tally.percents.indices { #expect(m.tally.pai(k) <= 1 / m.tally.areaShare(k) + 1e-9) }
            #expect(m.tally.pai(0) > 1)
        }
        // Reproducible: the same input gives the same figures.
        let again = try ForecastBacktest.run(events: events, configuration: cfg)
        #expect(again.methods.map(\.tally) == r.methods.map(\.tally))
        #expect(again.seppFits == r.seppFits)
    }

    @Test func aTestWindowOutsideTheDataIsRefused() {
        let events = Self.events()
        for w in [Self.window(-3, 2), Self.window(15, 25), Self.window(40, 41)] {
            let e = #expect(throws: ForecastError.self) {
                try ForecastBacktest.run(events: events, configuration: .init(trainDays: 5, test: w))
            }
            #expect(e?.kind == .testWindowOutsideData)
            #expect(e?.message.contains("2026-01-01..2026-01-20") == true, "\(e?.message ?? "")")
        }
    }

    @Test func anEmptyTrainingWindowIsRefused() {
        let events = Self.events(skipping: 3...13)
        let e = #expect(throws: ForecastError.self) {
            try ForecastBacktest.run(events: events, configuration: .init(trainDays: 5, test: Self.window(14, 15)))
        }
        #expect(e?.kind == .emptyTrainingWindow && e?.message.contains("2026-01-14") == true, "\(e?.message ?? "")")
        let atStart = #expect(throws: ForecastError.self) {
            try ForecastBacktest.run(events: Self.events(), configuration: .init(trainDays: 5, test: Self.window(0, 1)))
        }
        #expect(atStart?.kind == .emptyTrainingWindow)
    }

    @Test func aGridTooLargeIsRefused() {
        var cfg = ForecastBacktest.Configuration(trainDays: 5, test: Self.window(10, 12))
        cfg.cellMetres = 1
        cfg.memoryLimit = 1 << 20
        let e = #expect(throws: ForecastError.self) { try ForecastBacktest.run(events: Self.events(), configuration: cfg) }
        #expect(e?.kind == .gridTooLarge && (e?.estimateBytes ?? 0) > Double(1 << 20))
    }

    @Test func todaysLayerPutsTheHotCornerFirst() throws {
        let events = Self.events()
        let day = Self.first.advanced(by: 20)
        for method in ForecastMethod.allCases {
            let cells = try HotspotForecast.today(events: events, day: day, method: method, trainDays: 14, top: 5)
            #expect(!cells.isEmpty && cells.count <= 5)
            let top = try #require(cells.first)
            #expect(top.bounds.contains(Coordinate(lat: 31.205, lon: 121.405)), "\(method)")
            #expect(top.bounds.contains(top.centre))
            #expect(zip(cells, cells.dropFirst()).allSatisfy { $0.score >= $1.score } && cells.allSatisfy { $0.score > 0 })
        }
        let e = #expect(throws: ForecastError.self) { try HotspotForecast.today(events: events, day: Self.first, trainDays: 5) }
        #expect(e?.kind == .emptyTrainingWindow)
    }
}
