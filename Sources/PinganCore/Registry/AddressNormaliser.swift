/// One spelling for every way an address part is typed. The rules, in order:
///
/// 1. Full-width forms (U+FF01–U+FF5E) become their ASCII letters, digits and signs; the
///    ideographic space goes with the other white space, which is dropped.
/// 2. Traditional forms of the words addresses use become simplified (號→号, 樓→楼, 單→单), and
///    ASCII letters are upper-cased (3a栋 = 3A栋).
/// 3. Each part loses its own trailing word: a number 号, a building 号楼/栋/幢/座/楼, a unit
///    单元, a room 室/房/户/号.
/// 4. A part written wholly in Chinese numerals becomes digits (十二 → 12, 一百零五 → 105), and
///    leading zeros go from every run of digits (0302 → 302).
///
/// The district and the street keep their words (路, 街, 弄 are part of the name); only rules
/// 1 and 2 apply to them.
public enum AddressNormaliser {
    static let maxPart = 60

    /// The parts in their one spelling, or why they cannot be an address.
    /// - Throws: `DomainError` naming the field: a missing district, street or number, a part
    ///   too long, a control character, or a `|` (the key's separator).
    public static func normalise(_ raw: AddressParts) throws(DomainError) -> AddressParts {
        func required(_ value: String, _ field: String, suffixes: [String]) throws(DomainError) -> String {
            try TextRules.check(value, field: field, max: maxPart)
            let part = self.part(value, suffixes: suffixes)
            guard !part.isEmpty else { throw DomainError.invalid(field, "\(field) must not be empty") }
            guard !part.contains("|") else { throw DomainError.invalid(field, "\(field) may not hold '|'") }
            return part
        }
        func optional(_ value: String?, _ field: String, suffixes: [String]) throws(DomainError) -> String? {
            guard let value, !fold(value).isEmpty else { return nil }
            return try required(value, field, suffixes: suffixes)
        }
        return AddressParts(
            district: try required(raw.district, "district", suffixes: []),
            street: try required(raw.street, "street", suffixes: []),
            number: try required(raw.number, "number", suffixes: ["号"]),
            building: try optional(raw.building, "building", suffixes: ["号楼", "栋", "幢", "座", "楼"]),
            unit: try optional(raw.unit, "unit", suffixes: ["单元"]),
            room: try optional(raw.room, "room", suffixes: ["室", "房", "户", "号"]))
    }

    /// Rules 1 and 2: what search compares as well, so a typed fragment meets the stored text.
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for original in s.unicodeScalars {
            var value = original.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if isWhiteSpace(value) { continue }
            if value >= 0x61 && value <= 0x7A { value -= 0x20 }
            out.append(Unicode.Scalar(simplified(value)) ?? original)
        }
        return String(out)
    }

    /// Unicode's White_Space characters, by value (a property look-up per character cost more
    /// than the rest of the fold in a population import).
    @inline(__always) static func isWhiteSpace(_ v: UInt32) -> Bool {
        v == 0x20 || (v >= 0x09 && v <= 0x0D) || v == 0x85 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A)
            || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F || v == 0x3000
    }

    /// The simplified form of the traditional characters addresses use (號→号, 樓→楼, 單→单,
    /// 區→区, 園→园, 門→门, 層→层, 戶→户); any other character as it is.
    @inline(__always) static func simplified(_ v: UInt32) -> UInt32 {
        switch v {
        case 0x865F: 0x53F7
        case 0x6A13: 0x697C
        case 0x55AE: 0x5355
        case 0x5340: 0x533A
        case 0x5712: 0x56ED
        case 0x9580: 0x95E8
        case 0x5C64: 0x5C42
        case 0x6236: 0x6237
        default: v
        }
    }

    static func part(_ s: String, suffixes: [String]) -> String {
        var p = fold(s)
        for suffix in suffixes where p.hasSuffix(suffix) && p.count > suffix.count {
            p.removeLast(suffix.count)
            break
        }
        if let n = chineseNumber(p) { return String(n) }
        return stripLeadingZeros(p)
    }

    /// 0302 → 302, 3-05 → 3-5; a lone 0 stays.
    static func stripLeadingZeros(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var inRun = false, pendingZero = false
        for c in s.unicodeScalars {
            let digit = c.value >= 0x30 && c.value <= 0x39
            if digit {
                if !inRun && c == "0" { pendingZero = true; continue }
                inRun = true
                pendingZero = false
                out.append(c)
            } else {
                if pendingZero { out.append("0") }
                inRun = false
                pendingZero = false
                out.append(c)
            }
        }
        if pendingZero { out.append("0") }
        return String(out)
    }

    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    /// A number written wholly in Chinese numerals below 10,000 (十二, 二十一, 一百零五), else nil.
    static func chineseNumber(_ s: String) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ digits[$0] != nil || units[$0] != nil }) else { return nil }
        var total = 0, current = -1
        var lastUnit = Int.max
        for c in s {
            if let d = digits[c] {
                if current > 0 { return nil }  // 二三: two digits in a row is not a number
                current = d
            } else if let u = units[c] {
                guard u < lastUnit else { return nil }
                total += (current < 0 ? 1 : current) * u  // 十二: a leading 十 is one ten
                lastUnit = u
                current = -1
            }
        }
        if current > 0 { total += current }
        return total
    }
}
