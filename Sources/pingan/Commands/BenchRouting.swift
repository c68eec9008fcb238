import ArgumentParser
import Foundation
import PinganBench
import PinganGeo

/// `pingan bench routing --graph FILE`: times many-to-one top-K, one-to-one and coverage on one
/// graph with seeded random inputs and prints one JSON object; `--dump` writes the inputs and
/// answers for `bench/routing.py` to check against other tools.
struct BenchRouting: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Routing benchmark (prints one JSON object)."
    )

    @Option(name: .long, help: "OSM file or DIMACS .gr(.gz) (the sibling .co is used when present).")
    var graph: String

    @Option(name: .long, help: "Number of random unit positions.")
    var units: Int = 2000

    @Option(name: .long, help: "Number of random incidents (many-to-one queries).")
    var incidents: Int = 1000

    @Option(name: .long, help: "Number of random one-to-one pairs.")
    var pairs: Int = 1000

    @Option(name: .long, help: "K of the many-to-one top-K.")
    var k: Int = 10

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Write inputs and answers as JSON to this file.")
    var dump: String?

    @Flag(name: .long, help: "Do not read or write the .pgcache of an OSM graph.")
    var noCache = false

    @Option(name: .long, help: "Threads contracting a DIMACS graph (default: every core); with more than one, it is contracted on one thread too, for the ratio.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Copies of a DIMACS graph joined by bridges into one (e.g. 20 × NY = 5.3M nodes), for preprocessing time and memory at a province's size.")
    var tile: Int = 1

    mutating func run() async throws {
        var b = RoutingBenchmark(graphPath: graph)
        b.units = units
        b.incidents = incidents
        b.pairs = pairs
        b.k = k
        b.seed = seed
        b.dumpPath = dump
        b.useCache = !noCache
        b.threads = max(1, threads)
        b.tiles = max(1, tile)
        let json = try b.run(progress: { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) })
        print(json)
    }
}
