/// Whether two calls came from the same telephone, decided on digits only.
///
/// Numbers arrive as "+86 138-0013-8000", "13800138000", "(610) 555-0100" or "１３８…": only
/// the digits (ASCII or full-width) count, and only the last ten of them, so a country code or
/// a trunk zero in front does not split one caller in two. Fewer than seven digits (withheld,
/// "unknown", a short service number) is no number: such calls never match each other.
public enum CallerNumber {
    /// Digits kept from the end of a number.
    public static let significantDigits = 10
    /// Fewer digits than this is not a caller's number.
    public static let minimumDigits = 7

    /// A non-zero key equal for numbers that are the same caller, or 0 when there is no usable
    /// number. The key is the value of the last ten digits plus one, so it is exact: two
    /// different callers never share a key.
    public static func key(_ phone: String?) -> UInt64 {
        guard let phone else { return 0 }
        var value: UInt64 = 0, digits = 0, scale: UInt64 = 1
        // From the end, so only the last ten digits are read.
        for scalar in phone.unicodeScalars.reversed() {
            var v = scalar.value
            if v >= 0xFF10 && v <= 0xFF19 { v -= 0xFEE0 }
            guard v >= 0x30 && v <= 0x39 else { continue }
            digits += 1
            if digits <= significantDigits {
                value += UInt64(v - 0x30) * scale
                scale *= 10
            }
        }
        return digits >= minimumDigits ? value + 1 : 0
    }

    /// Whether `a` and `b` are the same caller's number.
    public static func same(_ a: String?, _ b: String?) -> Bool {
        let k = key(a)
        return k != 0 && k == key(b)
    }
}
