import CZlib
import Foundation

/// Binary cache of a built `RoadNetwork` (graph + hierarchy + edge lengths + street names + map
/// features, see `GraphCache+Places`), written beside the
/// source as `FILE.pgcache` so the second start of the server loads in milliseconds instead of
/// re-parsing and re-contracting. The header pins the format version and the source file's size
/// and modification time; a CRC-32 trailer catches corruption. Any mismatch means "rebuild".
public enum GraphCache {
    static let magic: [UInt8] = Array("PGCACHE\u{0}".utf8)
    /// 4: the same format, but hierarchies numbered for locality (`CHBuilder.chIDs`), so that
    /// caches written before are rebuilt rather than kept with the slower numbering.
    public static let version: UInt32 = 4

    public static func path(for source: String) -> String { source + ".pgcache" }

    /// Size and modification time (ns) of the source file, as recorded in the cache header.
    static func stamp(_ path: String) throws -> (UInt64, Int64) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw GeoError(.fileNotFound, "cannot stat", file: path) }
        return (UInt64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    struct Writer {
        var bytes: [UInt8] = []
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func array<T>(_ a: [T]) {
            u64(UInt64(a.count))
            a.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var pos = 0
        let file: String
        mutating func need(_ n: Int) throws {
            if n < 0 || pos + n > bytes.count { throw GeoError(.cacheInvalid, "cache truncated", file: file, byteOffset: pos) }
        }
        mutating func u32() throws -> UInt32 {
            try need(4); defer { pos += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
        }
        mutating func u64() throws -> UInt64 {
            try need(8); defer { pos += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        }
        mutating func array<T>(_ type: T.Type) throws -> [T] {
            let count = try u64()
            guard count < UInt64(Int32.max) else { throw GeoError(.cacheInvalid, "absurd array length", file: file, byteOffset: pos) }
            let n = Int(count) * MemoryLayout<T>.stride
            try need(n)
            let out = [T](unsafeUninitializedCapacity: Int(count)) { buf, initialized in
                if n > 0 { UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)])) }
                initialized = Int(count)
            }
            pos += n
            return out
        }
    }

    /// Writes `net` as the cache of `source` (atomically, via a temporary file).
    public static func write(_ net: RoadNetwork, for source: String, to cachePath: String? = nil) throws {
        let (size, mtime) = try stamp(source)
        var w = Writer()
        w.bytes.append(contentsOf: magic)
        w.u32(version)
        w.u64(size)
        w.u64(UInt64(bitPattern: mtime))
        let g = net.graph, h = net.hierarchy
        w.u64(UInt64(g.nodeCount))
        w.u32(g.weightUnit == .deciseconds ? 0 : 1)
        w.u64(UInt64(g.componentsFound))
        w.array(g.offsets); w.array(g.targets); w.array(g.weights); w.array(g.coordinates); w.array(g.sourceIds)
        w.array(h.toCH); w.array(h.fromCH)
        w.array(h.upOffsets); w.array(h.upTargets); w.array(h.upWeights); w.array(h.upMids)
        w.array(h.downOffsets); w.array(h.downSources); w.array(h.downWeights); w.array(h.downMids)
        w.array(net.edgeLengths)
        // Street names as one UTF-8 blob with offsets, then their points.
        var blob: [UInt8] = [], nameStart: [Int32] = [0]
        for n in net.streets.names { blob.append(contentsOf: n.utf8); nameStart.append(Int32(blob.count)) }
        w.array(blob); w.array(nameStart); w.array(net.streets.pointStart); w.array(net.streets.points)
        w.features(net.places.features)
        let crc = w.bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        w.u32(crc)
        let dest = cachePath ?? path(for: source)
        let tmp = dest + ".tmp\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(w.bytes)) else {
            throw GeoError(.io, "cannot write cache", file: tmp)
        }
        guard rename(tmp, dest) == 0 else { unlink(tmp); throw GeoError(.io, "cannot move cache into place", file: dest) }
    }

    /// Loads the cache of `source`; throws `.cacheInvalid` when it is missing, stale or corrupt.
    public static func read(for source: String, from cachePath: String? = nil) throws -> RoadNetwork {
        let file = cachePath ?? path(for: source)
        guard let data = FileManager.default.contents(atPath: file) else { throw GeoError(.cacheInvalid, "no cache", file: file) }
        let (size, mtime) = try stamp(source)
        return try data.withUnsafeBytes { raw -> RoadNetwork in
            guard raw.count >= 8 + 4 + 16 + 4 else { throw GeoError(.cacheInvalid, "cache too short", file: file, byteOffset: 0) }
            guard Array(raw[0..<8]) == magic else { throw GeoError(.cacheInvalid, "bad magic", file: file, byteOffset: 0) }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)])
            let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self))
            let crc = UInt32(crc32(0, body.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(body.count)))
            var r = Reader(bytes: body, pos: 8, file: file)
            let v = try r.u32()
            guard v == version else { throw GeoError(.cacheInvalid, "cache version \(v), expected \(version)", file: file, byteOffset: 8) }
            guard try r.u64() == size, try Int64(bitPattern: r.u64()) == mtime else {
                throw GeoError(.cacheInvalid, "cache is stale (source size or mtime changed)", file: file, byteOffset: 12)
            }
            guard crc == stored else { throw GeoError(.cacheInvalid, "checksum mismatch", file: file, byteOffset: raw.count - 4) }
            let n = Int(try r.u64())
            let unit: RoadGraph.WeightUnit = try r.u32() == 0 ? .deciseconds : .dimacs
            let comps = Int(try r.u64())
            let off = try r.array(Int32.self), tg = try r.array(Int32.self), wt = try r.array(Int32.self)
            let co = try r.array(Coordinate.self), ids = try r.array(Int64.self)
            guard off.count == n + 1, tg.count == wt.count, Int(off.last ?? -1) == tg.count else {
                throw GeoError(.cacheInvalid, "inconsistent graph arrays", file: file, byteOffset: r.pos)
            }
            let g = RoadGraph(nodeCount: n, offsets: off, targets: tg, weights: wt, coordinates: co, sourceIds: ids,
                              weightUnit: unit, componentsFound: comps)
            let toCH = try r.array(Int32.self), fromCH = try r.array(Int32.self)
            let uo = try r.array(Int32.self), ut = try r.array(Int32.self), uw = try r.array(Int32.self), um = try r.array(Int32.self)
            let dof = try r.array(Int32.self), ds = try r.array(Int32.self), dw = try r.array(Int32.self), dm = try r.array(Int32.self)
            let lens = try r.array(Float.self)
            let blob = try r.array(UInt8.self), nameStart = try r.array(Int32.self)
            let pointStart = try r.array(Int32.self), points = try r.array(Coordinate.self)
            guard nameStart.count == pointStart.count, nameStart.first == 0, Int(nameStart.last ?? -1) == blob.count,
                  pointStart.first == 0, Int(pointStart.last ?? -1) == points.count,
                  zip(nameStart, nameStart.dropFirst()).allSatisfy({ $0 <= $1 }), zip(pointStart, pointStart.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw GeoError(.cacheInvalid, "inconsistent street arrays", file: file, byteOffset: r.pos)
            }
            let features = try r.features()
            let names = zip(nameStart, nameStart.dropFirst()).map { String(decoding: blob[Int($0)..<Int($1)], as: UTF8.self) }
            guard toCH.count == n, fromCH.count == n, uo.count == n + 1, dof.count == n + 1, lens.count == tg.count else {
                throw GeoError(.cacheInvalid, "inconsistent hierarchy arrays", file: file, byteOffset: r.pos)
            }
            let h = ContractionHierarchy(nodeCount: n, toCH: toCH, fromCH: fromCH, upOffsets: uo, upTargets: ut, upWeights: uw,
                                         upMids: um, downOffsets: dof, downSources: ds, downWeights: dw, downMids: dm)
            var net = RoadNetwork(graph: g, hierarchy: h, edgeLengths: lens)
            net.streets = StreetIndex(names: names, pointStart: pointStart, points: points)
            net.places = PlaceIndex(features, streets: net.streets)
            return net
        }
    }
}
