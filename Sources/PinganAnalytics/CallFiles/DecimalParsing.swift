/// Parses a plain decimal number (`-75.5812935`, `+1.5e3`) from bytes without building a String.
/// Coordinates are two of every row's fields, and this keeps the row loop allocation-free.
enum DecimalParsing {
    static func double(_ bytes: ArraySlice<UInt8>) -> Double? { bytes.withUnsafeBufferPointer { double($0) } }

    static func double(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var b: UInt8? = p.isEmpty ? nil : p[0]
        func next() -> UInt8? { i += 1; return i < p.count ? p[i] : nil }
        while b == 0x20 { b = next() }
        var negative = false
        if b == 0x2D { negative = true; b = next() } else if b == 0x2B { b = next() }
        var mantissa: UInt64 = 0, digits = 0, scale = 0, any = false
        while let c = b, c >= 0x30, c <= 0x39 {
            if digits < 18 { mantissa = mantissa * 10 + UInt64(c - 0x30); digits += mantissa == 0 ? 0 : 1 } else { scale += 1 }
            any = true; b = next()
        }
        if b == 0x2E {
            b = next()
            while let c = b, c >= 0x30, c <= 0x39 {
                if digits < 18 { mantissa = mantissa * 10 + UInt64(c - 0x30); digits += mantissa == 0 ? 0 : 1; scale -= 1 }
                any = true; b = next()
            }
        }
        guard any else { return nil }
        if b == 0x65 || b == 0x45 {
            b = next()
            var eneg = false
            if b == 0x2D { eneg = true; b = next() } else if b == 0x2B { b = next() }
            var e = 0, eany = false
            while let c = b, c >= 0x30, c <= 0x39, e < 10_000 { e = e * 10 + Int(c - 0x30); eany = true; b = next() }
            guard eany else { return nil }
            scale += eneg ? -e : e
        }
        while b == 0x20 { b = next() }
        guard b == nil else { return nil }
        var v = Double(mantissa)
        if scale < 0 {
            if scale >= -22 { v /= pow10[-scale] } else { v = v / pow10[22] / powTen(-scale - 22) }
        } else if scale > 0 {
            v *= scale <= 22 ? pow10[scale] : powTen(scale)
        }
        return negative ? -v : v
    }

    private static let pow10: [Double] = (0...22).map { powTen($0) }
    private static func powTen(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<min(n, 400) { r *= 10 }
        return r
    }
}
