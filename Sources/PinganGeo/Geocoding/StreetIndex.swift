import Foundation

/// The map's street names and where each street runs, so a dispatcher who types the address a
/// caller gives ("河南中路100号", "西藏中路福州路口") gets a place on the map without hunting for
/// it. OSM has no house numbers for Chinese cities, so a number only narrows nothing: the street
/// is found, and two streets named together are read as their crossing, which is how callers
/// and dispatchers usually name a place.
///
/// Built from every named road of the extract, pedestrian streets included, with the ways of
/// one name merged. Flat arrays: points of name `i` are
/// `points[pointStart[i]..<pointStart[i+1]]`.
public struct StreetIndex: Sendable, Equatable {
    /// Unique street names, sorted.
    public let names: [String]
    let pointStart: [Int32]
    let points: [Coordinate]
    /// Name indexes, longest name first: the order a query is searched for names it contains.
    let longestFirst: [Int]

    public static let empty = StreetIndex(names: [], pointStart: [0], points: [])

    init(names: [String], pointStart: [Int32], points: [Coordinate]) {
        self.names = names
        self.pointStart = pointStart
        self.points = points
        let lengths = names.map(\.count)
        longestFirst = names.indices.sorted { (lengths[$0], $1) > (lengths[$1], $0) }
    }

    public static func == (a: StreetIndex, b: StreetIndex) -> Bool {
        a.names == b.names && a.pointStart == b.pointStart && a.points == b.points
    }

    /// Collects the named roads of `d` (nodes the file lacks are left out).
    public init(_ d: OSMData) {
        let lookup = NodeLookup(d)
        var byName: [String: [Coordinate]] = [:]
        for i in 0..<d.streetNames.count {
            var pts: [Coordinate] = []
            for r in Int(d.streetStart[i])..<Int(d.streetStart[i + 1]) {
                let idx = lookup.find(d.streetRefs[r])
                if idx >= 0 { pts.append(Coordinate(lat: Double(d.nodeLat[idx]) / 1e7, lon: Double(d.nodeLon[idx]) / 1e7)) }
            }
            if !pts.isEmpty { byName[d.streetNames[i], default: []].append(contentsOf: pts) }
        }
        let names = byName.keys.sorted()
        var start: [Int32] = [0], points: [Coordinate] = []
        for n in names {
            points.append(contentsOf: byName[n]!)
            start.append(Int32(points.count))
        }
        self.init(names: names, pointStart: start, points: points)
    }

    public var isEmpty: Bool { names.isEmpty }

    /// A place a typed address may mean.
    public struct Match: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Codable { case street, intersection }
        public var name: String
        public var kind: Kind
        public var location: Coordinate
    }

    /// Places for `query`, best first: the crossing of two streets named in it, the streets it
    /// names, then streets whose names contain it (for a name still being typed).
    public func search(_ query: String, limit: Int = 8) -> [Match] {
        let q = Self.normalise(query)
        guard q.count >= 2 else { return [] }
        var out: [Match] = []
        // Streets named in the query, longest first, without overlaps (河南中路 beats 河南路).
        var named: [(index: Int, range: Range<String.Index>)] = []
        for i in longestFirst {
            let n = names[i]
            guard n.count >= 2, let r = q.range(of: n), !named.contains(where: { $0.range.overlaps(r) }) else { continue }
            named.append((i, r))
            if named.count == 2 { break }
        }
        if named.count == 2, let crossing = crossing(named[0].index, named[1].index) {
            let ordered = named.sorted { $0.range.lowerBound < $1.range.lowerBound }
            out.append(Match(name: "\(names[ordered[0].index])/\(names[ordered[1].index])", kind: .intersection, location: crossing))
        }
        for (i, _) in named.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out.append(Match(name: names[i], kind: .street, location: middle(of: i)))
        }
        // Names containing the query: exact, then prefix, then anywhere; shorter first.
        var partial: [(rank: Int, index: Int)] = []
        for (i, n) in names.enumerated() where n.contains(q) && !named.contains(where: { $0.index == i }) {
            partial.append((n == q ? 0 : n.hasPrefix(q) ? 1 : 2, i))
        }
        partial.sort { ($0.rank, names[$0.index].count, names[$0.index]) < ($1.rank, names[$1.index].count, names[$1.index]) }
        for p in partial where out.count < limit { out.append(Match(name: names[p.index], kind: .street, location: middle(of: p.index))) }
        return Array(out.prefix(limit))
    }

    /// The query without spaces and without the house number and what follows it ("300号",
    /// "1弄2号": digits followed by 号, 弄, 栋 or 幢; digits in a name such as G60 stay), nor a
    /// trailing word for a junction ("交叉口", "口", "附近"; "路口" is the end of a
    /// street name and its 口).
    static func normalise(_ query: String) -> String {
        var s = String(query.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
        // Digits only: `isNumber` is also true of CJK ideographs with a numeric value (京, 万).
        func isDigit(_ c: Character) -> Bool { ("0"..."9").contains(c) || ("０"..."９").contains(c) }
        var i = s.startIndex
        while i < s.endIndex {
            guard isDigit(s[i]) else { i = s.index(after: i); continue }
            var end = i
            while end < s.endIndex, isDigit(s[end]) { end = s.index(after: end) }
            if end < s.endIndex, "号號弄栋幢".contains(s[end]) { s = String(s[..<i]); break }
            i = end
        }
        for suffix in ["交叉口", "附近", "口"] where s.hasSuffix(suffix) && s.count > suffix.count + 1 {
            s.removeLast(suffix.count)
            break
        }
        return s
    }

    /// Where streets `a` and `b` meet: the closest pair of their points when within 80 m.
    func crossing(_ a: Int, _ b: Int) -> Coordinate? {
        var best = Double.infinity, at: Coordinate? = nil
        for p in Int(pointStart[a])..<Int(pointStart[a + 1]) {
            for r in Int(pointStart[b])..<Int(pointStart[b + 1]) {
                let d = Geodesy.haversine(points[p], points[r])
                if d < best {
                    best = d
                    at = Coordinate(lat: (points[p].lat + points[r].lat) / 2, lon: (points[p].lon + points[r].lon) / 2)
                }
            }
        }
        return best <= 80 ? at : nil
    }

    /// A point on street `i`: the one nearest the middle of all its points.
    func middle(of i: Int) -> Coordinate {
        let range = Int(pointStart[i])..<Int(pointStart[i + 1])
        var lat = 0.0, lon = 0.0
        for p in range { lat += points[p].lat; lon += points[p].lon }
        let c = Coordinate(lat: lat / Double(range.count), lon: lon / Double(range.count))
        return range.map { points[$0] }.min { Geodesy.haversine($0, c) < Geodesy.haversine($1, c) } ?? c
    }
}
