import Foundation

/// Finds places by what a dispatcher types — a landmark ("人民广场", "人民廣場", "renminguangchang",
/// "People's Square"), an address ("福州路300号"), a street, or a crossing of two streets
/// ("西藏中路福州路口", "河南中路/南京东路") — and names the place at a map position (`reverse`).
///
/// Every name is indexed under all its spellings (`PlaceText`) by the character bigrams of the
/// normal form: a query looks up its bigrams' posting lists, intersects the rarest first and
/// checks the few survivors, so a query costs what its rarest bigram costs, not a scan of every
/// name. Results rank by match quality (a crossing of two named streets or an exact address,
/// then an exact name, a prefix, a substring), then by distance to `near`.
///
/// Immutable and flat (arrays and offsets), built once per map: a search target is a landmark,
/// an address or a street; its normalised spellings (variants) are
/// `variantText[variantStart[v]..<variantStart[v+1]]`, and the variants containing bigram
/// `postingKeys[i]` are `postingItems[postingStart[i]..<postingStart[i+1]]`, ascending.
public struct PlaceIndex: Sendable {
    public let features: MapFeatures
    let streets: StreetIndex
    /// Whether `streets.names` lines up with `features.streetNames` (for the proximity crossing).
    let streetsAligned: Bool

    let targetKind: [Place.Kind]
    let targetItem: [Int32]
    /// The variants of target `t` are `targetVariant[t]..<targetVariant[t+1]`.
    let targetVariant: [Int32]
    /// A point on each street, near the middle of its points.
    let streetMiddle: [Coordinate]
    let variantTarget: [Int32]
    let variantStart: [Int32]
    let variantText: [UInt32]
    let postingKeys: [UInt64]
    let postingStart: [Int32]
    let postingItems: [Int32]
    /// Street variants by their first bigram, for finding the street names a query contains.
    let headKeys: [UInt64]
    let headStart: [Int32]
    let headItems: [Int32]
    /// Crossings grouped by street pair: those of pair `pairKeys[i]` are
    /// `pairItems[pairStart[i]..<pairStart[i+1]]`.
    let pairKeys: [Int64]
    let pairStart: [Int32]
    let pairItems: [Int32]

    // Reverse geocoding and drawing.
    let addressGrid: GridIndex
    let crossingGrid: GridIndex
    let segmentGrid: GridIndex
    /// Segment `s` runs from `features.linePoints[segFirst[s]]` to the next point, on line `segLine[s]`.
    let segFirst: [Int32]
    let segLine: [Int32]
    public let lineBounds: [GeoBounds]
    public let areaBounds: [GeoBounds]

    public static let empty = PlaceIndex(.empty)

    /// Radii of `reverse`, in metres.
    public static let addressRadius = 60.0, crossingRadius = 120.0, streetRadius = 200.0

    public init(_ features: MapFeatures, streets: StreetIndex = .empty) {
        self.features = features
        self.streets = streets
        let aligned = streets.names == features.streetNames
        streetsAligned = aligned
        let f = features
        var kind: [Place.Kind] = [], item: [Int32] = [], targetVariant: [Int32] = [0]
        var vTarget: [Int32] = [], vStart: [Int32] = [0], vText: [UInt32] = []
        var seen: [[UInt32]] = []
        func addTarget(_ k: Place.Kind, _ i: Int, _ names: [String]) {
            let t = Int32(kind.count)
            kind.append(k); item.append(Int32(i))
            seen.removeAll(keepingCapacity: true)
            for n in names {
                let s = PlaceText.normalise(n)
                guard !s.isEmpty, !seen.contains(s) else { continue }
                seen.append(s)
                vText.append(contentsOf: s); vStart.append(Int32(vText.count)); vTarget.append(t)
            }
            targetVariant.append(Int32(vTarget.count))
        }
        for i in 0..<f.landmarkCount {
            var names = [f.landmarkName[i], f.landmarkNameEn[i]]
            names += f.landmarkVariants[Int(f.landmarkVariantStart[i])..<Int(f.landmarkVariantStart[i + 1])]
            addTarget(.landmark, i, names)
        }
        for i in 0..<f.addressCount {
            let street = f.addressStreet[i], number = f.addressNumber[i]
            addTarget(.address, i, PlaceText.hasHan(street) ? [street + number + "号", street + number] : [street + number, number + street])
        }
        let firstStreetTarget = kind.count
        for i in 0..<f.streetNames.count {
            addTarget(.street, i, [f.streetNames[i], f.streetNamesEn[i]] + f.streetVariants[Int(f.streetVariantStart[i])..<Int(f.streetVariantStart[i + 1])])
        }
        targetKind = kind; targetItem = item; self.targetVariant = targetVariant
        streetMiddle = (0..<f.streetNames.count).map { aligned ? streets.middle(of: $0) : Self.lineMiddle(f, street: $0) }
        variantTarget = vTarget; variantStart = vStart; variantText = vText

        // Postings: (bigram, variant) pairs, sorted, flattened.
        var pairs: [(UInt64, Int32)] = []
        var heads: [(UInt64, Int32)] = []
        for v in 0..<vTarget.count {
            let s = Int(vStart[v]), e = Int(vStart[v + 1])
            guard e - s >= 2 else { continue }
            for j in s..<(e - 1) { pairs.append((Self.bigram(vText[j], vText[j + 1]), Int32(v))) }
            if Int(vTarget[v]) >= firstStreetTarget { heads.append((Self.bigram(vText[s], vText[s + 1]), Int32(v))) }
        }
        (postingKeys, postingStart, postingItems) = Self.flatten(pairs)
        (headKeys, headStart, headItems) = Self.flatten(heads)
        var crossingPairs: [(UInt64, Int32)] = []
        for i in 0..<f.crossingA.count { crossingPairs.append((UInt64(Self.pair(f.crossingA[i], f.crossingB[i])), Int32(i))) }
        let (ck, cs, ci) = Self.flatten(crossingPairs)
        pairKeys = ck.map { Int64($0) }; pairStart = cs; pairItems = ci

        // Grids and bounds for reverse geocoding and drawing.
        var maxLat = 0.0
        for c in f.linePoints { maxLat = max(maxLat, abs(c.lat)) }
        for c in f.addressLocation { maxLat = max(maxLat, abs(c.lat)) }
        addressGrid = GridIndex(cellMetres: Self.addressRadius, maxAbsLatitude: maxLat, count: f.addressCount) {
            let c = f.addressLocation[$0]; return (c.lat, c.lon, c.lat, c.lon)
        }
        crossingGrid = GridIndex(cellMetres: Self.crossingRadius, maxAbsLatitude: maxLat, count: f.crossingA.count) {
            let c = f.crossingLocation[$0]; return (c.lat, c.lon, c.lat, c.lon)
        }
        var segFirst: [Int32] = [], segLine: [Int32] = []
        var lineBounds: [GeoBounds] = []
        for l in 0..<f.lineCount {
            let s = Int(f.lineStart[l]), e = Int(f.lineStart[l + 1])
            lineBounds.append(GeoBounds(f.linePoints[s..<e]) ?? GeoBounds(south: 0, west: 0, north: 0, east: 0))
            for p in s..<max(s, e - 1) { segFirst.append(Int32(p)); segLine.append(Int32(l)) }
        }
        segmentGrid = GridIndex(cellMetres: Self.streetRadius, maxAbsLatitude: maxLat, count: segFirst.count) {
            let a = f.linePoints[Int(segFirst[$0])], b = f.linePoints[Int(segFirst[$0]) + 1]
            return (min(a.lat, b.lat), min(a.lon, b.lon), max(a.lat, b.lat), max(a.lon, b.lon))
        }
        self.segFirst = segFirst; self.segLine = segLine
        self.lineBounds = lineBounds
        areaBounds = (0..<f.areaCount).map {
            GeoBounds(f.areaPoints[Int(f.areaStart[$0])..<Int(f.areaStart[$0 + 1])]) ?? GeoBounds(south: 0, west: 0, north: 0, east: 0)
        }
    }

    public var isEmpty: Bool { targetKind.isEmpty }

    @inline(__always) static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 21 | UInt64(b) }
    @inline(__always) static func pair(_ a: Int32, _ b: Int32) -> Int64 { Int64(min(a, b)) << 32 | Int64(max(a, b)) }

    static func flatten(_ pairs: [(UInt64, Int32)]) -> ([UInt64], [Int32], [Int32]) {
        let sorted = pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var keys: [UInt64] = [], start: [Int32] = [0], items: [Int32] = []
        for (k, v) in sorted {
            if keys.last != k {
                if !keys.isEmpty { start.append(Int32(items.count)) }
                keys.append(k)
            } else if items.last == v { continue }
            items.append(v)
        }
        if !keys.isEmpty { start.append(Int32(items.count)) }
        return (keys, start, items)
    }

    @inline(__always) static func find<K: Comparable>(_ key: K, in keys: [K]) -> Int? {
        var lo = 0, hi = keys.count
        while lo < hi { let m = (lo + hi) >> 1; if keys[m] < key { lo = m + 1 } else { hi = m } }
        return lo < keys.count && keys[lo] == key ? lo : nil
    }

    // MARK: Search

    /// Match qualities, best first.
    enum Quality: Int { case named = 0, exact, prefix, contains, none }

    struct Hit {
        var quality: Int
        var distance: Double
        var kindOrder: Int
        var length: Int
        var target: Int32
        /// A crossing's index into the `features.crossing…` arrays, or -1.
        var crossing: Int32 = -1
        /// For crossings: the two streets in the order the query names them.
        var streets: (Int32, Int32) = (-1, -1)
        var location: Coordinate? = nil
        @inline(__always) func ranks(before o: Hit) -> Bool {
            (quality, distance, kindOrder, length, target) < (o.quality, o.distance, o.kindOrder, o.length, o.target)
        }
    }

    /// Places for `query`, best first.
    /// - Parameters:
    ///   - query: what was typed: a name in any spelling the map knows, an address, a street, or two streets.
    ///   - near: where the dispatcher is looking; among equally good matches the nearest come first.
    ///   - limit: the most places returned.
    ///   - language: the language of the returned names.
    public func search(_ query: String, near: Coordinate? = nil, limit: Int = 8, language: Place.Language = .local) -> [Place] {
        guard limit > 0 else { return [] }
        let full = PlaceText.normalise(query)
        let core = PlaceText.normalise(StreetIndex.normalise(query))
        let want = limit * 3
        var best: [Hit] = []
        func offer(_ h: Hit) {
            if best.count == want, let last = best.last, !h.ranks(before: last) { return }
            var lo = 0, hi = best.count
            while lo < hi { let m = (lo + hi) >> 1; if best[m].ranks(before: h) { lo = m + 1 } else { hi = m } }
            best.insert(h, at: lo)
            if best.count > want { best.removeLast() }
        }
        let cosLat = cos((near?.lat ?? 0) * .pi / 180)
        func distance(_ c: Coordinate) -> Double {
            guard let near else { return 0 }
            let dx = (c.lon - near.lon) * cosLat, dy = c.lat - near.lat
            return (dx * dx + dy * dy).squareRoot() * 111_195
        }
        // The crossing of two streets the query names.
        if let (a, b) = namedStreets(in: core), let (at, index) = crossing(a, b, near: near) {
            offer(Hit(quality: Quality.named.rawValue, distance: distance(at), kindOrder: 0, length: 0, target: -1,
                      crossing: index, streets: (a, b), location: at))
        }
        var qualities: [(Int32, Int)] = matches(full)
        if core != full { qualities += matches(core) }
        for (t, q) in qualities {
            let k = targetKind[Int(t)]
            var quality = q
            if k == .address && q == Quality.exact.rawValue { quality = Quality.named.rawValue }
            let at = location(of: t)
            offer(Hit(quality: quality, distance: distance(at), kindOrder: k == .address ? 1 : k == .landmark ? 2 : 3,
                      length: nameLength(t), target: t))
        }
        // Best first, one place per name and kind within 300 m (bus stops come in pairs).
        var out: [Place] = []
        var targetsSeen = Set<Int32>()
        for h in best where out.count < limit {
            if h.target >= 0 { guard targetsSeen.insert(h.target).inserted else { continue } }
            let p = place(for: h, language: language)
            if out.contains(where: { $0.name == p.name && $0.kind == p.kind && Geodesy.haversine($0.location, p.location) < 300 }) { continue }
            out.append(p)
        }
        return out
    }

    /// Targets with a variant containing `q`, with the best quality of each.
    func matches(_ q: [UInt32]) -> [(Int32, Int)] {
        guard q.count >= 2 else { return [] }
        var lists: [Range<Int>] = []
        for j in 0..<(q.count - 1) {
            guard let i = Self.find(Self.bigram(q[j], q[j + 1]), in: postingKeys) else { return [] }
            let r = Int(postingStart[i])..<Int(postingStart[i + 1])
            if !lists.contains(r) { lists.append(r) }
        }
        lists.sort { $0.count < $1.count }
        var candidates = Array(postingItems[lists[0]])
        for r in lists.dropFirst() where candidates.count > 16 {
            candidates = Self.intersect(candidates, postingItems[r])
        }
        var out: [(Int32, Int)] = []
        for v in candidates {
            let quality = compare(Int(v), q)
            guard quality != .none else { continue }
            let t = variantTarget[Int(v)]
            if let last = out.last, last.0 == t { out[out.count - 1].1 = min(last.1, quality.rawValue) }
            else { out.append((t, quality.rawValue)) }
        }
        return out
    }

    /// How variant `v` contains `q`.
    @inline(__always) func compare(_ v: Int, _ q: [UInt32]) -> Quality {
        let s = Int(variantStart[v]), e = Int(variantStart[v + 1])
        let n = e - s
        guard n >= q.count else { return .none }
        return variantText.withUnsafeBufferPointer { t in
            q.withUnsafeBufferPointer { qb in
                func at(_ o: Int) -> Bool {
                    for j in 0..<qb.count where t[o + j] != qb[j] { return false }
                    return true
                }
                if at(s) { return n == qb.count ? .exact : .prefix }
                var o = s + 1
                while o + qb.count <= e { if at(o) { return .contains }; o += 1 }
                return .none
            }
        }
    }

    /// Sorted `a` ∩ sorted `b`, by binary search of the shorter in the longer.
    static func intersect(_ a: [Int32], _ b: ArraySlice<Int32>) -> [Int32] {
        var out: [Int32] = []
        var lo = b.startIndex
        for x in a {
            var hi = b.endIndex
            while lo < hi { let m = (lo + hi) >> 1; if b[m] < x { lo = m + 1 } else { hi = m } }
            if lo == b.endIndex { break }
            if b[lo] == x { out.append(x) }
        }
        return out
    }

    /// The two streets `q` names, in the order it names them (longest names first, not
    /// overlapping, so 河南中路 beats 河南路 and 南京东路 is not also 京东路); nil unless two.
    func namedStreets(in q: [UInt32]) -> (Int32, Int32)? {
        guard q.count >= 4 else { return nil }
        var found: [(street: Int32, range: Range<Int>)] = []
        for i in 0..<(q.count - 1) {
            guard let h = Self.find(Self.bigram(q[i], q[i + 1]), in: headKeys) else { continue }
            for j in Int(headStart[h])..<Int(headStart[h + 1]) {
                let v = Int(headItems[j])
                let s = Int(variantStart[v]), e = Int(variantStart[v + 1])
                guard i + (e - s) <= q.count else { continue }
                var same = true
                for k in 0..<(e - s) where variantText[s + k] != q[i + k] { same = false; break }
                if same { found.append((targetItem[Int(variantTarget[v])], i..<(i + e - s))) }
            }
        }
        found.sort { ($0.range.count, -$0.range.lowerBound) > ($1.range.count, -$1.range.lowerBound) }
        var chosen: [(street: Int32, range: Range<Int>)] = []
        for f in found where !chosen.contains(where: { $0.range.overlaps(f.range) || $0.street == f.street }) {
            chosen.append(f)
            if chosen.count == 2 { break }
        }
        guard chosen.count == 2 else { return nil }
        chosen.sort { $0.range.lowerBound < $1.range.lowerBound }
        return (chosen[0].street, chosen[1].street)
    }

    /// Where streets `a` and `b` meet: their shared node nearest `near` (the first without), or
    /// failing that the closest approach of the two within 80 m (`StreetIndex.crossing`, for
    /// streets that pass under or beside each other without a shared node).
    func crossing(_ a: Int32, _ b: Int32, near: Coordinate?) -> (Coordinate, Int32)? {
        if let i = Self.find(Self.pair(a, b), in: pairKeys) {
            var bestIndex = pairItems[Int(pairStart[i])]
            if let near {
                var bestDistance = Double.infinity
                for j in Int(pairStart[i])..<Int(pairStart[i + 1]) {
                    let d = Geodesy.haversine(features.crossingLocation[Int(pairItems[j])], near)
                    if d < bestDistance { bestDistance = d; bestIndex = pairItems[j] }
                }
            }
            return (features.crossingLocation[Int(bestIndex)], bestIndex)
        }
        // The closest approach compares every point pair: only for streets of modest length.
        if streetsAligned {
            let na = Int(streets.pointStart[Int(a) + 1] - streets.pointStart[Int(a)]), nb = Int(streets.pointStart[Int(b) + 1] - streets.pointStart[Int(b)])
            if na * nb <= 250_000, let c = streets.crossing(Int(a), Int(b)) { return (c, -1) }
        }
        return nil
    }

    /// Where target `t` is: a landmark's or address's point, a street's middle point.
    func location(of t: Int32) -> Coordinate {
        let i = Int(targetItem[Int(t)])
        switch targetKind[Int(t)] {
        case .landmark: return features.landmarkLocation[i]
        case .address: return features.addressLocation[i]
        default: return streetMiddle[i]
        }
    }

    /// Length of target `t`'s first spelling, for ranking shorter names first.
    @inline(__always) func nameLength(_ t: Int32) -> Int {
        let v = Int(targetVariant[Int(t)])
        return v < Int(targetVariant[Int(t) + 1]) ? Int(variantStart[v + 1] - variantStart[v]) : 0
    }

    /// The middle point of the first line of street `i` (when no `StreetIndex` was given).
    static func lineMiddle(_ f: MapFeatures, street i: Int) -> Coordinate {
        guard let l = f.lineStreet.firstIndex(of: Int32(i)) else { return Coordinate(lat: 0, lon: 0) }
        let s = Int(f.lineStart[l]), e = Int(f.lineStart[l + 1])
        return f.linePoints[(s + e) / 2]
    }

    func displayName(of t: Int32, language: Place.Language) -> String {
        let i = Int(targetItem[Int(t)])
        let f = features
        switch targetKind[Int(t)] {
        case .landmark: return language == .english && !f.landmarkNameEn[i].isEmpty ? f.landmarkNameEn[i] : f.landmarkName[i]
        case .address: return addressName(i)
        default: return streetName(i, language: language)
        }
    }

    func streetName(_ i: Int, language: Place.Language) -> String {
        language == .english && !features.streetNamesEn[i].isEmpty ? features.streetNamesEn[i] : features.streetNames[i]
    }

    /// "福州路300号" for a Chinese street, "Mannerheimintie 5" otherwise.
    func addressName(_ i: Int) -> String {
        let street = features.addressStreet[i], number = features.addressNumber[i]
        return PlaceText.hasHan(street) ? street + number + (number.hasSuffix("号") ? "" : "号") : street + " " + number
    }

    /// "西藏中路/福州路", or with English names when both streets have one.
    func crossingName(_ a: Int32, _ b: Int32, language: Place.Language) -> String {
        let f = features
        if language == .english, !f.streetNamesEn[Int(a)].isEmpty, !f.streetNamesEn[Int(b)].isEmpty {
            return f.streetNamesEn[Int(a)] + " / " + f.streetNamesEn[Int(b)]
        }
        return f.streetNames[Int(a)] + "/" + f.streetNames[Int(b)]
    }

    func place(for h: Hit, language: Place.Language) -> Place {
        if h.target < 0 {
            return Place(name: crossingName(h.streets.0, h.streets.1, language: language), kind: .intersection, location: h.location!)
        }
        let t = Int(h.target)
        let category = targetKind[t] == .landmark ? features.landmarkCategory[Int(targetItem[t])] : nil
        return Place(name: displayName(of: h.target, language: language), kind: targetKind[t], category: category, location: location(of: h.target))
    }
}
