import Foundation
import NIOCore
import PinganCore

/// Reads a sensor's record batch, `{"batchID": "…", "records": [{"at", "kind", "plate"?, …}, …]}`,
/// in one pass over the bytes straight into `SensorRecordInput` values.
///
/// A gate posts thousands of plate reads a batch; the general `BodyReader` path (a JSON tree, a
/// duplicate-key scan, a shape check and Foundation's typed decode) costs tens of microseconds a
/// record there. The one-pass reader takes only what is plainly well formed and in shape: exactly
/// the documented members, each once, strings (escapes and UTF-8 checked), JSON numbers, `null`
/// for an absent optional member. At the first thing it does not read itself — a malformed or
/// over-deep text, an unknown or repeated key, a missing member, a value of the wrong type or
/// form, even an accepted oddity such as `"NaN"` for a number or `1.0` for a count — it stops and
/// the body goes through `BodyReader.decode` as before. So every refusal is the general reader's
/// own (the same code, field and detail, the same choice among several faults), a body only the
/// general reader accepts still reads the same, and only well-formed batches take the fast path;
/// a refused body costs the general reader's time plus the bytes read before the stop.
///
/// Bounds (string lengths, control characters, number ranges, 1 to 10,000 records) are not read
/// here, as `BodyReader` does not read them either: the core checks them (`TextRules` for the
/// batch ID, `SensorIntake` for each record) and refuses a batch with every bad record listed
/// (422), which a device's integrator needs to fix them in one round.
struct RecordBatchParser {
    typealias Batch = (batchID: String, records: [SensorRecordInput])

    static func parse(_ buffer: ByteBuffer) throws -> Batch {
        if let batch = fastPath(buffer) { return batch }
        let request = try BodyReader(limit: buffer.readableBytes).decode(SensorController.RecordsRequest.self, from: buffer)
        return (request.batchID, request.records)
    }

    /// The batch when the one-pass reader takes it whole, else nil (the body is then the general
    /// reader's to read or refuse).
    static func fastPath(_ buffer: ByteBuffer) -> Batch? {
        buffer.withUnsafeReadableBytes { raw in
            guard let base = raw.baseAddress, !raw.isEmpty else { return nil }
            var parser = RecordBatchParser(bytes: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            return try? parser.document()
        }
    }

    /// Where the one-pass reader stops.
    private struct Stop: Error {}

    /// The body (a plain pointer: its subscript costs nothing even in a debug build).
    private let bytes: UnsafePointer<UInt8>
    /// Where the body ends.
    private let end: Int
    private var i = 0

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        end = count
    }

    // MARK: Grammar (no recursion: a batch is three levels deep, and anything deeper stops)

    private mutating func document() throws(Stop) -> Batch {
        var batchID: String?
        var records: [SensorRecordInput]?
        try open()
        repeat {
            if try memberKey(Self.topField) == 0 {
                guard batchID == nil else { throw Stop() }
                batchID = try string()
            } else {
                guard records == nil else { throw Stop() }
                records = try recordArray()
            }
        } while try moreMembers()
        skipSpace()
        guard i == end, let batchID, let records else { throw Stop() }
        return (batchID, records)
    }

    private mutating func recordArray() throws(Stop) -> [SensorRecordInput] {
        skipSpace()
        guard next() == UInt8(ascii: "[") else { throw Stop() }
        var records: [SensorRecordInput] = []
        // The smallest record, {"at":"2026-11-23T08:00:00Z","kind":"plate"}, is 44 bytes.
        records.reserveCapacity(min(10_001, end / 44 + 1))
        skipSpace()
        if peek() == UInt8(ascii: "]") { i += 1; return records }
        while true {
            records.append(try record())
            skipSpace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return records
            default: throw Stop()
            }
        }
    }

    private static func topField(_ key: UnsafeRawBufferPointer) -> Int? {
        if equal(key, "batchID") { return 0 }
        if equal(key, "records") { return 1 }
        return nil
    }

    /// A record's member by its index in `SensorRecordInput`'s order (the bit of each in `seen`).
    private static func recordField(_ key: UnsafeRawBufferPointer) -> Int? {
        switch key.count {
        case 2: return equal(key, "at") ? 0 : nil
        case 3: return equal(key, "lat") ? 11 : equal(key, "lon") ? 12 : nil
        case 4: return equal(key, "kind") ? 1 : equal(key, "text") ? 9 : nil
        case 5: return equal(key, "plate") ? 2 : equal(key, "image") ? 7 : equal(key, "count") ? 10 : nil
        case 8: return equal(key, "document") ? 8 : nil
        case 9: return equal(key, "direction") ? 5 : nil
        case 10: return equal(key, "confidence") ? 6 : nil
        case 11: return equal(key, "plateColour") ? 3 : equal(key, "vehicleType") ? 4 : nil
        default: return nil
        }
    }

    private mutating func record() throws(Stop) -> SensorRecordInput {
        var at: Date?, kind: SensorRecord.Kind?
        var plate: String?, plateColour: String?, vehicleType: String?, direction: String?, image: String?, document: String?, text: String?
        var confidence: Double?, lat: Double?, lon: Double?, count: Int?
        var seen: UInt16 = 0
        try open()
        repeat {
            let field = try memberKey(Self.recordField)
            let bit = UInt16(1) << field
            guard seen & bit == 0 else { throw Stop() }
            seen |= bit
            switch field {
            case 0: at = try date()
            case 1:
                guard let k = SensorRecord.Kind(rawValue: try string()) else { throw Stop() }
                kind = k
            case 2: plate = try optionalString()
            case 3: plateColour = try optionalString()
            case 4: vehicleType = try optionalString()
            case 5: direction = try optionalString()
            case 6: confidence = try optionalNumber()
            case 7: image = try optionalString()
            case 8: document = try optionalString()
            case 9: text = try optionalString()
            case 10: count = try optionalInteger()
            case 11: lat = try optionalNumber()
            default: lon = try optionalNumber()
            }
        } while try moreMembers()
        guard let at, let kind else { throw Stop() }
        return SensorRecordInput(at: at, kind: kind, plate: plate, plateColour: plateColour, vehicleType: vehicleType, direction: direction,
                                 confidence: confidence, image: image, document: document, text: text, count: count, lat: lat, lon: lon)
    }

    /// Consumes `{` and stops at an empty object (no batch or record is one).
    private mutating func open() throws(Stop) {
        skipSpace()
        guard next() == UInt8(ascii: "{") else { throw Stop() }
        skipSpace()
        guard peek() != UInt8(ascii: "}") else { throw Stop() }
    }

    /// Reads `"key":`, leaving the position at the member's value: the key as `field` names it
    /// (an unknown key stops).
    private mutating func memberKey(_ field: (UnsafeRawBufferPointer) -> Int?) throws(Stop) -> Int {
        skipSpace()
        let (raw, escaped) = try rawString()
        let index: Int?
        if escaped {
            var key = try Self.text(raw, escaped: true)
            index = key.withUTF8 { field(UnsafeRawBufferPointer($0)) }
        } else {
            index = field(raw)
        }
        guard let index else { throw Stop() }
        skipSpace()
        guard next() == UInt8(ascii: ":") else { throw Stop() }
        return index
    }

    /// Whether `key`'s bytes are `name`'s (an ASCII name, so no UTF-8 check is needed).
    @inline(__always) private static func equal(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }

    /// After a member's value: true at `,` (another member follows), false at the closing `}`.
    private mutating func moreMembers() throws(Stop) -> Bool {
        skipSpace()
        switch next() {
        case UInt8(ascii: ","): return true
        case UInt8(ascii: "}"): return false
        default: throw Stop()
        }
    }

    // MARK: Values

    private mutating func date() throws(Stop) -> Date {
        skipSpace()
        let (raw, escaped) = try rawString()
        if !escaped, let date = Timestamp.parse(utf8: raw.assumingMemoryBound(to: UInt8.self)) { return date }
        // Other forms (and escaped text): as the general reader parses them, Foundation's parser included.
        guard let date = Timestamp.parse(try Self.text(raw, escaped: escaped)) else { throw Stop() }
        return date
    }

    private mutating func string() throws(Stop) -> String {
        skipSpace()
        let (raw, escaped) = try rawString()
        return try Self.text(raw, escaped: escaped)
    }

    private mutating func optionalString() throws(Stop) -> String? {
        skipSpace()
        if peek() == UInt8(ascii: "n") { try null(); return nil }
        return try string()
    }

    private mutating func optionalNumber() throws(Stop) -> Double? {
        skipSpace()
        if peek() == UInt8(ascii: "n") { try null(); return nil }
        return try number()
    }

    /// A count: a JSON integer of at most 18 digits (any other form stops).
    private mutating func optionalInteger() throws(Stop) -> Int? {
        skipSpace()
        if peek() == UInt8(ascii: "n") { try null(); return nil }
        let negative = peek() == UInt8(ascii: "-")
        if negative { i += 1 }
        let start = i
        var value = 0
        while let d = digit() { value = value &* 10 &+ Int(d); i += 1 }
        let length = i - start
        guard length > 0, length <= 18, length == 1 || bytes[start] != UInt8(ascii: "0") else { throw Stop() }
        if let c = peek(), c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { throw Stop() }
        return negative ? -value : value
    }

    /// The powers of ten a double holds exactly.
    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// A JSON number, finite, correctly rounded: by one exact operation when its digits fit a
    /// double and its power of ten is at most 22 (Clinger's fast path), else by strtod.
    private mutating func number() throws(Stop) -> Double {
        let start = i
        let negative = peek() == UInt8(ascii: "-")
        if negative { i += 1 }
        guard let first = digit() else { throw Stop() }
        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0
        @inline(__always) func take(_ d: UInt8) {
            guard mantissa != 0 || d != 0 else { return }
            significant += 1
            if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) }
        }
        if first == 0 {
            i += 1
            guard digit() == nil else { throw Stop() }
        } else {
            while let d = digit() { take(d); i += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard digit() != nil else { throw Stop() }
            while let d = digit() { take(d); scale -= 1; i += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            i += 1
            var sign = 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { sign = s == UInt8(ascii: "-") ? -1 : 1; i += 1 }
            guard digit() != nil else { throw Stop() }
            var exponent = 0
            while let d = digit() { exponent = min(exponent &* 10 &+ Int(d), 100_000); i += 1 }
            scale += sign * exponent
        }
        if significant <= 15, (-22...22).contains(scale) {
            let magnitude = scale < 0 ? Double(mantissa) / Self.powersOfTen[-scale] : Double(mantissa) * Self.powersOfTen[scale]
            return negative ? -magnitude : magnitude
        }
        let length = i - start
        guard length < 64 else { throw Stop() }
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        // Out of a double's range is malformed to the general reader.
        guard value.isFinite else { throw Stop() }
        return value
    }

    private mutating func null() throws(Stop) {
        guard i + 4 <= end, bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else {
            throw Stop()
        }
        i += 4
    }

    // MARK: Strings

    /// A string's body, the bytes between its quotes, and whether it holds escapes. Raw control
    /// characters stop; escapes and UTF-8 are checked when the text is made.
    private mutating func rawString() throws(Stop) -> (UnsafeRawBufferPointer, escaped: Bool) {
        guard next() == UInt8(ascii: "\"") else { throw Stop() }
        let start = i
        var escaped = false
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(start: bytes + start, count: i - start)
                i += 1
                return (raw, escaped)
            }
            if c == UInt8(ascii: "\\") { escaped = true; i += 2; continue }
            guard c >= 0x20 else { throw Stop() }
            i += 1
        }
        throw Stop()
    }

    /// A string's text: escapes decoded (surrogate pairs joined, lone ones refused), UTF-8 checked.
    private static func text(_ raw: UnsafeRawBufferPointer, escaped: Bool) throws(Stop) -> String {
        if escaped {
            do { return try JSONStringEscapes.decode(raw) } catch { throw Stop() }
        }
        guard let text = String(wellFormedUTF8: raw) else { throw Stop() }
        return text
    }

    // MARK: Bytes

    @inline(__always) private func peek() -> UInt8? { i < end ? bytes[i] : nil }

    /// The value of the digit at the position, nil when there is none.
    @inline(__always) private func digit() -> UInt8? {
        guard i < end else { return nil }
        let d = bytes[i] &- 48
        return d <= 9 ? d : nil
    }

    @inline(__always) private mutating func next() -> UInt8? {
        guard i < end else { return nil }
        defer { i += 1 }
        return bytes[i]
    }

    @inline(__always) private mutating func skipSpace() {
        while i < end {
            let c = bytes[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }
}
