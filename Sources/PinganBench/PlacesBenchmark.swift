import Foundation
import PinganGeo

/// The place search and reverse geocoding benchmark behind `pingan bench places`.
///
/// No public extract at hand has a million nodes *and* Chinese names, so the map is made of
/// real ones: copies of the Liechtenstein extract (each shifted 0.5° further east, node, way
/// and relation ids offset so they never collide), plus Helsinki and the Shanghai demo extract,
/// until there are at least `minimumNodes` nodes. Names repeat across the Liechtenstein copies,
/// which makes the posting lists longer than a real country's, not shorter.
///
/// What it measures:
/// - building the `MapFeatures` and the `PlaceIndex` (the parse is reported apart);
/// - `PlaceIndex.search` latency (p50, p99, max) over a seeded mix of real queries: full landmark
///   and street names, 2-3 character prefixes of them, crossings of streets that meet ("A/B",
///   "A B", "AB路口"), pinyin and traditional spellings of the Shanghai names, each with a
///   random `near` point;
/// - `PlaceIndex.reverse` cost per point over `reversePoints` points within 300 m of a random
///   street point (the dense case), and over as many points uniform in each city's extent.
public struct PlacesBenchmark: Sendable {
    public var liechtensteinPath: String
    public var helsinkiPath: String?
    public var shanghaiPath: String?
    public var minimumNodes = 1_000_000
    public var queries = 5_000
    public var reversePoints = 100_000
    public var seed: UInt64 = 16
    /// A folder to write the benchmark's inputs to, for `bench/places.py`'s anchors: the names
    /// searched (`names.tsv`), the queries (`queries.tsv`), the points reverse geocoding may
    /// answer with (`targets.tsv`) and the points asked (`points.tsv`).
    public var dumpDirectory: String?

    public init(liechtensteinPath: String, helsinkiPath: String? = nil, shanghaiPath: String? = nil) {
        self.liechtensteinPath = liechtensteinPath
        self.helsinkiPath = helsinkiPath
        self.shanghaiPath = shanghaiPath
    }

    public struct Result: Sendable, Codable {
        public var nodes = 0
        public var copies = 0
        public var landmarks = 0
        public var addresses = 0
        public var streets = 0
        public var crossings = 0
        public var parseSeconds = 0.0
        public var buildSeconds = 0.0
        public var queries = 0
        /// Share of queries that found at least one place.
        public var searchHitRate = 0.0
        public var searchP50Ms = 0.0
        public var searchP99Ms = 0.0
        public var searchMaxMs = 0.0
        public var reversePoints = 0
        /// Near streets (within 300 m of a street point).
        public var reverseMicrosPerPoint = 0.0
        public var reverseHitRate = 0.0
        /// Uniform over each city's extent.
        public var reverseUniformMicrosPerPoint = 0.0

        /// One JSON object, one line: every field, plus the two headline figures under the names
        /// the bench reports use (`place_search_p99_ms`, `reverse_geocode_us`).
        public var json: String {
            guard let data = try? JSONEncoder().encode(self),
                  var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return "{}" }
            object["place_search_p99_ms"] = searchP99Ms
            object["reverse_geocode_us"] = reverseMicrosPerPoint
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }

    /// Builds the map and the index, runs both measurements, and returns the figures.
    public func run(progress: ((String) -> Void)? = nil) throws -> Result {
        var result = Result()
        let t0 = Date()
        let liechtenstein = try RoadNetwork.readOSM(path: liechtensteinPath)
        var merged = OSMData()
        var cities: [GeoBounds] = []
        func add(_ d: OSMData, copy: Int, shiftDegrees: Double) {
            Self.append(d, to: &merged, idOffset: Int64(copy) * 100_000_000_000, lonShift: Int32(shiftDegrees * 1e7))
            let lats = d.nodeLat.map { Double($0) / 1e7 }, lons = d.nodeLon.map { Double($0) / 1e7 + shiftDegrees }
            if let s = lats.min(), let n = lats.max(), let w = lons.min(), let e = lons.max() { cities.append(GeoBounds(south: s, west: w, north: n, east: e)) }
        }
        var copy = 0
        for path in [helsinkiPath, shanghaiPath].compactMap({ $0 }) {
            add(try RoadNetwork.readOSM(path: path), copy: copy, shiftDegrees: 0)
            copy += 1
        }
        while merged.nodeIds.count < minimumNodes || result.copies == 0 {
            add(liechtenstein, copy: copy, shiftDegrees: 0.5 * Double(result.copies))
            copy += 1
            result.copies += 1
        }
        result.nodes = merged.nodeIds.count
        result.parseSeconds = Date().timeIntervalSince(t0)
        progress?("read \(result.nodes) nodes (\(result.copies) Liechtenstein copies) in \(String(format: "%.1f", result.parseSeconds)) s")

        let t1 = Date()
        let features = MapFeatures(merged)
        let index = PlaceIndex(features, streets: StreetIndex(merged))
        result.buildSeconds = Date().timeIntervalSince(t1)
        result.landmarks = features.landmarkCount
        result.addresses = features.addressCount
        result.streets = features.streetNames.count
        result.crossings = features.crossingA.count
        progress?("built the index in \(String(format: "%.1f", result.buildSeconds)) s: \(result.landmarks) landmarks, \(result.addresses) addresses, \(result.streets) streets")

        var rng = SplitMix64(seed: seed)
        let mix = Self.queryMix(features, count: queries, rng: &rng)
        var times: [Double] = []
        times.reserveCapacity(mix.count)
        var hits = 0
        for (q, near) in mix {
            let s = DispatchTime.now().uptimeNanoseconds
            let found = index.search(q, near: near)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
            if !found.isEmpty { hits += 1 }
        }
        times.sort()
        result.queries = mix.count
        result.searchHitRate = Double(hits) / Double(max(1, mix.count))
        result.searchP50Ms = times.isEmpty ? 0 : times[times.count / 2]
        result.searchP99Ms = times.isEmpty ? 0 : times[min(times.count - 1, Int(Double(times.count) * 0.99))]
        result.searchMaxMs = times.last ?? 0
        progress?("search p99 \(String(format: "%.2f", result.searchP99Ms)) ms over \(mix.count) queries")

        // Reverse geocoding: near streets, then uniform in the cities.
        let f = features
        var points: [Coordinate] = []
        points.reserveCapacity(reversePoints)
        for _ in 0..<reversePoints where !f.linePoints.isEmpty {
            let p = f.linePoints[Int(rng.next() % UInt64(f.linePoints.count))]
            let dlat = (Double.random(in: -1...1, using: &rng)) * 300 / 110_574
            let dlon = (Double.random(in: -1...1, using: &rng)) * 300 / (111_320 * cos(p.lat * .pi / 180))
            points.append(Coordinate(lat: p.lat + dlat, lon: p.lon + dlon))
        }
        if let dir = dumpDirectory { try Self.dump(features, queries: mix, points: points, to: dir) }
        var named = 0
        let s = DispatchTime.now().uptimeNanoseconds
        for p in points where index.reverse(p) != nil { named += 1 }
        result.reverseMicrosPerPoint = Double(DispatchTime.now().uptimeNanoseconds - s) / 1e3 / Double(max(1, points.count))
        result.reversePoints = points.count
        result.reverseHitRate = Double(named) / Double(max(1, points.count))
        let uniform = (0..<reversePoints).map { _ -> Coordinate in
            let c = cities[Int(rng.next() % UInt64(cities.count))]
            return Coordinate(lat: Double.random(in: c.south...c.north, using: &rng), lon: Double.random(in: c.west...c.east, using: &rng))
        }
        let u = DispatchTime.now().uptimeNanoseconds
        var uniformNamed = 0
        for p in uniform where index.reverse(p) != nil { uniformNamed += 1 }
        result.reverseUniformMicrosPerPoint = Double(DispatchTime.now().uptimeNanoseconds - u) / 1e3 / Double(max(1, uniform.count))
        progress?("reverse \(String(format: "%.2f", result.reverseMicrosPerPoint)) µs/point near streets, \(String(format: "%.2f", result.reverseUniformMicrosPerPoint)) uniform")
        return result
    }

    /// Writes the inputs for the anchors as tab-separated text (tabs and line breaks in names
    /// become spaces).
    static func dump(_ f: MapFeatures, queries: [(String, Coordinate?)], points: [Coordinate], to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func clean(_ s: String) -> String { s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        func write(_ name: String, _ lines: [String]) throws {
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name)))
        }
        var names: [String] = []
        for i in 0..<f.landmarkCount {
            let at = f.landmarkLocation[i]
            for v in [f.landmarkName[i]] + f.landmarkVariants[Int(f.landmarkVariantStart[i])..<Int(f.landmarkVariantStart[i + 1])] {
                names.append("\(clean(v))\t\(at.lat)\t\(at.lon)")
            }
        }
        for i in 0..<f.addressCount {
            let at = f.addressLocation[i]
            names.append("\(clean(f.addressStreet[i] + " " + f.addressNumber[i]))\t\(at.lat)\t\(at.lon)")
        }
        for l in 0..<f.lineCount {
            let at = f.linePoints[Int(f.lineStart[l])]
            names.append("\(clean(f.streetNames[Int(f.lineStreet[l])]))\t\(at.lat)\t\(at.lon)")
        }
        try write("names.tsv", names)
        try write("queries.tsv", queries.map { q, near in "\(clean(q))\t\(near.map { "\($0.lat)\t\($0.lon)" } ?? "\t")" })
        try write("targets.tsv", (f.addressLocation + f.crossingLocation + f.linePoints).map { "\($0.lat)\t\($0.lon)" })
        try write("points.tsv", points.map { "\($0.lat)\t\($0.lon)" })
    }

    /// A seeded mix of what dispatchers type, drawn from the map's own names.
    static func queryMix(_ f: MapFeatures, count: Int, rng: inout SplitMix64) -> [(String, Coordinate?)] {
        var out: [(String, Coordinate?)] = []
        guard f.landmarkCount > 0 || !f.streetNames.isEmpty else { return out }
        let pinyin = (0..<f.landmarkCount).flatMap { i in
            f.landmarkVariants[Int(f.landmarkVariantStart[i])..<Int(f.landmarkVariantStart[i + 1])].filter { v in v.unicodeScalars.allSatisfy { $0.isASCII } && v.contains(" ") }
        }
        let han = (0..<f.landmarkCount).filter { PlaceText.hasHan(f.landmarkName[$0]) }
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func somewhere() -> Coordinate? {
            guard !f.linePoints.isEmpty, rng.next() % 4 != 0 else { return nil }
            return f.linePoints[Int(rng.next() % UInt64(f.linePoints.count))]
        }
        while out.count < count {
            let kind = rng.next() % 10
            var q = ""
            if kind < 2, f.landmarkCount > 0 { q = pick(f.landmarkName) }
            else if kind < 4, !f.streetNames.isEmpty { q = pick(f.streetNames) }
            else if kind == 4, f.landmarkCount > 0 {
                let n = pick(f.landmarkName)
                q = String(n.prefix(PlaceText.hasHan(n) ? 2 : 3))
            } else if kind == 5, !f.streetNames.isEmpty {
                let n = pick(f.streetNames)
                q = String(n.prefix(PlaceText.hasHan(n) ? 2 : 4))
            } else if kind < 8, !f.crossingA.isEmpty {
                let c = Int(rng.next() % UInt64(f.crossingA.count))
                let a = f.streetNames[Int(f.crossingA[c])], b = f.streetNames[Int(f.crossingB[c])]
                q = PlaceText.hasHan(a) ? (rng.next() % 2 == 0 ? a + b + "路口" : a + "/" + b) : a + " " + b
            } else if kind == 8, !pinyin.isEmpty {
                let p = pick(pinyin)
                q = rng.next() % 2 == 0 ? p : p.replacingOccurrences(of: " ", with: "")
            } else if kind == 9, !han.isEmpty {
                let i = pick(han)
                q = f.landmarkVariants[Int(f.landmarkVariantStart[i])..<Int(f.landmarkVariantStart[i + 1])].first { PlaceText.hasHan($0) } ?? f.landmarkName[i]
            }
            if !q.isEmpty { out.append((q, somewhere())) }
        }
        return out
    }

    /// Appends `d` to `m` with every id (nodes, ways, relations and the references to them)
    /// offset by `idOffset` and every longitude shifted by `lonShift` (1e-7 degrees).
    static func append(_ d: OSMData, to m: inout OSMData, idOffset: Int64, lonShift: Int32) {
        m.nodeIds += d.nodeIds.map { $0 + idOffset }
        m.nodeLat += d.nodeLat
        m.nodeLon += d.nodeLon.map { $0 &+ lonShift }
        let wayBase = Int32(m.wayRefs.count)
        m.wayStart += d.wayStart.dropFirst().map { $0 + wayBase }
        m.wayRefs += d.wayRefs.map { $0 + idOffset }
        m.wayIds += d.wayIds.map { $0 + idOffset }
        m.waySpeedKmh += d.waySpeedKmh
        m.wayOneway += d.wayOneway
        m.wayOrigin += d.wayOrigin
        m.totalWays += d.totalWays
        let streetBase = Int32(m.streetRefs.count)
        m.streetNames += d.streetNames
        m.streetNamesEn += d.streetNamesEn
        m.streetClass += d.streetClass
        m.streetStart += d.streetStart.dropFirst().map { $0 + streetBase }
        m.streetRefs += d.streetRefs.map { $0 + idOffset }
        let refBase = Int32(m.featureRefs.count), tagBase = Int32(m.featureTagKey.count)
        m.featureKind += d.featureKind
        m.featureId += d.featureId.map { $0 + idOffset }
        m.featureRefStart += d.featureRefStart.dropFirst().map { $0 + refBase }
        m.featureRefs += d.featureRefs.map { $0 + idOffset }
        m.featureTagStart += d.featureTagStart.dropFirst().map { $0 + tagBase }
        m.featureTagKey += d.featureTagKey
        m.featureTagValue += d.featureTagValue
    }
}
