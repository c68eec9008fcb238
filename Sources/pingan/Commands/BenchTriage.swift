import ArgumentParser
import Foundation
import PinganBench

/// `pingan bench triage`: checking a new call for duplicates and repeats against 30 days of
/// history of 300,000 incidents built from the real Montgomery County file (`TriageBenchmark`;
/// synthetic, and labelled so, when the file is absent). Progress on stderr; the last line is one
/// JSON object with `duplicate_check_p99_ms` and `duplicate_check_median_ms`.
struct BenchTriage: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "triage", abstract: "Duplicate-call check benchmark (prints one JSON object).")

    @Option(help: "Montgomery County 911 file the history is made from (synthetic calls when absent).")
    var calls = "../shared/data/calls/montgomery_pa_911_calls_2015_2016.csv.gz"
    @Option(help: "Incidents in the history.") var history = 300_000
    @Option(help: "Days the history spans.") var days = 30
    @Option(help: "New calls checked and timed (after a warm-up of a tenth as many, at most 500).") var checks = 10_000
    @Option(help: "Seed of the jitter, caller numbers and new calls.") var seed: UInt64 = 18

    func validate() throws {
        guard (1_000...5_000_000).contains(history) else { throw ValidationError("--history must be 1000 to 5000000") }
        guard (1...90).contains(days) else { throw ValidationError("--days must be 1 to 90") }
        guard (100...1_000_000).contains(checks) else { throw ValidationError("--checks must be 100 to 1000000") }
    }

    func run() throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        #if DEBUG
        log("debug build: these figures do not count (swift build -c release --product pingan)")
        #endif
        var bench = TriageBenchmark(callsPath: calls)
        bench.historyCalls = history
        bench.historyDays = days
        bench.checks = checks
        bench.seed = seed
        let result: TriageBenchmark.Result
        do { result = try bench.run(progress: log) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(result.json)
    }
}
