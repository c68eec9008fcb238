import Foundation
import PinganCore

extension SensorRecord {
    /// The record's stored document: byte for byte what `JSONCoding.encoder` writes for it (keys
    /// sorted, nil members left out, instants as `Timestamp` strings), written straight into one
    /// byte buffer.
    ///
    /// Why by hand, and not even through `CanonicalJSONWriter`: appending records is the hottest
    /// write the platform has (a batch of thousands per gate post). Measured in release on a
    /// 2-core machine, Foundation's encoder took about 9 µs a record, the general writer about
    /// 3 µs (a buffer per string it escapes), this one, which copies each string that needs no
    /// escaping in one piece, about 1 µs. A test holds it byte-equal to the encoder, so a field
    /// added to the record without being added here fails.
    public func storedDocument() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(320 + (image?.utf8.count ?? 0))
        writeStoredDocument(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `storedDocument()`'s bytes to `out`, for a store that packs many documents into
    /// one buffer without a string each: room for the longest the document can be is reserved
    /// once and the bytes written through a pointer, instead of forty small appends that each
    /// checked the array's uniqueness and capacity (in a profile of `pingan bench sensing`, the
    /// writer's share of all CPU time went from 11.6 % to 6.0 %).
    public func writeStoredDocument(into out: inout [UInt8]) {
        DocumentCursor.append(to: &out, atMost: storedDocumentBound) { writeStoredDocument(to: &$0) }
    }

    /// At least the document's length: every string escaped at worst (six bytes a byte), the
    /// keys, punctuation and numbers at their longest.
    public var storedDocumentBound: Int {
        let required = batchID.utf8.count + path.utf8.count + sensorID.rawValue.utf8.count + kind.rawValue.utf8.count
        let short = (direction?.utf8.count ?? 0) + (plateColour?.utf8.count ?? 0) + (vehicleType?.utf8.count ?? 0) + (plate?.text.utf8.count ?? 0)
        let long = (documentHash?.utf8.count ?? 0) + (documentMasked?.utf8.count ?? 0) + (image?.utf8.count ?? 0) + (text?.utf8.count ?? 0)
        return 512 + 6 * (required + short + long)
    }

    /// Writes the document at `out`, which has room for `storedDocumentBound` more bytes.
    public func writeStoredDocument(to out: inout DocumentCursor) { write(to: &out, keyed: true) }

    /// Writes the document without the members a store of many records a row keeps beside it
    /// (`at`, `batchID`, `path`, `sensorID`, `seq`); `DocumentCursor.keyed` puts them back.
    ///
    /// Why: in `pingan bench sensing`'s reads those five were about 145 of a document's 228
    /// bytes, each a copy of what the SQLite store's chunk row (sensor, batch, path) and the
    /// record's line (instant, position) already hold. Left out, a read's line and plate entry
    /// took 140 bytes instead of about 285, and with half the bytes to write and sync the
    /// benchmark took 13–22 % more reads a second in the same minutes, its alert p99 2–4 ms lower.
    public func writeUnkeyedDocument(to out: inout DocumentCursor) { write(to: &out, keyed: false) }

    private func write(to out: inout DocumentCursor, keyed: Bool) {
        out.byte(UInt8(ascii: "{"))
        if keyed {
            out.key("at"); out.timestamp(at)
            out.key("batchID"); out.string(batchID)
        }
        if let confidence { out.key("confidence"); out.number(confidence) }
        if let count { out.key("count"); out.integer(Int64(count)) }
        if let direction { out.key("direction"); out.string(direction) }
        if let documentHash { out.key("documentHash"); out.string(documentHash) }
        if let documentMasked { out.key("documentMasked"); out.string(documentMasked) }
        if let image { out.key("image"); out.string(image) }
        out.key("kind"); out.string(kind.rawValue)
        if let lat { out.key("lat"); out.number(lat) }
        if let lon { out.key("lon"); out.number(lon) }
        if keyed { out.key("path"); out.string(path) }
        if let plate { out.key("plate"); out.string(plate.text) }
        if let plateColour { out.key("plateColour"); out.string(plateColour) }
        if keyed {
            out.key("sensorID"); out.string(sensorID.rawValue)
            out.key("seq"); out.integer(Int64(seq))
        }
        if let text { out.key("text"); out.string(text) }
        if let vehicleType { out.key("vehicleType"); out.string(vehicleType) }
        out.byte(UInt8(ascii: "}"))
    }
}

/// Writes a document's pieces, as the encoder writes them, into memory reserved for it; every
/// write checks the room left, so a bound too small stops the process rather than overrun.
public struct DocumentCursor {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// The bytes written so far.
    public private(set) var written = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    /// Appends to `out` what `write` writes, in room for `bound` bytes reserved at once.
    public static func append(to out: inout [UInt8], atMost bound: Int, _ write: (inout DocumentCursor) -> Void) {
        out.append(addingCapacity: bound) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                var cursor = DocumentCursor(buffer)
                write(&cursor)
                initialized = cursor.written
            }
        }
    }

    @inline(__always) public mutating func byte(_ b: UInt8) {
        precondition(written < capacity, "stored document longer than its bound")
        base[written] = b
        written += 1
    }

    @inline(__always) public mutating func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(capacity - written >= bytes.count, "stored document longer than its bound")
        guard let source = bytes.baseAddress else { return }
        (base + written).update(from: source, count: bytes.count)
        written += bytes.count
    }

    /// `"name":`, preceded by a comma unless it is the object's first member (it follows the
    /// object's `{`; a value never ends in one).
    mutating func key(_ name: StaticString) {
        if written > 0, base[written - 1] != UInt8(ascii: "{") { byte(UInt8(ascii: ",")) }
        byte(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes($0) }
        byte(UInt8(ascii: "\""))
        byte(UInt8(ascii: ":"))
    }

    /// A JSON string: copied in one piece when nothing in it needs escaping (the usual case),
    /// else escaped as the encoder does (`"`, `\` and control characters; `/` left alone).
    mutating func string(_ value: String) {
        byte(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes(utf8)
                return
            }
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): byte(0x5C); byte(0x22)
                case UInt8(ascii: "\\"): byte(0x5C); byte(0x5C)
                case 0x08: byte(0x5C); byte(UInt8(ascii: "b"))
                case 0x0C: byte(0x5C); byte(UInt8(ascii: "f"))
                case 0x0A: byte(0x5C); byte(UInt8(ascii: "n"))
                case 0x0D: byte(0x5C); byte(UInt8(ascii: "r"))
                case 0x09: byte(0x5C); byte(UInt8(ascii: "t"))
                case 0x00..<0x20:
                    byte(0x5C); byte(UInt8(ascii: "u")); byte(0x30); byte(0x30); byte(Self.hex(b >> 4)); byte(Self.hex(b & 0x0F))
                default: byte(b)
                }
            }
        }
        byte(UInt8(ascii: "\""))
    }

    /// The whole stored document of a record written by `writeUnkeyedDocument`, from that and
    /// the members it left out; a whole document (it begins with `{"at":`, as every stored
    /// document did before) is copied as it is. The members' order does not matter to a reader.
    public static func keyed(_ unkeyed: Substring, atMs: Int64, seq: Int64, sensorID: String, batchID: String, path: String) -> String {
        var document = unkeyed
        return document.withUTF8 { doc -> String in
            if doc.starts(with: #"{"at":"#.utf8) { return String(decoding: doc, as: UTF8.self) }
            let bound = 120 + 6 * (sensorID.utf8.count + batchID.utf8.count + path.utf8.count) + doc.count
            var out: [UInt8] = []
            append(to: &out, atMost: bound) { out in
                out.byte(UInt8(ascii: "{"))
                out.key("at"); out.timestamp(Date(auditMilliseconds: atMs))
                out.key("batchID"); out.string(batchID)
                out.key("path"); out.string(path)
                out.key("sensorID"); out.string(sensorID)
                out.key("seq"); out.integer(seq)
                // The rest after its `{`: a comma first unless it had no member.
                let rest = UnsafeBufferPointer(rebasing: doc.dropFirst())
                if rest.first != UInt8(ascii: "}") { out.byte(UInt8(ascii: ",")) }
                out.bytes(rest)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// An instant as `Timestamp.format` writes it, in quotes.
    mutating func timestamp(_ date: Date) {
        byte(UInt8(ascii: "\""))
        var digits: Timestamp.Digits = (0, 0, 0)
        if let n = Timestamp.write(date, into: &digits) {
            withUnsafeBytes(of: &digits) { bytes(UnsafeBufferPointer(start: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)) }
        } else {
            var text = Timestamp.format(date)
            text.withUTF8 { bytes($0) }
        }
        byte(UInt8(ascii: "\""))
    }

    /// An integer in decimal.
    public mutating func integer(_ n: Int64) {
        if n < 0 { byte(UInt8(ascii: "-")) }
        var v = n.magnitude, digits = 0, reversed = (UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &reversed) { scratch in
            repeat {
                scratch[digits] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                digits += 1
            } while v > 0
            for i in stride(from: digits - 1, through: 0, by: -1) { byte(scratch[i]) }
        }
    }

    /// A number as the encoder writes a `Double`: its shortest description, without a trailing
    /// `.0`. A value JSON cannot hold (NaN, infinity) is written as `null`; the model never
    /// holds one (a request carrying one does not decode).
    mutating func number(_ value: Double) {
        var s = value.isFinite ? value.description : "null"
        if s.hasSuffix(".0") { s.removeLast(2) }
        s.withUTF8 { bytes($0) }
    }

    private static func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
