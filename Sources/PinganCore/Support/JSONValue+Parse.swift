import Foundation

extension JSONValue {
    /// The deepest nesting any JSON reader of the platform accepts: each level is a stack frame,
    /// and a body of tens of thousands of `[` would otherwise exhaust the stack.
    public static let maxDepth = 512

    /// Why a text is not JSON (RFC 8259), with the byte offset where reading stopped.
    public struct Malformed: Error, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Reads one JSON text into a tree in one pass, and notes the first key that appears twice
    /// in one object (the tree keeps the last value, as `JSONDecoder` does).
    ///
    /// Why not `JSONDecoder`: decoding a `JSONValue` through `Decoder` finds each leaf's type by
    /// failing to read it as the others, and every failure builds an error; request bodies and
    /// every live-feed frame go through here. Strict: no trailing commas, comments, leading zeros,
    /// bare control characters, lone surrogates, invalid UTF-8 or text after the value; nesting
    /// deeper than 512 is refused rather than risking the stack.
    public static func parse(_ bytes: some Collection<UInt8>) throws(Malformed) -> (value: JSONValue, duplicateKey: String?) {
        let result: Result<(JSONValue, String?), Malformed> = bytes.withContiguousStorageIfAvailable { buffer in
            var reader = Reader(bytes: buffer)
            return Result { () throws(Malformed) in try reader.document() }
        } ?? {
            let copy = Array(bytes)
            return copy.withUnsafeBufferPointer { buffer in
                var reader = Reader(bytes: buffer)
                return Result { () throws(Malformed) in try reader.document() }
            }
        }()
        return try result.get()
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var depth = 0
        var duplicate: String?

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ reason: String) -> Malformed { Malformed(offset: i, reason: reason) }

        mutating func document() throws(Malformed) -> (JSONValue, String?) {
            skipSpace()
            let value = try self.value()
            skipSpace()
            guard i == bytes.count else { throw fail("text after the JSON value") }
            return (value, duplicate)
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func value() throws(Malformed) -> JSONValue {
            guard i < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(Malformed) {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { throw fail("unexpected end of input") }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("unexpected character") }
            i += n
        }

        mutating func enter() throws(Malformed) {
            depth += 1
            guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth)") }
        }

        mutating func object() throws(Malformed) -> JSONValue {
            try enter()
            i += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                depth -= 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                let member = try value()
                if members.updateValue(member, forKey: key) != nil, duplicate == nil { duplicate = key }
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of input") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                i += 1
                depth -= 1
                return .object(members)
            }
        }

        mutating func array() throws(Malformed) -> JSONValue {
            try enter()
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                depth -= 1
                return .array(items)
            }
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of input") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                i += 1
                depth -= 1
                return .array(items)
            }
        }

        mutating func number() throws(Malformed) -> Double {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit") }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
                if i < bytes.count, isDigit(bytes[i]) { throw fail("leading zero") }
            } else {
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit after '.'") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected an exponent") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw Malformed(offset: start, reason: "number out of range") }
            return value
        }

        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        /// A string starting at the opening quote: found to its closing quote, then taken as it
        /// is when it has no escapes, else through `JSONStringEscapes`.
        mutating func string() throws(Malformed) -> String {
            i += 1
            let start = i
            var escaped = false
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { break }
                if b == UInt8(ascii: "\\") { escaped = true; i += 2; continue }
                guard b >= 0x20 else { throw fail("control character in a string") }
                i += 1
            }
            guard i < bytes.count else { throw fail("unterminated string") }
            let run = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            i += 1
            if !escaped {
                guard let s = String(wellFormedUTF8: run) else { throw Malformed(offset: start, reason: "invalid UTF-8") }
                return s
            }
            do { return try JSONStringEscapes.decode(run) } catch { throw Malformed(offset: start + error.offset, reason: error.reason) }
        }
    }
}
