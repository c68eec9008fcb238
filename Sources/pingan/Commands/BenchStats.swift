import ArgumentParser
import Foundation
import PinganBench
import PinganCore

/// `pingan bench stats`: the KPI dashboard's answer for a city-wide year over a generated
/// history of a million incidents in ~100 stations (`StatsBenchmark`; synthetic, and labelled
/// so). Progress on stderr; the last line is one JSON object with `dashboard_p99_ms` and
/// `dashboard_median_ms` against the 200 ms target.
struct BenchStats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "KPI dashboard benchmark (prints one JSON object).")

    @Option(help: "Incidents in the generated history.") var incidents = 1_000_000
    @Option(help: "Districts in the generated city.") var districts = 10
    @Option(help: "Stations per district.") var stations = 10
    @Option(help: "Days of history (13 months by default).") var days = 396
    @Option(help: "Timed runs of the dashboard's question (after two warm-up runs).") var runs = 20
    @Option(help: "The day the history ends on, YYYY-MM-DD (default: today, China Standard Time).") var end: String?
    @Option(help: "Seed of the generated history.") var seed: UInt64 = 19

    func validate() throws {
        guard (1_000...5_000_000).contains(incidents) else { throw ValidationError("--incidents must be 1000 to 5000000") }
        guard (1...50).contains(districts) else { throw ValidationError("--districts must be 1 to 50") }
        guard (1...50).contains(stations) else { throw ValidationError("--stations must be 1 to 50") }
        guard (366...1000).contains(days) else { throw ValidationError("--days must be 366 to 1000 (a year and its comparison)") }
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be 1 to 1000") }
        if let end { _ = try Self.day(end) }
    }

    static func day(_ text: String) throws -> ReportDay {
        do { return try ReportDay(text, field: "end") } catch { throw ValidationError("--end: \(error.message)") }
    }

    func run() throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        #if DEBUG
        log("debug build: these figures do not count (swift build -c release --product pingan)")
        #endif
        var bench = StatsBenchmark(end: try end.map(Self.day) ?? ReportDay(containing: Date()))
        bench.incidents = incidents
        bench.districts = districts
        bench.stationsPerDistrict = stations
        bench.days = days
        bench.runs = runs
        bench.seed = seed
        let result: StatsBenchmark.Result
        do { result = try bench.run(progress: log) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(result.json)
    }
}
