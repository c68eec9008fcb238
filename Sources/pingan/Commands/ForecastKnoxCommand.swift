import ArgumentParser
import Foundation
import PinganAnalytics

/// `pingan forecast knox`: the Knox near-repeat test with Monte Carlo significance, as a table of
/// space-time bands.
struct ForecastKnoxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knox",
        abstract: "Knox near-repeat test: observed vs expected pairs per space-time band, with Monte Carlo p-values.",
        discussion: """
        Pairs of events are counted by distance band (metres) and time band (days). Expected counts are the \
        mean over --simulations random permutations of the events' times (places fixed), as in the Near \
        Repeat Calculator (Johnson et al. 2007); ratio = observed / expected; p = (1 + permutations with a \
        count >= observed) / (1 + permutations). Space bands are [a, b) between the edges given, pairs \
        beyond the last edge are not counted; time bands are [a, b) with the last one open-ended.

        Examples:
          pingan forecast knox --events ../shared/data/crime/chicago_crimes_10k_2015.csv.gz --category BURGLARY
          pingan forecast knox --events ../shared/data/crime/sf_police_incident_points_2026.csv.gz --category '^burglary$' --json
        """)

    @OptionGroup var input: ForecastEventOptions
    @Option(help: "Only events whose category matches this regular expression (case-insensitive).") var category: String?
    @Option(help: "Space band edges in metres.") var spaceBands = "0,100,200,400,800"
    @Option(help: "Time band edges in days (the last band is open-ended).") var timeBands = "0,7,14,30"
    @Option(help: "Random permutations of the times.") var simulations = 99
    @Option(help: "Seed of the permutations.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func configurationValue() throws -> KnoxTest.Configuration {
        var c = KnoxTest.Configuration()
        c.spaceEdges = try parseNumberList(spaceBands, option: "--space-bands")
        c.timeEdges = try parseNumberList(timeBands, option: "--time-bands")
        c.simulations = simulations
        c.seed = seed
        do { try c.validate() } catch { throw ValidationError(error.message) }
        return c
    }

    func validate() throws { _ = try configurationValue() }

    func run() throws {
        let file = try input.read()
        let events = try input.select(file, category: category)
        let cfg = try configurationValue()
        let result: KnoxTest.Result
        do { result = try KnoxTest.run(events: events, configuration: cfg) } catch { throw ForecastCommand.fail("\(error)") }
        if json {
            let bands: [[String: Any]] = result.bands.map { b in
                [
                    "space_m": [b.spaceFrom, b.spaceTo],
                    "time_days": [b.timeFrom, b.timeTo.map { $0 as Any } ?? NSNull()],
                    "observed": b.observed,
                    "expected": (b.expected * 1e4).rounded() / 1e4,
                    "ratio": b.ratio.map { (($0 * 1e4).rounded() / 1e4) as Any } ?? NSNull(),
                    "p_value": (b.pValue * 1e6).rounded() / 1e6,
                ]
            }
            let object: [String: Any] = ["events": result.events, "close_pairs": result.closePairs, "simulations": result.simulations,
                                         "seed": result.seed, "category": category ?? NSNull(), "bands": bands]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            print(String(decoding: data, as: UTF8.self))
            return
        }
        func num(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        print("Knox near-repeat test: \(result.events) events" + (category.map { " matching /\($0)/" } ?? "")
              + " in \((input.events as NSString).lastPathComponent), \(result.closePairs) pairs closer than \(num(cfg.spaceEdges.last!)) m")
        print("expected = mean of \(result.simulations) permutations of the times (seed \(result.seed)); * p <= 0.05")
        print("")
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
        func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? " " + s : String(repeating: " ", count: w - s.count) + s }
        print(pad("space (m)", 12) + pad("time (days)", 13) + lpad("observed", 9) + lpad("expected", 10) + lpad("ratio", 8) + lpad("p", 8))
        for b in result.bands {
            let time = "\(num(b.timeFrom))" + (b.timeTo.map { "-\(num($0))" } ?? "+")
            let ratio = b.ratio.map { String(format: "%.2f", $0) } ?? "-"
            print(pad("\(num(b.spaceFrom))-\(num(b.spaceTo))", 12) + pad(time, 13) + lpad("\(b.observed)", 9)
                  + lpad(String(format: "%.1f", b.expected), 10) + lpad(ratio, 8) + lpad(String(format: "%.3f", b.pValue), 8)
                  + (b.pValue <= 0.05 ? " *" : ""))
        }
    }
}
