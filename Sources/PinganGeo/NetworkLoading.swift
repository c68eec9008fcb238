import Foundation

extension RoadNetwork {
    /// Loads a road network from an OSM (`.osm.pbf`, `.osm`, `.osm.gz`, `.osm.xz`) or DIMACS
    /// (`.gr`, `.gr.gz`, with the sibling `.co` when present) file. With `useCache`, a valid
    /// `FILE.pgcache` beside the source is used, and written after a fresh build; a stale or
    /// corrupt cache is ignored and replaced. A cache that cannot be written is not an error
    /// (read-only data directories are normal); `loadInfo.cacheError` says why.
    public static func load(path: String, useCache: Bool = true, cachePath: String? = nil, rebuild: Bool = false,
                            progress: ((String, Double) -> Void)? = nil) throws -> RoadNetwork {
        let t0 = Date()
        guard FileManager.default.fileExists(atPath: path) else { throw GeoError(.fileNotFound, "no such file", file: path) }
        var cacheError: String? = nil
        if useCache && !rebuild {
            do {
                var net = try GraphCache.read(for: path, from: cachePath)
                net.loadInfo.fromCache = true
                net.loadInfo.totalSeconds = Date().timeIntervalSince(t0)
                net.loadInfo.cachePath = cachePath ?? GraphCache.path(for: path)
                return net
            } catch let e as GeoError {
                cacheError = e.description
            }
        }
        progress?("parsing", 0)
        let (graph, streets, features) = try loadMap(path: path)
        let tParse = Date().timeIntervalSince(t0)
        progress?("contracting", 0)
        let t1 = Date()
        var net = RoadNetwork(graph: graph, progress: { progress?("contracting", $0) })
        net.streets = streets
        net.places = PlaceIndex(features, streets: streets)
        net.loadInfo.parseSeconds = tParse
        net.loadInfo.contractSeconds = Date().timeIntervalSince(t1)
        if useCache {
            do {
                try GraphCache.write(net, for: path, to: cachePath)
                net.loadInfo.cachePath = cachePath ?? GraphCache.path(for: path)
            } catch {
                cacheError = "\(error)"
            }
        }
        net.loadInfo.cacheError = cacheError
        net.loadInfo.totalSeconds = Date().timeIntervalSince(t0)
        progress?("done", 1)
        return net
    }

    /// Parses a source file into a graph (no hierarchy), choosing the reader by file name.
    public static func loadGraph(path: String) throws -> RoadGraph {
        try loadSource(path: path, streets: false).graph
    }

    /// Parses a source file into a graph and, for OSM files when `streets`, the street names.
    public static func loadSource(path: String, streets: Bool) throws -> (graph: RoadGraph, streets: StreetIndex) {
        let lower = path.lowercased()
        if lower.hasSuffix(".gr") || lower.hasSuffix(".gr.gz") {
            return (try DIMACSReader.load(gr: path, co: DIMACSReader.coordinateFile(for: path)), .empty)
        }
        let data = try readOSM(path: path)
        return (try OSMGraphBuilder.build(data, file: path), streets ? StreetIndex(data) : .empty)
    }

    /// Parses a source file into a graph, its street names and its places, addresses, areas and
    /// street lines (the last two empty for DIMACS graphs).
    public static func loadMap(path: String) throws -> (graph: RoadGraph, streets: StreetIndex, features: MapFeatures) {
        let lower = path.lowercased()
        if lower.hasSuffix(".gr") || lower.hasSuffix(".gr.gz") {
            return (try DIMACSReader.load(gr: path, co: DIMACSReader.coordinateFile(for: path)), .empty, .empty)
        }
        let data = try readOSM(path: path)
        return (try OSMGraphBuilder.build(data, file: path), StreetIndex(data), MapFeatures(data))
    }

    /// Reads an OSM file (PBF by its `.pbf` suffix, else XML, possibly compressed).
    public static func readOSM(path: String) throws -> OSMData {
        path.lowercased().hasSuffix(".pbf") ? try PBFReader.read(path: path) : try OSMXMLReader.read(path: path)
    }
}
