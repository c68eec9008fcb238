import Foundation

/// Reader for the 9th DIMACS Implementation Challenge shortest-path files: `.gr` (arcs
/// `a u v w`) and `.co` (coordinates `v id x y` in micro-degrees), plain or gzip. These are the
/// standard benchmark graphs, so supporting them lets Pingan be measured against published tools.
public enum DIMACSReader {
    /// Weights above this are treated as corrupt input rather than silently overflowing sums.
    public static let maxWeight: Int64 = 100_000_000
    /// Size limits (the full USA graph has 24M nodes / 58M arcs); a corrupt header cannot make
    /// the reader allocate more than this.
    public static let maxNodes = 50_000_000
    public static let maxArcs = 200_000_000

    /// Reads a `.gr` file (and optionally its `.co` sibling) into a graph reduced to its largest
    /// strongly connected component; weights kept as the given integers.
    ///
    /// The `.co` file is read on a second thread meanwhile, sized by its own problem line
    /// (`p aux sp co N`); where that line is missing or disagrees with the `.gr` file's, it is
    /// read again once the node count is known, so the answer and any error are those of reading
    /// it after the arcs.
    public static func load(gr path: String, co coPath: String? = nil) throws -> RoadGraph {
        let early = EarlyCoordinates()
        let reading = DispatchGroup()
        if let coPath {
            DispatchQueue.global().async(group: reading) { early.result = Result { try loadCoordinates(coPath, nodeCount: nil) } }
        }
        defer { reading.wait() }
        var nodeCount = -1
        var from = [Int32](), to = [Int32](), w = [Int32]()
        var declaredArcs = 0
        try forEachLine(path) { line, lineNo, offset in
            guard let first = line.first else { return }
            switch first {
            case UInt8(ascii: "c"): return
            case UInt8(ascii: "p"):
                let f = fields(line)
                guard f.count == 4, f[1] == "sp", let n = Int(f[2]), let m = Int(f[3]), n > 0, m >= 0 else {
                    throw GeoError(.corrupt, "bad problem line", file: path, byteOffset: offset, line: lineNo)
                }
                guard n <= maxNodes, m <= maxArcs else {
                    throw GeoError(.invalidValue, "problem size \(n) nodes / \(m) arcs exceeds \(maxNodes) / \(maxArcs)",
                                   file: path, byteOffset: offset, line: lineNo)
                }
                if nodeCount >= 0 { throw GeoError(.corrupt, "second problem line", file: path, byteOffset: offset, line: lineNo) }
                nodeCount = n; declaredArcs = m
                from.reserveCapacity(min(m, 4_000_000)); to.reserveCapacity(min(m, 4_000_000)); w.reserveCapacity(min(m, 4_000_000))
            case UInt8(ascii: "a"):
                if nodeCount < 0 { throw GeoError(.corrupt, "arc before problem line", file: path, byteOffset: offset, line: lineNo) }
                var p = 1
                guard let u = parseInt(line, &p), let v = parseInt(line, &p), let c = parseInt(line, &p), atEnd(line, p) else {
                    throw GeoError(.corrupt, "malformed arc line", file: path, byteOffset: offset, line: lineNo)
                }
                guard u >= 1, u <= nodeCount, v >= 1, v <= nodeCount else {
                    throw GeoError(.missingReference, "arc refers to node outside 1...\(nodeCount)", file: path, byteOffset: offset, line: lineNo)
                }
                guard c >= 0, c <= maxWeight else {
                    throw GeoError(.invalidValue, "arc weight \(c) is negative or absurd (max \(maxWeight))", file: path, byteOffset: offset, line: lineNo)
                }
                if from.count >= declaredArcs { throw GeoError(.corrupt, "more arcs than the declared \(declaredArcs)", file: path, byteOffset: offset, line: lineNo) }
                from.append(Int32(u - 1)); to.append(Int32(v - 1)); w.append(Int32(c))
            default:
                throw GeoError(.corrupt, "unknown line type", file: path, byteOffset: offset, line: lineNo)
            }
        }
        if nodeCount < 0 { throw GeoError(.empty, "no problem line (empty or not a DIMACS .gr file)", file: path, byteOffset: 0) }
        if from.count != declaredArcs {
            throw GeoError(.truncated, "declared \(declaredArcs) arcs, found \(from.count)", file: path)
        }
        var coords = [Coordinate]()
        if let coPath {
            reading.wait()
            if case .success(let read)? = early.result, read.count == nodeCount { coords = read }
            else { coords = try loadCoordinates(coPath, nodeCount: nodeCount) }
        }
        return RoadGraph.build(nodeCount: nodeCount, from: from, to: to, weights: w, coordinates: coords, sourceIds: [], weightUnit: .dimacs)
    }

    /// The `.co` sibling of a `.gr` path (`USA-road-t.NY.gr.gz` → `USA-road-d.NY.co.gz`), if it exists.
    public static func coordinateFile(for grPath: String) -> String? {
        var candidates: [String] = []
        let base = grPath.replacingOccurrences(of: ".gr.gz", with: ".co.gz").replacingOccurrences(of: ".gr", with: ".co")
        candidates.append(base)
        candidates.append(base.replacingOccurrences(of: "-t.", with: "-d."))
        candidates.append(base.replacingOccurrences(of: ".co.gz", with: ".co"))
        candidates.append(base.replacingOccurrences(of: "-t.", with: "-d.").replacingOccurrences(of: ".co.gz", with: ".co"))
        for c in candidates where c != grPath && access(c, R_OK) == 0 { return c }
        return nil
    }

    /// The `.co` file read on the side, for `load` to take or leave.
    final class EarlyCoordinates: @unchecked Sendable {
        /// Written by the reading thread before its group leaves; read after waiting on it.
        var result: Result<[Coordinate], any Error>?
    }

    /// Reads coordinates for `nodeCount` nodes; with nil, for as many as the file's first problem
    /// line declares (and fails without one).
    static func loadCoordinates(_ path: String, nodeCount known: Int?) throws -> [Coordinate] {
        var nodeCount = known ?? -1
        var coords = [Coordinate](repeating: Coordinate(lat: .nan, lon: .nan), count: max(0, nodeCount))
        var seen = 0
        try forEachLine(path) { line, lineNo, offset in
            guard let first = line.first else { return }
            switch first {
            case UInt8(ascii: "c"): return
            case UInt8(ascii: "p"):
                guard nodeCount < 0 else { return }
                let f = fields(line)
                guard f.count == 5, let n = Int(f[4]), n > 0, n <= maxNodes else {
                    throw GeoError(.corrupt, "bad problem line", file: path, byteOffset: offset, line: lineNo)
                }
                nodeCount = n
                coords = [Coordinate](repeating: Coordinate(lat: .nan, lon: .nan), count: n)
            case UInt8(ascii: "v"):
                guard nodeCount >= 0 else { throw GeoError(.corrupt, "coordinate before problem line", file: path, byteOffset: offset, line: lineNo) }
                var p = 1
                guard let id = parseInt(line, &p), let x = parseInt(line, &p), let y = parseInt(line, &p), atEnd(line, p) else {
                    throw GeoError(.corrupt, "malformed coordinate line", file: path, byteOffset: offset, line: lineNo)
                }
                guard id >= 1, id <= nodeCount else {
                    throw GeoError(.missingReference, "coordinate for node \(id) outside 1...\(nodeCount)", file: path, byteOffset: offset, line: lineNo)
                }
                let c = Coordinate(lat: Double(y) / 1e6, lon: Double(x) / 1e6)
                guard c.isValid else { throw GeoError(.outOfRange, "coordinate out of range", file: path, byteOffset: offset, line: lineNo) }
                if coords[Int(id - 1)].lat.isNaN { seen += 1 }
                coords[Int(id - 1)] = c
            default:
                throw GeoError(.corrupt, "unknown line type", file: path, byteOffset: offset, line: lineNo)
            }
        }
        if seen != nodeCount { throw GeoError(.missingReference, "coordinates given for \(seen) of \(nodeCount) nodes", file: path) }
        return coords
    }

    @inline(__always) static func atEnd(_ s: ArraySlice<UInt8>, _ p: Int) -> Bool {
        var i = s.startIndex + p
        while i < s.endIndex { if s[i] != 32 && s[i] != 9 && s[i] != 13 { return false }; i += 1 }
        return true
    }

    @inline(__always) static func parseInt(_ s: ArraySlice<UInt8>, _ p: inout Int) -> Int64? {
        var i = s.startIndex + p
        while i < s.endIndex && (s[i] == 32 || s[i] == 9) { i += 1 }
        var neg = false
        if i < s.endIndex && s[i] == UInt8(ascii: "-") { neg = true; i += 1 }
        var v: Int64 = 0
        var digits = 0
        while i < s.endIndex, s[i] >= 48, s[i] <= 57 {
            v = v * 10 + Int64(s[i] - 48); digits += 1; i += 1
            if digits > 15 { return nil }
        }
        if digits == 0 { return nil }
        if i < s.endIndex && s[i] != 32 && s[i] != 9 && s[i] != 13 { return nil }
        p = i - s.startIndex
        return neg ? -v : v
    }

    static func fields(_ s: ArraySlice<UInt8>) -> [String] {
        s.split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 13 }).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Streams `path` line by line (after decompression), giving each line, its 1-based number and
    /// the decompressed byte offset where it starts.
    static func forEachLine(_ path: String, _ body: (ArraySlice<UInt8>, Int, Int) throws -> Void) throws {
        let reader = try CompressedFileReader(path: path)
        var buf = [UInt8]()
        var lineNo = 0
        var base = 0 // decompressed offset of buf[0]
        var anyData = false
        while true {
            let n = try reader.read(into: &buf, max: 1 << 20)
            if n > 0 { anyData = true }
            var start = 0
            let end = n == 0 ? buf.count : (buf.lastIndex(of: 10).map { $0 + 1 } ?? 0)
            if n == 0 && buf.isEmpty { break }
            if end == 0 && buf.count > 1 << 24 {
                throw GeoError(.corrupt, "line longer than 16 MiB", file: path, byteOffset: base, line: lineNo + 1)
            }
            var i = 0
            while i < end {
                var j = i
                while j < end && buf[j] != 10 { j += 1 }
                lineNo += 1
                try body(buf[i..<j], lineNo, base + i)
                i = j + 1
                start = min(i, end)
            }
            start = end
            buf.removeFirst(start)
            base += start
            if n == 0 { break }
        }
        if !anyData { throw GeoError(.empty, "file is empty", file: path, byteOffset: 0) }
    }
}
