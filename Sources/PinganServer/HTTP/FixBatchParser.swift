import Foundation
import NIOCore
import PinganCore

/// Reads a position batch, `{"fixes":[{"unitID","time","lat","lon","speed"?,"heading"?,"accuracy"?}, …]}`,
/// in one pass over the bytes straight into `PositionFix` values.
///
/// Position uploads are the one body that arrives thousands of times a second with thousands of
/// records each; the general `BodyReader` path (a JSON tree, a duplicate-key scan, a shape check
/// and a typed decode) costs tens of microseconds per fix there. This reader keeps the same
/// contract — well-formed JSON only, unknown and repeated keys refused, missing or mistyped fields
/// named — and answers with the same problem codes, at a small fraction of the cost.
struct FixBatchParser {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0
    /// How deep `skipValue` may descend into a value it only skips. A fix holds no nesting at all,
    /// so this only bounds hostile input: each level is a stack frame, and 40,000 of them crash
    /// the process (issue 13). The general body reader stops at the same depth.
    static let maxDepth = JSONValue.maxDepth

    static func parse(_ buffer: ByteBuffer) throws -> [PositionFix] {
        try buffer.withUnsafeReadableBytes { raw in
            var parser = FixBatchParser(bytes: raw)
            return try parser.document()
        }
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    // MARK: Grammar

    private mutating func document() throws -> [PositionFix] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            if i < bytes.count, (try? skipValue()) != nil, atEnd() { throw Problem.invalidField("", "the body must be a JSON object") }
            throw Self.malformed()
        }
        var fixes: [PositionFix]?
        if try beginObject() {
            repeat {
                let key = try memberKey()
                guard key == "fixes" else { throw Self.unknown(key) }
                guard fixes == nil else { throw Self.duplicate(key) }
                fixes = try fixArray()
            } while try moreMembers()
        }
        guard atEnd() else { throw Self.malformed() }
        guard let fixes else { throw Problem.invalidField("fixes", "missing field fixes") }
        return fixes
    }

    private mutating func fixArray() throws -> [PositionFix] {
        skipSpace()
        guard peek() == UInt8(ascii: "[") else {
            if peek() == UInt8(ascii: "n") { try literal("null"); throw Problem.invalidField("fixes", "field fixes must be an array, not null") }
            try skipValue()
            throw Problem.invalidField("fixes", "field fixes must be an array")
        }
        i += 1
        var fixes: [PositionFix] = []
        fixes.reserveCapacity(min(8192, bytes.count / 60))
        skipSpace()
        if peek() == UInt8(ascii: "]") { i += 1; return fixes }
        while true {
            fixes.append(try fix(index: fixes.count))
            skipSpace()
            guard let c = next() else { throw Self.malformed() }
            if c == UInt8(ascii: "]") { return fixes }
            guard c == UInt8(ascii: ",") else { throw Self.malformed() }
        }
    }

    private mutating func fix(index: Int) throws -> PositionFix {
        let at = "fixes.\(index)"
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            try skipValue()
            throw Problem.invalidField(at, "field \(at) must be an object")
        }
        var unit: String?, time: Date?, lat: Double?, lon: Double?, speed: Double?, heading: Double?, accuracy: Double?
        var seen: UInt8 = 0
        if try beginObject() { repeat {
            let key = try memberKey()
            let bit: UInt8
            switch key {
            case "unitID": bit = 1
            case "time": bit = 2
            case "lat": bit = 4
            case "lon": bit = 8
            case "speed": bit = 16
            case "heading": bit = 32
            case "accuracy": bit = 64
            default: throw Self.unknown("\(at).\(key)")
            }
            guard seen & bit == 0 else { throw Self.duplicate("\(at).\(key)") }
            seen |= bit
            let field = "\(at).\(key)"
            switch bit {
            case 1: unit = try requiredString(field)
            case 2:
                let text = try requiredString(field)
                guard let date = Timestamp.parse(text) else { throw Problem.invalidField(field, "field \(field) has an invalid value") }
                time = date
            case 4: lat = try number(field, required: true)
            case 8: lon = try number(field, required: true)
            case 16: speed = try number(field, required: false)
            case 32: heading = try number(field, required: false)
            default: accuracy = try number(field, required: false)
            }
        } while try moreMembers() }
        guard let unit else { throw Problem.invalidField("\(at).unitID", "missing field \(at).unitID") }
        guard let time else { throw Problem.invalidField("\(at).time", "missing field \(at).time") }
        guard let lat else { throw Problem.invalidField("\(at).lat", "missing field \(at).lat") }
        guard let lon else { throw Problem.invalidField("\(at).lon", "missing field \(at).lon") }
        return PositionFix(unit: UnitID(unit), time: time, lat: lat, lon: lon, speed: speed, heading: heading, accuracy: accuracy)
    }

    /// Consumes `{`; false when the object is empty (its `}` consumed too).
    private mutating func beginObject() throws -> Bool {
        skipSpace()
        guard next() == UInt8(ascii: "{") else { throw Self.malformed() }
        skipSpace()
        if peek() == UInt8(ascii: "}") { i += 1; return false }
        return true
    }

    /// Reads `"key":`, leaving the position at the member's value.
    private mutating func memberKey() throws -> String {
        skipSpace()
        guard peek() == UInt8(ascii: "\"") else { throw Self.malformed() }
        let key = try string()
        skipSpace()
        guard next() == UInt8(ascii: ":") else { throw Self.malformed() }
        return key
    }

    /// After a member's value: true at `,` (another member follows), false at the closing `}`.
    private mutating func moreMembers() throws -> Bool {
        skipSpace()
        guard let c = next() else { throw Self.malformed() }
        if c == UInt8(ascii: "}") { return false }
        guard c == UInt8(ascii: ",") else { throw Self.malformed() }
        return true
    }

    private mutating func requiredString(_ field: String) throws -> String {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "n"):
            try literal("null")
            throw Problem.invalidField(field, "field \(field) must be a string, not null")
        default:
            try skipValue()
            throw Problem.invalidField(field, "field \(field) must be a string")
        }
    }

    private mutating func number(_ field: String, required: Bool) throws -> Double? {
        skipSpace()
        guard let c = peek() else { throw Self.malformed() }
        if c == UInt8(ascii: "n") {
            try literal("null")
            if required { throw Problem.invalidField(field, "field \(field) must be a number, not null") }
            return nil
        }
        guard c == UInt8(ascii: "-") || (c >= 48 && c <= 57) else {
            try skipValue()
            throw Problem.invalidField(field, "field \(field) must be a number")
        }
        return try numberLiteral()
    }

    // MARK: Tokens

    /// A JSON number, checked against the grammar and converted with correct rounding (strtod).
    private mutating func numberLiteral() throws -> Double {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        guard let first = peek(), first >= 48, first <= 57 else { throw Self.malformed() }
        if first == 48 { i += 1 } else { while let d = peek(), d >= 48, d <= 57 { i += 1 } }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard let d = peek(), d >= 48, d <= 57 else { throw Self.malformed() }
            while let d = peek(), d >= 48, d <= 57 { i += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            i += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { i += 1 }
            guard let d = peek(), d >= 48, d <= 57 else { throw Self.malformed() }
            while let d = peek(), d >= 48, d <= 57 { i += 1 }
        }
        let length = i - start
        guard length < 64 else { throw Self.malformed() }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// A JSON string starting at its opening quote; escapes decoded, UTF-8 checked.
    private mutating func string() throws -> String {
        guard next() == UInt8(ascii: "\"") else { throw Self.malformed() }
        let start = i
        var escaped = false
        while let c = peek() {
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw Self.malformed() }
            if c == UInt8(ascii: "\\") { escaped = true; i += 2 } else { i += 1 }
        }
        guard i < bytes.count else { throw Self.malformed() }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
        i += 1
        if !escaped {
            guard let s = String(wellFormedUTF8: raw) else { throw Self.malformed() }
            return s
        }
        do { return try JSONStringEscapes.decode(raw) } catch { throw Self.malformed() }
    }

    /// Skips any JSON value (to report a type error only once the value is known to be well formed).
    /// Deeper than `maxDepth` is refused as malformed rather than risking the stack.
    private mutating func skipValue(depth: Int = 0) throws {
        guard depth < Self.maxDepth else {
            throw Problem(.badRequest, code: "malformed_json", detail: "the body is nested deeper than \(Self.maxDepth) levels")
        }
        skipSpace()
        guard let c = peek() else { throw Self.malformed() }
        switch c {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "{"):
            if try beginObject() {
                repeat {
                    _ = try memberKey()
                    try skipValue(depth: depth + 1)
                } while try moreMembers()
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") { i += 1; return }
            while true {
                try skipValue(depth: depth + 1)
                skipSpace()
                guard let d = next() else { throw Self.malformed() }
                if d == UInt8(ascii: "]") { return }
                guard d == UInt8(ascii: ",") else { throw Self.malformed() }
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try numberLiteral()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw Self.malformed() }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw Self.malformed() }
        i += n
    }

    @inline(__always) private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    @inline(__always) private mutating func next() -> UInt8? {
        guard i < bytes.count else { return nil }
        defer { i += 1 }
        return bytes[i]
    }

    @inline(__always) private mutating func skipSpace() {
        while i < bytes.count {
            let c = bytes[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return i == bytes.count
    }

    // MARK: Problems, as BodyReader words them

    static func malformed() -> Problem { Problem(.badRequest, code: "malformed_json", detail: "the body is not well-formed JSON") }

    static func unknown(_ name: String) -> Problem {
        Problem(.badRequest, code: "unknown_field", detail: "unknown field \(name.prefix(100))", field: String(name.prefix(100)))
    }

    static func duplicate(_ name: String) -> Problem {
        Problem(.badRequest, code: "malformed_json", detail: "field \(name.prefix(100)) appears twice", field: String(name.prefix(100)))
    }
}
