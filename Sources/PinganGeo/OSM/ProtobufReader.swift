/// A bounds-checked cursor over protobuf wire-format bytes. Every read validates length first
/// and throws instead of trapping, so a corrupt PBF block becomes a `GeoError`, never a crash.
struct ProtobufReader {
    let base: UnsafeRawBufferPointer
    var pos: Int
    let end: Int
    /// File offset of the blob these bytes came from, for error messages.
    let fileOffset: Int
    let file: String

    init(_ base: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil, fileOffset: Int, file: String) {
        self.base = base; self.pos = start; self.end = end ?? base.count; self.fileOffset = fileOffset; self.file = file
    }

    var atEnd: Bool { pos >= end }

    func fail(_ msg: String) -> GeoError {
        GeoError(.corrupt, "\(msg) (at byte \(pos) of the decompressed block)", file: file, byteOffset: fileOffset)
    }

    @inline(__always) mutating func varint() throws(GeoError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < end else { throw fail("truncated varint") }
            let b = base[pos]; pos += 1
            if shift == 63 && b > 1 { throw fail("varint overflow") }
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw fail("varint too long") }
        }
    }

    @inline(__always) mutating func sint64() throws(GeoError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// Next field: (number, wire type).
    @inline(__always) mutating func tag() throws(GeoError) -> (Int, Int) {
        let t = try varint()
        let field = Int(truncatingIfNeeded: t >> 3)
        guard field > 0 && t >> 3 < 1 << 29 else { throw fail("invalid field number") }
        return (field, Int(t & 7))
    }

    /// Reads a length-delimited field and returns its byte range.
    mutating func bytes() throws(GeoError) -> Range<Int> {
        let n = try varint()
        guard n <= UInt64(end - pos) else { throw fail("length \(n) runs past the end") }
        let r = pos..<(pos + Int(n))
        pos += Int(n)
        return r
    }

    mutating func skip(_ wire: Int) throws(GeoError) {
        switch wire {
        case 0: _ = try varint()
        case 1: guard end - pos >= 8 else { throw fail("truncated fixed64") }; pos += 8
        case 2: _ = try bytes()
        case 5: guard end - pos >= 4 else { throw fail("truncated fixed32") }; pos += 4
        default: throw fail("unsupported wire type \(wire)")
        }
    }

    /// A reader over a sub-range (a nested message or a packed field).
    func sub(_ r: Range<Int>) -> ProtobufReader {
        ProtobufReader(base, start: r.lowerBound, end: r.upperBound, fileOffset: fileOffset, file: file)
    }

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: base[r]), as: UTF8.self)
    }
}
