import ArgumentParser
import Foundation
import PinganBench

/// `pingan bench patrol --graph FILE`: live coverage recompute, move proposals (maximal covering
/// over the posts) and their distance from the exact optimum found by spopt's MCLP with CBC on
/// smaller instances of the same data; prints one JSON object.
struct BenchPatrol: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patrol", abstract: "Dynamic patrol benchmark (prints one JSON object).")

    @Option(name: .long, help: "OSM file or DIMACS .gr(.gz) (e.g. ../shared/data/roads/USA-road-t.NY.gr.gz).") var graph: String
    @Option(name: .long, help: "Units whose coverage is recomputed.") var units = 2000
    @Option(name: .long, help: "Idle units to place.") var idle = 50
    @Option(name: .long, help: "Candidate posts.") var posts = 2000
    @Option(name: .long, help: "Weighted demand points.") var demand = 50_000
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 42
    @Option(name: .long, help: "Exact anchor: the command that solves an instance file (empty: none).")
    var exact = "python3 bench/patrol_spopt.py"

    func validate() throws {
        guard (1...100_000).contains(units), (1...units).contains(idle), (1...100_000).contains(posts), (1...5_000_000).contains(demand) else {
            throw ValidationError("need 1 ≤ --idle ≤ --units ≤ 100000, 1 ≤ --posts ≤ 100000, 1 ≤ --demand ≤ 5000000")
        }
    }

    func run() throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        #if DEBUG
        log("debug build: these figures do not count (swift build -c release --product pingan)")
        #endif
        guard FileManager.default.fileExists(atPath: graph) else {
            FileHandle.standardError.write(Data("error: no graph at \(graph) (the shared data is absent?)\n".utf8))
            throw ExitCode(1)
        }
        var b = PatrolBenchmark(graphPath: graph)
        b.units = units; b.idle = idle; b.posts = posts; b.demandPoints = demand; b.seed = seed
        b.staying = min(300, units - idle)
        let cmd = exact.split(separator: " ").map(String.init)
        b.exactCommand = cmd.isEmpty ? nil : cmd
        do { print(try b.run(progress: log)) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
