import Foundation

/// Reader for OSM XML (`.osm`, `.osm.gz`, `.osm.xz`), as exported by Overpass or JOSM. A small
/// streaming scanner over element tags, not a general XML parser: it reads `node`, `way`, `nd`
/// `tag`, `relation` and `member` elements chunk by chunk, so memory is the road data and the
/// kept features (`FeatureTags`), not the document.
public enum OSMXMLReader {
    public static func read(path: String) throws -> OSMData {
        let reader = try CompressedFileReader(path: path)
        var data = OSMData()
        data.originIsLine = true
        var buf = [UInt8]()
        var base = 0          // decompressed offset of buf[0]
        var line = 1
        var sawRoot = false, sawEnd = false
        var inWay = false
        var wayId: Int64 = 0, wayLine = 0
        var wayRefs: [Int64] = []
        var tags = WayTags()
        var features = FeatureTags()
        var tagCount = 0
        var inNode = false, inRelation = false
        var elementId: Int64 = 0
        var members: [Int64] = []
        var anyData = false
        var done = false
        while !done {
            let n = try reader.read(into: &buf, max: 1 << 20)
            if n > 0 { anyData = true }
            if n == 0 { done = true }
            var i = 0
            let count = buf.count
            var consumed = 0
            try buf.withUnsafeBufferPointer { b in
                while i < count {
                    let c = b[i]
                    if c == 10 { line += 1; i += 1; consumed = i; continue }
                    if c != 60 { i += 1; consumed = i; continue } // '<'
                    // Find the end of this markup.
                    var j = i + 1
                    let isComment = j + 2 < count && b[j] == 33 && b[j + 1] == 45 && b[j + 2] == 45
                    if isComment {
                        var k = j + 3
                        var found = -1
                        while k + 2 < count { if b[k] == 45 && b[k + 1] == 45 && b[k + 2] == 62 { found = k + 3; break }; k += 1 }
                        if found < 0 { return } // need more data
                        for q in i..<found where b[q] == 10 { line += 1 }
                        i = found; consumed = i; continue
                    }
                    var quote: UInt8 = 0
                    while j < count {
                        let d = b[j]
                        if quote != 0 { if d == quote { quote = 0 } }
                        else if d == 34 || d == 39 { quote = d }
                        else if d == 62 { break }
                        j += 1
                    }
                    if j >= count {
                        if count - i > 1 << 20 { throw GeoError(.corrupt, "element longer than 1 MiB", file: path, byteOffset: base + i, line: line) }
                        return // incomplete element: wait for more data
                    }
                    let elem = UnsafeBufferPointer(rebasing: b[(i + 1)..<j])
                    let elemLine = line
                    for q in i..<j where b[q] == 10 { line += 1 }
                    try handle(elem, line: elemLine, offset: base + i)
                    i = j + 1
                    consumed = i
                }
            }
            buf.removeFirst(consumed)
            base += consumed
            if done && !buf.isEmpty && buf.contains(60) {
                throw GeoError(.truncated, "document ends inside an element", file: path, byteOffset: base, line: line)
            }
        }
        if !anyData { throw GeoError(.empty, "file is empty", file: path, byteOffset: 0, line: 1) }
        if !sawRoot { throw GeoError(.corrupt, "no <osm> root element", file: path, byteOffset: 0, line: 1) }
        if !sawEnd || inWay { throw GeoError(.truncated, "document ends before </osm>", file: path, byteOffset: base, line: line) }
        return data

        func handle(_ e: UnsafeBufferPointer<UInt8>, line: Int, offset: Int) throws {
            guard let first = e.first else { return }
            if first == 63 || first == 33 { return } // <? ... ?> / <!DOCTYPE>
            let closing = first == 47
            var k = closing ? 1 : 0
            let nameStart = k
            while k < e.count && e[k] != 32 && e[k] != 47 && e[k] != 9 && e[k] != 10 && e[k] != 13 { k += 1 }
            let name = UnsafeBufferPointer(rebasing: e[nameStart..<k])
            let selfClosing = e.count > 0 && e[e.count - 1] == 47
            @inline(__always) func isName(_ s: StaticString) -> Bool {
                name.count == s.utf8CodeUnitCount && memcmp(name.baseAddress!, s.utf8Start, name.count) == 0
            }
            if closing {
                if isName("way") {
                    if !inWay { throw GeoError(.corrupt, "</way> without <way>", file: path, byteOffset: offset, line: line) }
                    finishWay()
                } else if isName("node") {
                    if inNode { finishNode() }
                } else if isName("relation") {
                    if inRelation { finishRelation() }
                } else if isName("osm") { sawEnd = true }
                return
            }
            if isName("osm") { sawRoot = true; return }
            if !sawRoot { throw GeoError(.corrupt, "content before the <osm> root element", file: path, byteOffset: offset, line: line) }
            if isName("node") {
                var id: Int64? = nil, lat: Int64? = nil, lon: Int64? = nil
                try attributes(e, from: k, line: line, offset: offset) { key, value in
                    if eq(key, "id") { id = parseInt(value) }
                    else if eq(key, "lat") { lat = parseFixed7(value) }
                    else if eq(key, "lon") { lon = parseFixed7(value) }
                }
                guard let id, let lat, let lon else {
                    throw GeoError(.corrupt, "node without valid id/lat/lon", file: path, byteOffset: offset, line: line)
                }
                guard abs(lat) <= 900_000_000, abs(lon) <= 1_800_000_000 else {
                    throw GeoError(.outOfRange, "node \(id) coordinate out of range", file: path, byteOffset: offset, line: line)
                }
                data.addNode(id: id, lat: lat, lon: lon, origin: line)
                if !selfClosing { inNode = true; elementId = id; features.removeAll() }
            } else if isName("way") {
                if inWay { throw GeoError(.corrupt, "nested <way>", file: path, byteOffset: offset, line: line) }
                var id: Int64? = nil
                try attributes(e, from: k, line: line, offset: offset) { key, value in if eq(key, "id") { id = parseInt(value) } }
                guard let id else { throw GeoError(.corrupt, "way without id", file: path, byteOffset: offset, line: line) }
                inWay = true; wayId = id; wayLine = line; wayRefs.removeAll(keepingCapacity: true); tags = WayTags()
                features.removeAll(); tagCount = 0
                if selfClosing { finishWay() }
            } else if isName("nd") {
                guard inWay else { return }
                var ref: Int64? = nil
                try attributes(e, from: k, line: line, offset: offset) { key, value in if eq(key, "ref") { ref = parseInt(value) } }
                guard let ref else { throw GeoError(.corrupt, "nd without valid ref", file: path, byteOffset: offset, line: line) }
                wayRefs.append(ref)
            } else if isName("relation") {
                var id: Int64? = nil
                try attributes(e, from: k, line: line, offset: offset) { key, value in if eq(key, "id") { id = parseInt(value) } }
                guard let id else { throw GeoError(.corrupt, "relation without id", file: path, byteOffset: offset, line: line) }
                inRelation = !selfClosing; elementId = id; members.removeAll(keepingCapacity: true); features.removeAll()
            } else if isName("member") {
                guard inRelation else { return }
                var isWay = false, outer = true, ref: Int64? = nil
                try attributes(e, from: k, line: line, offset: offset) { key, value in
                    if eq(key, "type") { isWay = eq(value, "way") }
                    else if eq(key, "ref") { ref = parseInt(value) }
                    else if eq(key, "role") { outer = value.count == 0 || eq(value, "outer") }
                }
                if isWay && outer, let ref { members.append(ref) }
            } else if isName("tag") {
                guard inWay || inNode || inRelation else { return }
                var key: String? = nil, value: String? = nil
                try attributes(e, from: k, line: line, offset: offset) { a, v in
                    if eq(a, "k") { key = decode(v) } else if eq(a, "v") { value = decode(v) }
                }
                guard let key, let value else { return }
                features.set(key, value)
                if inWay { tags.set(key, value); tagCount += 1 }
            }
        }

        func finishWay() {
            inWay = false
            data.totalWays += 1
            data.addStreet(tags, refs: wayRefs, nameEn: features[.nameEn])
            data.addFeatureWay(id: wayId, refs: wayRefs, tags: features, untagged: tagCount == 0)
            if let road = RoadTags.classify(tags) { data.addWay(id: wayId, refs: wayRefs, road: road, origin: wayLine) }
        }

        func finishNode() {
            inNode = false
            if features.isKept(isNode: true) { data.addFeature(kind: 0, id: elementId, refs: CollectionOfOne(elementId), tags: features) }
        }

        func finishRelation() {
            inRelation = false
            if features[.type] == "multipolygon", !members.isEmpty, features.isKept(isNode: false) {
                data.addFeature(kind: 2, id: elementId, refs: members, tags: features)
            }
        }

        func attributes(_ e: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, offset: Int,
                        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) throws {
            var k = start
            let n = e.count
            while k < n {
                while k < n && (e[k] == 32 || e[k] == 9 || e[k] == 10 || e[k] == 13 || e[k] == 47) { k += 1 }
                if k >= n { break }
                let ks = k
                while k < n && e[k] != 61 && e[k] != 32 { k += 1 }
                let key = UnsafeBufferPointer(rebasing: e[ks..<k])
                while k < n && e[k] == 32 { k += 1 }
                guard k < n && e[k] == 61 else { throw GeoError(.corrupt, "malformed attribute", file: path, byteOffset: offset, line: line) }
                k += 1
                while k < n && e[k] == 32 { k += 1 }
                guard k < n, e[k] == 34 || e[k] == 39 else { throw GeoError(.corrupt, "unquoted attribute", file: path, byteOffset: offset, line: line) }
                let q = e[k]; k += 1
                let vs = k
                while k < n && e[k] != q { k += 1 }
                guard k < n else { throw GeoError(.corrupt, "unterminated attribute", file: path, byteOffset: offset, line: line) }
                body(key, UnsafeBufferPointer(rebasing: e[vs..<k]))
                k += 1
            }
        }
    }

    @inline(__always) static func eq(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        b.count == s.utf8CodeUnitCount && memcmp(b.baseAddress!, s.utf8Start, b.count) == 0
    }

    static func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, neg = false
        if i < b.count && b[i] == 45 { neg = true; i += 1 }
        guard i < b.count, b.count - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < b.count { let c = b[i]; guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int64(c - 48); i += 1 }
        return neg ? -v : v
    }

    /// Decimal degrees → 1e-7 fixed point, exactly (no floating point rounding).
    static func parseFixed7(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, neg = false
        if i < b.count && (b[i] == 45 || b[i] == 43) { neg = b[i] == 45; i += 1 }
        var intPart: Int64 = 0, frac: Int64 = 0, fracDigits = 0, digits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 { intPart = intPart * 10 + Int64(b[i] - 48); i += 1; digits += 1; if digits > 4 { return nil } }
        if i < b.count && b[i] == 46 {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if fracDigits < 7 { frac = frac * 10 + Int64(b[i] - 48); fracDigits += 1 }
                i += 1; digits += 1
            }
        }
        guard i == b.count, digits > 0 else { return nil }
        while fracDigits < 7 { frac *= 10; fracDigits += 1 }
        let v = intPart * 10_000_000 + frac
        return neg ? -v : v
    }

    static func decode(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: b, as: UTF8.self)
        guard b.contains(38) else { return s }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
