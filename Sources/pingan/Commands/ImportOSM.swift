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
        let bar = ProgressBar()
        let net = try RoadNetwork.load(path: file, useCache: true, cachePath: cache, rebuild: force) { stage, fraction in
            bar.show(fraction, stage: stage)
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
