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
    /// one buffer without a string each.
    public func writeStoredDocument(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        DocumentBytes.key("at", first: true, &out); DocumentBytes.string(Timestamp.format(at), &out)
        DocumentBytes.key("batchID", &out); DocumentBytes.string(batchID, &out)
        if let confidence { DocumentBytes.key("confidence", &out); DocumentBytes.number(confidence, &out) }
        if let count { DocumentBytes.key("count", &out); out.append(contentsOf: String(count).utf8) }
        if let direction { DocumentBytes.key("direction", &out); DocumentBytes.string(direction, &out) }
        if let documentHash { DocumentBytes.key("documentHash", &out); DocumentBytes.string(documentHash, &out) }
        if let documentMasked { DocumentBytes.key("documentMasked", &out); DocumentBytes.string(documentMasked, &out) }
        if let image { DocumentBytes.key("image", &out); DocumentBytes.string(image, &out) }
        DocumentBytes.key("kind", &out); DocumentBytes.string(kind.rawValue, &out)
        if let lat { DocumentBytes.key("lat", &out); DocumentBytes.number(lat, &out) }
        if let lon { DocumentBytes.key("lon", &out); DocumentBytes.number(lon, &out) }
        DocumentBytes.key("path", &out); DocumentBytes.string(path, &out)
        if let plate { DocumentBytes.key("plate", &out); DocumentBytes.string(plate.text, &out) }
        if let plateColour { DocumentBytes.key("plateColour", &out); DocumentBytes.string(plateColour, &out) }
        DocumentBytes.key("sensorID", &out); DocumentBytes.string(sensorID.rawValue, &out)
        DocumentBytes.key("seq", &out); out.append(contentsOf: String(seq).utf8)
        if let text { DocumentBytes.key("text", &out); DocumentBytes.string(text, &out) }
        if let vehicleType { DocumentBytes.key("vehicleType", &out); DocumentBytes.string(vehicleType, &out) }
        out.append(UInt8(ascii: "}"))
    }
}

/// The pieces of `SensorRecord.storedDocument()`, as the encoder writes them.
enum DocumentBytes {
    /// `"name":`, preceded by a comma unless it is the object's first member.
    static func key(_ name: StaticString, first: Bool = false, _ out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// A JSON string: copied in one piece when nothing in it needs escaping (the usual case),
    /// else escaped as the encoder does (`"`, `\` and control characters; `/` left alone).
    static func string(_ value: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)
                return
            }
            for b in bytes {
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x00..<0x20: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex(b >> 4), hex(b & 0x0F)])
                default: out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A number as the encoder writes a `Double`: its shortest description, without a trailing
    /// `.0`. A value JSON cannot hold (NaN, infinity) is written as `null`; the model never
    /// holds one (a request carrying one does not decode).
    static func number(_ value: Double, _ out: inout [UInt8]) {
        guard value.isFinite else { out.append(contentsOf: "null".utf8); return }
        var s = value.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        out.append(contentsOf: s.utf8)
    }

    private static func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
