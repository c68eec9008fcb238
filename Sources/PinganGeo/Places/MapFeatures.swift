import Foundation

/// What a map needs besides the roads to be readable and searchable: named places (landmarks),
/// addresses, background areas (water, parks, major buildings), the named streets as lines with
/// their class, and the crossings of differently named streets. Built once from `OSMData` with
/// node references resolved to coordinates, so it is plain data the graph cache can store and a
/// `PlaceIndex` can index without the source file.
///
/// Flat arrays throughout: variants of landmark `i` are
/// `landmarkVariants[landmarkVariantStart[i]..<landmarkVariantStart[i+1]]`, the ring of area `i`
/// is `areaPoints[areaStart[i]..<areaStart[i+1]]`, the points of line `i` are
/// `linePoints[lineStart[i]..<lineStart[i+1]]`.
public struct MapFeatures: Sendable, Equatable {
    // Landmarks: named places with a category.
    public var landmarkName: [String] = []
    /// `name:en`, "" when the place has none.
    public var landmarkNameEn: [String] = []
    public var landmarkCategory: [String] = []
    public var landmarkLocation: [Coordinate] = []
    /// Other names to find the place by: name:zh-Hans/-Hant, pinyin, alt, old and int names,
    /// and the simplified, traditional and pinyin spellings of its name (`PlaceText`).
    public var landmarkVariantStart: [Int32] = [0]
    public var landmarkVariants: [String] = []

    // Addresses: a house number on a street.
    public var addressNumber: [String] = []
    public var addressStreet: [String] = []
    public var addressLocation: [Coordinate] = []

    // Background areas: one closed outer ring each.
    public var areaKind: [UInt8] = []
    /// "" when unnamed.
    public var areaName: [String] = []
    public var areaStart: [Int32] = [0]
    public var areaPoints: [Coordinate] = []

    // Named streets: unique names, sorted (the same order as `StreetIndex.names`).
    public var streetNames: [String] = []
    /// The first `name:en` among each street's ways, "" when none.
    public var streetNamesEn: [String] = []
    /// Simplified, traditional and pinyin spellings of each street name.
    public var streetVariantStart: [Int32] = [0]
    public var streetVariants: [String] = []
    /// One line per OSM way, with its street and road class.
    public var lineStreet: [Int32] = []
    public var lineClass: [UInt8] = []
    public var lineStart: [Int32] = [0]
    public var linePoints: [Coordinate] = []

    /// Nodes shared by ways of two different street names: street `crossingA[i]` <
    /// `crossingB[i]` meet at `crossingLocation[i]`.
    public var crossingA: [Int32] = []
    public var crossingB: [Int32] = []
    public var crossingLocation: [Coordinate] = []

    public static let empty = MapFeatures()

    public init() {}

    public enum AreaKind: UInt8, Sendable, CaseIterable {
        case water = 0, park, building
        public var name: String {
            switch self {
            case .water: "water"
            case .park: "park"
            case .building: "building"
            }
        }
    }

    /// Buildings smaller than this (m²) and unnamed are left out: the map shows landmarks, not
    /// every house.
    public static let majorBuildingArea = 2_000.0

    public var landmarkCount: Int { landmarkName.count }
    public var addressCount: Int { addressNumber.count }
    public var areaCount: Int { areaKind.count }
    public var lineCount: Int { lineStreet.count }

    /// Resolves the features `d` collected (nodes the file lacks are left out).
    public init(_ d: OSMData) {
        let lookup = NodeLookup(d)
        func at(_ id: Int64) -> Coordinate? {
            let i = lookup.find(id)
            return i < 0 ? nil : Coordinate(lat: Double(d.nodeLat[i]) / 1e7, lon: Double(d.nodeLon[i]) / 1e7)
        }
        var memo = PlaceText.SpellingMemo()
        addStreets(d, at: at)
        for name in streetNames {
            streetVariants.append(contentsOf: memo.spellings(name))
            streetVariantStart.append(Int32(streetVariants.count))
        }
        var wayIndex: [Int64: Int] = [:]
        for i in d.featureKind.indices where d.featureKind[i] == 1 { wayIndex[d.featureId[i]] = i }
        func refs(_ i: Int) -> ArraySlice<Int64> { d.featureRefs[Int(d.featureRefStart[i])..<Int(d.featureRefStart[i + 1])] }
        var tags = FeatureTags()
        for i in d.featureKind.indices {
            let tagRange = Int(d.featureTagStart[i])..<Int(d.featureTagStart[i + 1])
            if tagRange.isEmpty { continue }   // bare geometry for multipolygons
            tags.removeAll()
            for t in tagRange { tags.set(index: Int(d.featureTagKey[t]), d.featureTagValue[t]) }
            // Geometry: the node, the way's ring or line, or the relation's joined outer rings.
            var rings: [[Coordinate]] = []
            var points: [Coordinate] = []
            switch d.featureKind[i] {
            case 0: if let c = at(d.featureId[i]) { points = [c] }
            case 1:
                points = refs(i).compactMap(at)
                let r = refs(i)
                if r.count >= 4, r.first == r.last, points.count == r.count { rings = [points] }
            default:
                let members = refs(i).compactMap { wayIndex[$0] }.map { refs($0) }
                for ring in Self.joinRings(members.map(Array.init)) {
                    let coords = ring.compactMap(at)
                    if coords.count == ring.count { rings.append(coords) }
                }
                points = rings.flatMap { $0 }
            }
            guard !points.isEmpty else { continue }
            let centre = rings.isEmpty ? Self.centre(of: points) : Self.centre(of: rings.max { $0.count < $1.count }!)
            if let name = tags[.name], let category = Self.category(tags) {
                landmarkName.append(name)
                landmarkNameEn.append(tags[.nameEn] ?? "")
                landmarkCategory.append(category)
                landmarkLocation.append(centre)
                var variants: [String] = []
                for key in [FeatureTags.Key.nameZhHans, .nameZhHant, .namePinyin, .altName, .oldName, .intName] {
                    guard let v = tags[key] else { continue }
                    // alt_name may list several names separated by ";".
                    variants.append(contentsOf: v.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                }
                for v in memo.spellings(name) + (tags[.altName].map { memo.spellings($0) } ?? []) where !variants.contains(v) { variants.append(v) }
                landmarkVariants.append(contentsOf: variants.filter { $0 != name })
                landmarkVariantStart.append(Int32(landmarkVariants.count))
            }
            if let number = tags[.houseNumber], let street = tags[.street] {
                addressNumber.append(number)
                addressStreet.append(street)
                addressLocation.append(centre)
            }
            if let kind = Self.areaKind(tags) {
                for ring in rings {
                    if kind == .building && tags[.name] == nil && Self.area(ring) < Self.majorBuildingArea { continue }
                    areaKind.append(kind.rawValue)
                    areaName.append(tags[.name] ?? "")
                    areaPoints.append(contentsOf: ring)
                    areaStart.append(Int32(areaPoints.count))
                }
            }
        }
    }

    /// Street lines, unique names and the crossings of differently named streets.
    mutating func addStreets(_ d: OSMData, at: (Int64) -> Coordinate?) {
        var resolved: [[Coordinate]] = []
        var named = Set<String>()
        for i in 0..<d.streetNames.count {
            let pts = d.streetRefs[Int(d.streetStart[i])..<Int(d.streetStart[i + 1])].compactMap(at)
            resolved.append(pts)
            if !pts.isEmpty { named.insert(d.streetNames[i]) }
        }
        streetNames = named.sorted()
        let id = Dictionary(uniqueKeysWithValues: streetNames.enumerated().map { ($1, Int32($0)) })
        streetNamesEn = [String](repeating: "", count: streetNames.count)
        var nodeStreet: [(ref: Int64, street: Int32)] = []
        for i in 0..<d.streetNames.count where !resolved[i].isEmpty {
            let s = id[d.streetNames[i]]!
            if streetNamesEn[Int(s)].isEmpty, i < d.streetNamesEn.count { streetNamesEn[Int(s)] = d.streetNamesEn[i] }
            lineStreet.append(s)
            lineClass.append(i < d.streetClass.count ? d.streetClass[i] : RoadClass.local.rawValue)
            linePoints.append(contentsOf: resolved[i])
            lineStart.append(Int32(linePoints.count))
            for r in Int(d.streetStart[i])..<Int(d.streetStart[i + 1]) { nodeStreet.append((d.streetRefs[r], s)) }
        }
        nodeStreet.sort { ($0.ref, $0.street) < ($1.ref, $1.street) }
        var g = 0
        while g < nodeStreet.count {
            var e = g + 1
            while e < nodeStreet.count && nodeStreet[e].ref == nodeStreet[g].ref { e += 1 }
            if e - g >= 2, let c = at(nodeStreet[g].ref) {
                var streets: [Int32] = []
                for k in g..<e where streets.last != nodeStreet[k].street { streets.append(nodeStreet[k].street) }
                for a in 0..<streets.count {
                    for b in (a + 1)..<streets.count {
                        crossingA.append(streets[a]); crossingB.append(streets[b]); crossingLocation.append(c)
                    }
                }
            }
            g = e
        }
    }

    /// What kind of place a named element is, or nil when it is none the search offers.
    static func category(_ t: FeatureTags) -> String? {
        if let r = t[.railway] {
            switch r {
            case "station", "halt": return "railway_station"
            case "tram_stop", "subway_entrance": return r
            default: break
            }
        }
        if t[.highway] == "bus_stop" { return "bus_stop" }
        if let p = t[.publicTransport] { return p == "station" ? "station" : "bus_stop" }
        if let a = t[.amenity] { return a }
        if let s = t[.shop], s == "mall" || s == "department_store" { return s == "mall" ? "mall" : "department_store" }
        if let v = t[.tourism] { return v }
        if let v = t[.leisure] { return v }
        if t[.historic] != nil { return "historic" }
        if t[.office] != nil { return "office" }
        if let v = t[.place] { return v }
        if let v = t[.natural] { return v }
        if let v = t[.waterway] { return v }
        if let v = t[.building], v != "no" { return "building" }
        if let v = t[.landuse] { return v }
        return nil
    }

    static func areaKind(_ t: FeatureTags) -> AreaKind? {
        let natural = t[.natural], landuse = t[.landuse], leisure = t[.leisure]
        if natural == "water" || t[.waterway] == "riverbank" || landuse == "reservoir" || landuse == "basin" { return .water }
        if leisure == "park" || leisure == "garden" || natural == "wood"
            || landuse == "grass" || landuse == "forest" || landuse == "recreation_ground" { return .park }
        if let b = t[.building], b != "no" { return .building }
        return nil
    }

    /// Joins ways end to end into closed rings (reversing a way when its far end fits); ways
    /// that close nothing are dropped. Greedy, which is right for the simple multipolygons of a
    /// city extract.
    static func joinRings(_ ways: [[Int64]]) -> [[Int64]] {
        var unused = ways.filter { $0.count >= 2 }
        var rings: [[Int64]] = []
        while let first = unused.popLast() {
            var ring = first
            while ring.first != ring.last {
                guard let k = unused.firstIndex(where: { $0.first == ring.last || $0.last == ring.last }) else { break }
                let next = unused.remove(at: k)
                ring += (next.first == ring.last ? next : next.reversed()).dropFirst()
            }
            if ring.count >= 4 && ring.first == ring.last { rings.append(ring) }
        }
        return rings
    }

    /// The mean of a ring's or line's points (the closing point counted once).
    static func centre(of points: [Coordinate]) -> Coordinate {
        let pts = points.count > 1 && points.first == points.last ? points.dropLast() : points[...]
        var lat = 0.0, lon = 0.0
        for p in pts { lat += p.lat; lon += p.lon }
        return Coordinate(lat: lat / Double(pts.count), lon: lon / Double(pts.count))
    }

    /// Area of a ring in m² (shoelace on a local equirectangular projection).
    static func area(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        let o = ring[0], k = cos(o.lat * .pi / 180) * 111_320.0
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            let ax = (ring[i].lon - o.lon) * k, ay = (ring[i].lat - o.lat) * 110_574.0
            let bx = (ring[i + 1].lon - o.lon) * k, by = (ring[i + 1].lat - o.lat) * 110_574.0
            sum += ax * by - bx * ay
        }
        return abs(sum) / 2
    }
}
