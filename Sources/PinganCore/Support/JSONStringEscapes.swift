/// The one decoder of JSON string escapes (RFC 8259 §7), shared by the general JSON reader and
/// the position-batch reader: the bytes between a string's quotes in, the text out.
public enum JSONStringEscapes {
    /// Why a string's body does not decode, with the offset in it where reading stopped.
    public struct Invalid: Error, Sendable, Hashable {
        public var offset: Int
        public var reason: String
    }

    /// Decodes `raw`, the bytes between the quotes: escapes resolved (surrogate pairs joined,
    /// lone surrogates refused), raw control characters refused, UTF-8 checked.
    public static func decode(_ raw: UnsafeRawBufferPointer) throws(Invalid) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        func hex4(_ at: Int) throws(Invalid) -> UInt32 {
            guard at + 4 <= raw.count else { throw Invalid(offset: at, reason: "unexpected end of input") }
            var v: UInt32 = 0
            for j in at..<(at + 4) {
                let c = raw[j]
                let d: UInt8
                switch c {
                case 48...57: d = c - 48
                case 65...70: d = c - 55
                case 97...102: d = c - 87
                default: throw Invalid(offset: j, reason: "invalid \\u escape")
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while k < raw.count {
            let c = raw[k]
            guard c == UInt8(ascii: "\\") else {
                guard c >= 0x20 else { throw Invalid(offset: k, reason: "control character in a string") }
                out.append(c)
                k += 1
                continue
            }
            guard k + 1 < raw.count else { throw Invalid(offset: k, reason: "unexpected end of input") }
            let e = raw[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(k)
                k += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard k + 6 <= raw.count, raw[k] == UInt8(ascii: "\\"), raw[k + 1] == UInt8(ascii: "u") else {
                        throw Invalid(offset: k, reason: "lone surrogate")
                    }
                    let low = try hex4(k + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw Invalid(offset: k, reason: "lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw Invalid(offset: k, reason: "lone surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw Invalid(offset: k, reason: "invalid escape") }
                out.append(contentsOf: String(Character(u)).utf8)
            default:
                throw Invalid(offset: k - 1, reason: "invalid escape")
            }
        }
        guard let s = out.withUnsafeBytes({ String(wellFormedUTF8: $0) }) else { throw Invalid(offset: 0, reason: "invalid UTF-8") }
        return s
    }
}
