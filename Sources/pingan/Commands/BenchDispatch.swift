import ArgumentParser
import Foundation
import PinganCore

/// `pingan bench dispatch --graph FILE`: streams random-walk fixes of a simulated fleet through
/// the position tracker (snap, geofence, routing index) and asks for recommendations meanwhile;
/// prints one JSON object (`inprocess_fixes_per_s`, `recommend_p99_ms`, ...). The HTTP figure
/// (`http_fixes_per_s`) stays null here: `bench/dispatch_http.py` measures it against a running
/// `pingan serve`, beside Redis GEOADD.
struct BenchDispatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Dispatch benchmark: fix ingest and recommendation latency (prints one JSON object)."
    )

    @Option(name: .long, help: "OSM file or DIMACS .gr(.gz) with coordinates (the sibling .co).")
    var graph: String

    @Option(name: .long, help: "Number of simulated units.")
    var units: Int = 2000

    @Option(name: .long, help: "Number of patrol zones (squares tiling the graph's bounding box).")
    var zones: Int = 100

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Simulated seconds (each unit reports once a second).")
    var steps: Int = 500

    @Option(name: .long, help: "Refresh the routing index after this much processing (ms): its lag bound.")
    var refreshMs: Double = 100

    @Option(name: .long, help: "Where to read/write the road-network cache (default: beside the graph file).")
    var cache: String?

    func validate() throws {
        guard units > 0, zones > 0, steps > 0, refreshMs >= 0 else {
            throw ValidationError("--units, --zones and --steps must be positive, --refresh-ms not negative")
        }
    }

    mutating func run() async throws {
        var b = DispatchBenchmark(graphPath: graph)
        b.units = units
        b.zones = zones
        b.seed = seed
        b.steps = steps
        b.cachePath = cache
        b.refreshIntervalMs = refreshMs
        let json = try b.run(progress: { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) })
        print(json)
    }
}
