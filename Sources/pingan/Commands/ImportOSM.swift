import ArgumentParser
import Foundation
import PinganGeo

/// `pingan import-osm FILE`: builds the routable road graph (and its contraction hierarchy) from
/// an OSM or DIMACS file and writes the `FILE.pgcache` beside it, so the server starts instantly.
struct ImportOSM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-osm",
        abstract: "Build the road graph and its cache from an .osm.pbf / .osm / .osm.gz / .osm.xz (or DIMACS .gr) file."
    )

    @Argument(help: "The OSM (or DIMACS .gr) file.")
    var file: String

    @Flag(name: .long, help: "Rebuild even when a valid cache exists.")
    var force = false

    @Option(name: .long, help: "Write the cache here instead of FILE.pgcache.")
    var cache: String?

    mutating func run() async throws {
        let bar = ImportProgressBar()
        let net = try RoadNetwork.load(path: file, useCache: true, cachePath: cache, rebuild: force) { stage, fraction in
            bar.update(stage, fraction)
        }
        bar.finish()
        let info = net.loadInfo
        var lines = [
            "file:        \(file)",
            "nodes:       \(net.graph.nodeCount)",
            "edges:       \(net.graph.edgeCount)",
            "components:  \(net.graph.componentsFound) found, 1 kept (largest strongly connected)",
            "shortcuts:   \(net.hierarchy.edgeCount - net.graph.edgeCount)",
            String(format: "time:        %.3f s (parse %.3f s, contract %.3f s)%@", info.totalSeconds, info.parseSeconds,
                   info.contractSeconds, info.fromCache ? ", from cache" : ""),
        ]
        if let p = info.cachePath { lines.append("cache:       \(p)") }
        if let e = info.cacheError, !info.fromCache, info.cachePath == nil { lines.append("cache:       not written (\(e))") }
        print(lines.joined(separator: "\n"))
    }
}

/// A one-line progress bar on stderr (only when stderr is a terminal).
final class ImportProgressBar: @unchecked Sendable {
    private let tty = isatty(2) != 0
    private var last = -1
    private var lastStage = ""

    func update(_ stage: String, _ fraction: Double) {
        guard tty else { return }
        let pct = Int(fraction * 100)
        if pct == last && stage == lastStage { return }
        last = pct; lastStage = stage
        let width = 30
        let filled = min(width, max(0, Int(fraction * Double(width))))
        let line = "\r\(stage.padding(toLength: 12, withPad: " ", startingAt: 0)) [" + String(repeating: "#", count: filled)
            + String(repeating: " ", count: width - filled) + "] \(pct)%"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
