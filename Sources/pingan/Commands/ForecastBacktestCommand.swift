import ArgumentParser
import Foundation
import PinganAnalytics

/// `pingan forecast backtest`: rolls the four forecasting methods forward one day at a time over
/// a test window and prints their hit rate and PAI at 1%, 5% and 10% of the area.
struct ForecastBacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest hotspot forecasts day by day: hit rate and PAI per method at 1/5/10% of the area.",
        discussion: """
        For each test day D the methods learn from the events of [D - N, D) only, forecast D, and are scored \
        on D's events; then D moves one day on. Methods: prior_counts (events per cell in the N days), kde \
        (Gaussian kernel density, 200 m, cut at 3 bandwidths), prospective (Bowers, Johnson & Pease 2004: \
        1/(1+d) x 1/(1+w) within 400 m and 8 weeks) and sepp (the grid self-exciting point process of Mohler \
        et al. 2015, refitted by EM every day).

        Area: the study area is every grid cell holding at least one event of the whole file; the top \
        1/5/10% of those cells by score are selected. Hit rate pools events over the test days (captured \
        events / events); PAI = hit rate / area share. Ties at the cut are shared (expected value under a \
        random tie-break). events_train counts the events of the first training window [FROM - N, FROM); \
        events_test those of FROM..TO. Every method is deterministic: --seed is accepted and echoed, and \
        changes nothing.

        Examples:
          pingan forecast backtest --events ../shared/data/crime/sf_police_incident_points_2026.csv.gz --train-days 90 --test 2026-06-22..2026-08-20
          pingan forecast backtest --events ../shared/data/crime/chicago_crimes_10k_2015.csv.gz --train-days 10 --test 2015-02-02..2015-02-08 --json
        """)

    @OptionGroup var input: ForecastEventOptions
    @Option(help: "Days of history each forecast learns from.") var trainDays: Int
    @Option(help: "Test window FROM..TO (YYYY-MM-DD..YYYY-MM-DD, inclusive).") var test: String
    @Option(help: "Grid cell side in metres.") var cell = 150.0
    @Option(help: "Only events whose category matches this regular expression (case-insensitive).") var category: String?
    @Option(help: "The grid's box as south,west,north,east (default: the events' bounding box).") var box: String?
    @Option(help: "Kernel density bandwidth in metres.") var kdeBandwidth = ForecastSettings.standard.kdeBandwidthMetres
    @Flag(help: "SEPP: let events trigger in the eight neighbouring cells too (near repeats).") var seppNeighbours = false
    @Option(help: "Refuse grids estimated above this many bytes.") var maxGridBytes = ForecastGrid.defaultMemoryLimit
    @Option(help: "Seed (echoed; every method is deterministic).") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        guard (1...3650).contains(trainDays) else { throw ValidationError("--train-days must be 1 to 3650") }
        guard testWindow != nil else { throw ValidationError("--test must be FROM..TO with real dates, FROM <= TO, e.g. 2026-06-22..2026-08-20") }
        guard cell.isFinite, cell >= 1, cell <= 100_000 else { throw ValidationError("--cell must be 1 to 100000 metres") }
        guard kdeBandwidth.isFinite, kdeBandwidth > 0, kdeBandwidth <= 5_000 else { throw ValidationError("--kde-bandwidth must be 0 to 5000 metres") }
        guard maxGridBytes > 0 else { throw ValidationError("--max-grid-bytes must be positive") }
        if let box { _ = try parseBox(box) }
    }

    var testWindow: ClosedRange<ForecastDay>? {
        let parts = test.components(separatedBy: "..")
        guard parts.count == 2, let a = ForecastDay(parts[0].trimmingCharacters(in: .whitespaces)),
              let b = ForecastDay(parts[1].trimmingCharacters(in: .whitespaces)), a <= b else { return nil }
        return a...b
    }

    func parseBox(_ text: String) throws -> GeoBox {
        let v = try parseNumberList(text, option: "--box")
        guard v.count == 4, v[0] < v[2], v[1] < v[3], v[0] >= -90, v[2] <= 90, v[1] >= -180, v[3] <= 180 else {
            throw ValidationError("--box must be south,west,north,east in degrees, south < north and west < east")
        }
        return GeoBox(minLat: v[0], maxLat: v[2], minLon: v[1], maxLon: v[3])
    }

    func run() throws {
        let file = try input.read()
        let events = try input.select(file, category: category)
        var cfg = ForecastBacktest.Configuration(trainDays: trainDays, test: testWindow!)
        cfg.cellMetres = cell
        cfg.box = try box.map(parseBox)
        cfg.memoryLimit = maxGridBytes
        cfg.settings.kdeBandwidthMetres = kdeBandwidth
        cfg.settings.sepp.neighbours = seppNeighbours
        let report: ForecastBacktest.Report
        do { report = try ForecastBacktest.run(events: events, configuration: cfg) } catch { throw ForecastCommand.fail("\(error)") }
        if report.outsideGrid > 0 { ForecastCommand.warn("\(report.outsideGrid) events outside --box left out") }
        if json { print(Self.json(report, cfg: cfg, seed: seed)) } else { printTable(report, cfg: cfg, file: file, selected: events.count) }
    }

    static func rounded(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }

    static func json(_ r: ForecastBacktest.Report, cfg: ForecastBacktest.Configuration, seed: UInt64) -> String {
        var methods: [String: Any] = [:]
        for m in r.methods {
            var pai: [String: Double] = [:], hit: [String: Double] = [:]
            for (k, p) in m.tally.percents.enumerated() {
                let key = p == p.rounded() ? String(Int(p)) : String(p)
                pai[key] = rounded(m.tally.pai(k))
                hit[key] = rounded(m.tally.hitRate(k))
            }
            methods[m.method.rawValue] = ["pai": pai, "hit_rate": hit]
        }
        var object: [String: Any] = [
            "methods": methods, "events_train": r.eventsTrain, "events_test": r.eventsTest,
            "train_days": cfg.trainDays, "test": "\(cfg.test.lowerBound)..\(cfg.test.upperBound)", "test_days": r.testDays,
            "cell_m": cfg.cellMetres, "grid_cells": r.grid.cellCount, "study_cells": r.studyCells, "seed": seed,
        ]
        if let s = seppSummary(r) {
            object["sepp_fit"] = ["theta_mean": rounded(s.theta), "theta_max": r.seppFits.map(\.theta).max() ?? 0,
                                  "omega_per_day_mean": rounded(s.omega), "eta_mean": rounded(s.eta),
                                  "mu_total_per_day_mean": rounded(s.mu), "iterations_max": s.iterations]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func seppSummary(_ r: ForecastBacktest.Report) -> (theta: Double, omega: Double, eta: Double, mu: Double, iterations: Int)? {
        guard !r.seppFits.isEmpty else { return nil }
        let n = Double(r.seppFits.count)
        return (r.seppFits.map(\.theta).reduce(0, +) / n, r.seppFits.map(\.omega).reduce(0, +) / n, r.seppFits.map(\.eta).reduce(0, +) / n,
                r.seppFits.map(\.muTotal).reduce(0, +) / n, r.seppIterations.max() ?? 0)
    }

    func printTable(_ r: ForecastBacktest.Report, cfg: ForecastBacktest.Configuration, file: EventFileReader.Result, selected: Int) {
        let g = r.grid
        print("file: \((input.events as NSString).lastPathComponent) (columns \(input.resolvedColumns)), \(file.events.count) events"
              + (category.map { ", \(selected) matching /\($0)/" } ?? "") + ", days \(r.dataDays.lowerBound)..\(r.dataDays.upperBound)")
        print(String(format: "grid: %.0f m cells, %ld × %ld = %ld cells; study area %ld cells (those with at least one event in the file)",
                     g.cellMetres, g.columns, g.rows, g.cellCount, r.studyCells))
        print("train: the \(cfg.trainDays) days before each test day; test: \(cfg.test.lowerBound)..\(cfg.test.upperBound) (\(r.testDays) days)")
        print("events_train \(r.eventsTrain) (first training window), events_test \(r.eventsTest)")
        print("")
        let pcts = r.methods.first?.tally.percents ?? []
        func label(_ p: Double) -> String { p == p.rounded() ? "\(Int(p))%" : "\(p)%" }
        var header = "method".padding(toLength: 16, withPad: " ", startingAt: 0)
        for p in pcts { header += ("PAI " + label(p)).leftPad(9) }
        for p in pcts { header += ("hit " + label(p)).leftPad(9) }
        header += "seconds".leftPad(9)
        print(header)
        for m in r.methods {
            var line = m.method.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
            for k in pcts.indices { line += String(format: "%.2f", m.tally.pai(k)).leftPad(9) }
            for k in pcts.indices { line += String(format: "%.1f%%", 100 * m.tally.hitRate(k)).leftPad(9) }
            line += String(format: "%.2f", m.seconds).leftPad(9)
            print(line)
        }
        if let s = Self.seppSummary(r) {
            print("")
            let eta = s.eta > 0 ? String(format: ", η %.4f per neighbour", s.eta) : ""
            let delay = 1 / s.omega
            let mean = delay >= 1 ? String(format: "%.1f days", delay) : delay >= 1.0 / 24 ? String(format: "%.1f hours", delay * 24)
                : String(format: "%.1f minutes", delay * 1440)
            print(String(format: "sepp fit (mean over days): θ %.3f, ω %.3f per day (mean delay ", s.theta, s.omega) + mean + ")" + eta
                  + String(format: ", background %.1f events/day; at most %ld EM iterations", s.mu, s.iterations))
        }
        if let five = pcts.firstIndex(of: 5), let sepp = r.methods.first(where: { $0.method == .sepp }),
           let best = r.methods.filter({ $0.method != .sepp }).max(by: { $0.tally.pai(five) < $1.tally.pai(five) }) {
            let gain = sepp.tally.pai(five) / best.tally.pai(five) - 1
            print("sepp vs the best other method at 5%: " + String(format: "%.2f vs %.2f", sepp.tally.pai(five), best.tally.pai(five))
                  + " (\(best.method.rawValue)) = " + String(format: "%+.1f%%", 100 * gain))
        }
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
