import ArgumentParser
import Foundation
import PinganBench
import PinganCore
import PinganGeo

/// `pingan bench dispatch --graph FILE`: streams random-walk fixes of a simulated fleet through
/// the position tracker (snap, geofence, routing index) and asks for recommendations meanwhile;
/// prints one JSON object (`inprocess_fixes_per_s`, `recommend_p99_ms`, ...), then posts the same
/// fleet's fixes to the real server over loopback HTTP (`http_fixes_per_s`, durable track storage
/// included; see `DispatchHTTPBenchmark`). `bench/dispatch_http.py` adds the Redis GEOADD anchor.
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

    @Option(name: .long, help: "Partitions of the split tracker timed against one, and of the HTTP run's server (default: every core).")
    var partitions: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Simulated seconds of fixes posted over HTTP (0 skips the HTTP run).")
    var httpSteps: Int = 100

    @Option(name: .long, help: "Fixes per HTTP batch (at most 5000).")
    var httpBatch: Int = 5000

    @Option(name: .long, help: "Concurrent keep-alive HTTP connections.")
    var httpConnections: Int = 4

    func validate() throws {
        guard httpSteps >= 0, (1...5000).contains(httpBatch), (1...64).contains(httpConnections) else {
            throw ValidationError("--http-steps must be ≥ 0, --http-batch 1-5000, --http-connections 1-64")
        }
        guard units > 0, zones > 0, steps > 0, refreshMs >= 0, (1...64).contains(partitions) else {
            throw ValidationError("--units, --zones and --steps must be positive, --refresh-ms not negative, --partitions 1-64")
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
        b.partitions = partitions
        let progress: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        var json = try b.run(progress: progress)
        if httpSteps > 0 {
            let network = try RoadNetwork.load(path: graph, useCache: true, cachePath: cache)
            let http = try await DispatchHTTPBenchmark(benchmark: b, network: network, steps: httpSteps, batch: httpBatch,
                                                       connections: httpConnections).run(progress: progress)
            let fields = String(format: "\"http_fixes_per_s\":%.0f,\"http_fixes\":%d,\"http_seconds\":%.3f,\"http_accepted\":%d,"
                                + "\"http_track_points_stored\":%d,\"http_batch\":%d,\"http_connections\":%d,\"http_tracker_partitions\":%d",
                                http.fixesPerSecond, http.fixes, http.seconds, http.accepted, http.trackPoints, httpBatch, httpConnections,
                                partitions)
            json = json.replacingOccurrences(of: "\"http_fixes_per_s\":null", with: fields)
        }
        print(json)
    }
}
