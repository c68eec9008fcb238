import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reader for OSM PBF files (the compact binary format Geofabrik and planet dumps ship in). Reads
/// one blob at a time: a 4-byte header length, a `BlobHeader`, then the `Blob`, inflated with
/// zlib; decodes DenseNodes, plain nodes and ways with their road tags, and the nodes, ways and
/// multipolygon relations that are places, addresses or background areas (`FeatureTags`).
/// Memory is the collected nodes, drivable ways and kept features, never the file.
public enum PBFReader {
    /// Format limits from the OSM PBF specification.
    public static let maxHeaderSize = 64 * 1024
    public static let maxBlobSize = 32 * 1024 * 1024

    public static func read(path: String) throws -> OSMData {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw GeoError(.fileNotFound, "cannot open", file: path) }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        let fileSize = Int(st.st_size)
        if fileSize == 0 { throw GeoError(.empty, "file is empty", file: path, byteOffset: 0) }
        var data = OSMData()
        var offset = 0
        var sawHeader = false
        var compressed = [UInt8]()
        var raw = [UInt8]()
        func readExact(_ n: Int, into buf: inout [UInt8], what: String) throws {
            if buf.count < n { buf = [UInt8](repeating: 0, count: n) }
            var got = 0
            while got < n {
                let r = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, n - got) }
                if r < 0 { throw GeoError(.io, "read failed", file: path, byteOffset: offset + got) }
                if r == 0 { throw GeoError(.truncated, "file ends inside \(what) (needed \(n) bytes, got \(got))", file: path, byteOffset: offset + got) }
                got += r
            }
        }
        var lenBuf = [UInt8](repeating: 0, count: 4)
        var headerBuf = [UInt8]()
        while offset < fileSize {
            let blobStart = offset
            try readExact(4, into: &lenBuf, what: "blob header length")
            let hlen = Int(lenBuf[0]) << 24 | Int(lenBuf[1]) << 16 | Int(lenBuf[2]) << 8 | Int(lenBuf[3])
            offset += 4
            guard hlen > 0, hlen <= maxHeaderSize else {
                throw GeoError(.blobTooLarge, "blob header length \(hlen) outside 1...\(maxHeaderSize)", file: path, byteOffset: blobStart)
            }
            try readExact(hlen, into: &headerBuf, what: "blob header")
            var type = ""
            var dataSize = -1
            try headerBuf.withUnsafeBytes { hb in
                var r = ProtobufReader(UnsafeRawBufferPointer(rebasing: hb[0..<hlen]), fileOffset: blobStart, file: path)
                while !r.atEnd {
                    let (f, w) = try r.tag()
                    if f == 1 && w == 2 { type = r.string(try r.bytes()) }
                    else if f == 3 && w == 0 { dataSize = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: try r.varint())) }
                    else { try r.skip(w) }
                }
            }
            offset += hlen
            guard dataSize >= 0 else { throw GeoError(.corrupt, "blob header without datasize", file: path, byteOffset: blobStart) }
            guard dataSize <= maxBlobSize else {
                throw GeoError(.blobTooLarge, "blob of \(dataSize) bytes exceeds \(maxBlobSize)", file: path, byteOffset: blobStart)
            }
            guard offset + dataSize <= fileSize else {
                throw GeoError(.truncated, "blob of \(dataSize) bytes runs past the end of the file", file: path, byteOffset: blobStart)
            }
            try readExact(dataSize, into: &compressed, what: "blob")
            offset += dataSize
            let rawLen = try decodeBlob(compressed, count: dataSize, into: &raw, file: path, at: blobStart)
            switch type {
            case "OSMHeader":
                try checkHeader(raw, count: rawLen, file: path, at: blobStart)
                sawHeader = true
            case "OSMData":
                if !sawHeader { throw GeoError(.corrupt, "OSMData before OSMHeader", file: path, byteOffset: blobStart) }
                try raw.withUnsafeBytes { rb in
                    try decodePrimitiveBlock(UnsafeRawBufferPointer(rebasing: rb[0..<rawLen]), into: &data, file: path, at: blobStart)
                }
            default:
                continue // unknown blob types are skipped, as the spec asks
            }
        }
        if !sawHeader { throw GeoError(.corrupt, "no OSMHeader blob", file: path, byteOffset: 0) }
        return data
    }

    /// Unwraps a `Blob` into `out`; returns the raw length.
    static func decodeBlob(_ blob: [UInt8], count: Int, into out: inout [UInt8], file: String, at off: Int) throws -> Int {
        try blob.withUnsafeBytes { bb in
            var r = ProtobufReader(UnsafeRawBufferPointer(rebasing: bb[0..<count]), fileOffset: off, file: file)
            var rawRange: Range<Int>? = nil, zRange: Range<Int>? = nil
            var rawSize = -1
            while !r.atEnd {
                let (f, w) = try r.tag()
                switch (f, w) {
                case (1, 2): rawRange = try r.bytes()
                case (2, 0): rawSize = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: try r.varint()))
                case (3, 2): zRange = try r.bytes()
                case (4, 2), (5, 2), (6, 2), (7, 2):
                    throw GeoError(.unsupported, "blob compression other than zlib (field \(f))", file: file, byteOffset: off)
                default: try r.skip(w)
                }
            }
            if let rawRange {
                guard rawRange.count <= maxBlobSize else { throw GeoError(.blobTooLarge, "raw blob too large", file: file, byteOffset: off) }
                out = Array(bb[rawRange])
                return rawRange.count
            }
            guard let zRange else { throw GeoError(.corrupt, "blob has no data", file: file, byteOffset: off) }
            guard rawSize >= 0, rawSize <= maxBlobSize else {
                throw GeoError(.blobTooLarge, "blob raw_size \(rawSize) outside 0...\(maxBlobSize)", file: file, byteOffset: off)
            }
            if out.count < rawSize + 1 { out = [UInt8](repeating: 0, count: rawSize + 1) }
            var destLen = uLongf(rawSize + 1)
            let rc = out.withUnsafeMutableBytes { ob in
                uncompress(ob.baseAddress!.assumingMemoryBound(to: Bytef.self), &destLen,
                           bb.baseAddress!.assumingMemoryBound(to: Bytef.self) + zRange.lowerBound, uLong(zRange.count))
            }
            guard rc == Z_OK else { throw GeoError(.corrupt, "zlib data corrupt (zlib \(rc))", file: file, byteOffset: off) }
            guard Int(destLen) == rawSize else {
                throw GeoError(.corrupt, "inflated \(destLen) bytes, header says \(rawSize)", file: file, byteOffset: off)
            }
            return rawSize
        }
    }

    static func checkHeader(_ raw: [UInt8], count: Int, file: String, at off: Int) throws {
        try raw.withUnsafeBytes { rb in
            var r = ProtobufReader(UnsafeRawBufferPointer(rebasing: rb[0..<count]), fileOffset: off, file: file)
            while !r.atEnd {
                let (f, w) = try r.tag()
                if f == 4 && w == 2 {
                    let feature = r.string(try r.bytes())
                    if feature != "OsmSchema-V0.6" && feature != "DenseNodes" {
                        throw GeoError(.unsupported, "required feature \(feature)", file: file, byteOffset: off)
                    }
                } else { try r.skip(w) }
            }
        }
    }

    static func decodePrimitiveBlock(_ buf: UnsafeRawBufferPointer, into data: inout OSMData, file: String, at off: Int) throws {
        var r = ProtobufReader(buf, fileOffset: off, file: file)
        var strings: [Range<Int>] = []
        var groups: [Range<Int>] = []
        var granularity: Int64 = 100, latOffset: Int64 = 0, lonOffset: Int64 = 0
        while !r.atEnd {
            let (f, w) = try r.tag()
            switch (f, w) {
            case (1, 2):
                var s = r.sub(try r.bytes())
                while !s.atEnd {
                    let (sf, sw) = try s.tag()
                    if sf == 1 && sw == 2 { strings.append(try s.bytes()) } else { try s.skip(sw) }
                }
            case (2, 2): groups.append(try r.bytes())
            case (17, 0): granularity = Int64(truncatingIfNeeded: try r.varint())
            case (19, 0): latOffset = Int64(bitPattern: try r.varint())
            case (20, 0): lonOffset = Int64(bitPattern: try r.varint())
            default: try r.skip(w)
            }
        }
        guard granularity > 0 && granularity < 1_000_000 else { throw r.fail("bad granularity") }
        // Interesting keys by string index.
        let keyIdx = strings.map { WayTags.keyIndex(UnsafeRawBufferPointer(rebasing: buf[$0])) }
        let featureIdx = strings.map { FeatureTags.keyIndex(UnsafeRawBufferPointer(rebasing: buf[$0])) }
        var features = FeatureTags()
        /// Reads parallel packed key/value string indexes into `features`; returns how many tags there were.
        func readTags(_ keys: Range<Int>?, _ vals: Range<Int>?, _ reader: ProtobufReader) throws -> Int {
            features.removeAll()
            guard let keys, let vals else { return 0 }
            var kr = reader.sub(keys), vr = reader.sub(vals)
            var n = 0
            while !kr.atEnd {
                guard !vr.atEnd else { throw reader.fail("keys/vals differ in length") }
                let k = Int(truncatingIfNeeded: try kr.varint()), v = Int(truncatingIfNeeded: try vr.varint())
                guard k >= 0, k < strings.count, v >= 0, v < strings.count else { throw reader.fail("string index out of range") }
                if featureIdx[k] >= 0 { features.set(index: featureIdx[k], r.string(strings[v])) }
                n += 1
            }
            return n
        }
        let g = granularity
        @inline(__always) func toE7(_ v: Int64, _ o: Int64) -> Int64 { (o &+ g &* v) / 100 }
        for gr in groups {
            var p = r.sub(gr)
            while !p.atEnd {
                let (f, w) = try p.tag()
                switch (f, w) {
                case (1, 2): // Node
                    var nr = p.sub(try p.bytes())
                    var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
                    var nkeys: Range<Int>? = nil, nvals: Range<Int>? = nil
                    while !nr.atEnd {
                        let (nf, nw) = try nr.tag()
                        switch (nf, nw) {
                        case (1, 0): id = try nr.sint64()
                        case (2, 2): nkeys = try nr.bytes()
                        case (3, 2): nvals = try nr.bytes()
                        case (8, 0): lat = try nr.sint64()
                        case (9, 0): lon = try nr.sint64()
                        default: try nr.skip(nw)
                        }
                    }
                    try addChecked(&data, id: id, lat: toE7(lat, latOffset), lon: toE7(lon, lonOffset), file: file, at: off)
                    if try readTags(nkeys, nvals, nr) > 0, features.isKept(isNode: true) {
                        data.addFeature(kind: 0, id: id, refs: CollectionOfOne(id), tags: features)
                    }
                case (2, 2): // DenseNodes
                    var d = p.sub(try p.bytes())
                    var ids: Range<Int>? = nil, lats: Range<Int>? = nil, lons: Range<Int>? = nil, keysVals: Range<Int>? = nil
                    while !d.atEnd {
                        let (df, dw) = try d.tag()
                        switch (df, dw) {
                        case (1, 2): ids = try d.bytes()
                        case (10, 2): keysVals = try d.bytes()
                        case (8, 2): lats = try d.bytes()
                        case (9, 2): lons = try d.bytes()
                        default: try d.skip(dw)
                        }
                    }
                    guard let ids, let lats, let lons else {
                        if ids == nil && lats == nil && lons == nil { continue }
                        throw d.fail("DenseNodes without id/lat/lon")
                    }
                    var ri = d.sub(ids), rla = d.sub(lats), rlo = d.sub(lons)
                    // keys_vals: for each node, key/value string index pairs ended by a 0.
                    var rkv = keysVals.map { d.sub($0) }
                    var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
                    while !ri.atEnd {
                        guard !rla.atEnd, !rlo.atEnd else { throw d.fail("DenseNodes arrays differ in length") }
                        id &+= try ri.sint64(); lat &+= try rla.sint64(); lon &+= try rlo.sint64()
                        try addChecked(&data, id: id, lat: toE7(lat, latOffset), lon: toE7(lon, lonOffset), file: file, at: off)
                        if var kv = rkv, !kv.atEnd {
                            features.removeAll()
                            while !kv.atEnd {
                                let k = Int(truncatingIfNeeded: try kv.varint())
                                if k == 0 { break }
                                guard !kv.atEnd else { throw d.fail("DenseNodes keys_vals ends inside a pair") }
                                let v = Int(truncatingIfNeeded: try kv.varint())
                                guard k > 0, k < strings.count, v >= 0, v < strings.count else { throw d.fail("string index out of range") }
                                if featureIdx[k] >= 0 { features.set(index: featureIdx[k], r.string(strings[v])) }
                            }
                            rkv = kv
                            if features.isKept(isNode: true) { data.addFeature(kind: 0, id: id, refs: CollectionOfOne(id), tags: features) }
                        }
                    }
                    guard rla.atEnd, rlo.atEnd else { throw d.fail("DenseNodes arrays differ in length") }
                case (3, 2): // Way
                    var wr = p.sub(try p.bytes())
                    var id: Int64 = 0
                    var keys: Range<Int>? = nil, vals: Range<Int>? = nil, refs: Range<Int>? = nil
                    while !wr.atEnd {
                        let (wf, ww) = try wr.tag()
                        switch (wf, ww) {
                        case (1, 0): id = Int64(bitPattern: try wr.varint())
                        case (2, 2): keys = try wr.bytes()
                        case (3, 2): vals = try wr.bytes()
                        case (8, 2): refs = try wr.bytes()
                        default: try wr.skip(ww)
                        }
                    }
                    data.totalWays += 1
                    var tags = WayTags()
                    var tagCount = 0
                    if let keys, let vals {
                        var kr = wr.sub(keys), vr = wr.sub(vals)
                        features.removeAll()
                        while !kr.atEnd {
                            guard !vr.atEnd else { throw wr.fail("way keys/vals differ in length") }
                            let k = Int(truncatingIfNeeded: try kr.varint()), v = Int(truncatingIfNeeded: try vr.varint())
                            guard k >= 0, k < strings.count, v >= 0, v < strings.count else { throw wr.fail("string index out of range") }
                            let ki = keyIdx[k]
                            if ki >= 0 { tags.set(index: ki, r.string(strings[v])) }
                            if featureIdx[k] >= 0 { features.set(index: featureIdx[k], r.string(strings[v])) }
                            tagCount += 1
                        }
                    } else {
                        features.removeAll()
                    }
                    let road = RoadTags.classify(tags)
                    let keepFeature = tagCount == 0 || features.isKept(isNode: false)
                    guard let refs, road != nil || tags.isNamedRoad || keepFeature else { continue }
                    var rr = wr.sub(refs)
                    var list: [Int64] = []
                    var ref: Int64 = 0
                    while !rr.atEnd { ref &+= try rr.sint64(); list.append(ref) }
                    data.addStreet(tags, refs: list, nameEn: features[.nameEn])
                    data.addFeatureWay(id: id, refs: list, tags: features, untagged: tagCount == 0)
                    if let road { data.addWay(id: id, refs: list, road: road, origin: off) }
                case (4, 2): // Relation: multipolygons only, their outer way members
                    var rl = p.sub(try p.bytes())
                    var id: Int64 = 0
                    var keys: Range<Int>? = nil, vals: Range<Int>? = nil, roles: Range<Int>? = nil, mids: Range<Int>? = nil, types: Range<Int>? = nil
                    while !rl.atEnd {
                        let (rf, rw) = try rl.tag()
                        switch (rf, rw) {
                        case (1, 0): id = Int64(bitPattern: try rl.varint())
                        case (2, 2): keys = try rl.bytes()
                        case (3, 2): vals = try rl.bytes()
                        case (8, 2): roles = try rl.bytes()
                        case (9, 2): mids = try rl.bytes()
                        case (10, 2): types = try rl.bytes()
                        default: try rl.skip(rw)
                        }
                    }
                    _ = try readTags(keys, vals, rl)
                    guard features[.type] == "multipolygon", features.isKept(isNode: false), let roles, let mids, let types else { continue }
                    var rr = rl.sub(roles), mr = rl.sub(mids), tr = rl.sub(types)
                    var outer: [Int64] = []
                    var member: Int64 = 0
                    while !mr.atEnd {
                        guard !rr.atEnd, !tr.atEnd else { throw rl.fail("relation member arrays differ in length") }
                        member &+= try mr.sint64()
                        let role = Int(truncatingIfNeeded: try rr.varint()), type = try tr.varint()
                        guard role >= 0, role < strings.count else { throw rl.fail("string index out of range") }
                        let roleBytes = UnsafeRawBufferPointer(rebasing: buf[strings[role]])
                        if type == 1 && (roleBytes.isEmpty || roleBytes.elementsEqual("outer".utf8)) { outer.append(member) }
                    }
                    if !outer.isEmpty { data.addFeature(kind: 2, id: id, refs: outer, tags: features) }
                default:
                    try p.skip(w) // changesets
                }
            }
        }
    }

    @inline(__always) static func addChecked(_ data: inout OSMData, id: Int64, lat: Int64, lon: Int64, file: String, at off: Int) throws {
        guard lat >= -900_000_000, lat <= 900_000_000, lon >= -1_800_000_000, lon <= 1_800_000_000 else {
            throw GeoError(.outOfRange, "node \(id) has coordinate out of range", file: file, byteOffset: off)
        }
        data.addNode(id: id, lat: lat, lon: lon, origin: off)
    }
}
