import Foundation

/// A Chinese civil vehicle registration plate (GA 36-2018), in one canonical spelling.
///
/// Checkpoint cameras, officers' handsets and imported watchlists spell the same plate many ways
/// ("京Ａ·12345", "京 a-12345", "A12345" from a camera that cannot read the Chinese character);
/// matching needs one. `normalise(_:defaultProvince:)` is the only way in, so a `PlateNumber`
/// is always valid and always canonical: province abbreviation, issuing-authority letter, then
/// the serial, with no separators ("京A12345", "粤BD12345", "京A1234警").
///
/// Besides its text a plate keeps its characters packed into one integer (`key`), which is what
/// equality, hashing and `PlateIndex` use, so the hot path never looks at the string.
public struct PlateNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The canonical spelling, e.g. "京A12345".
    public let text: String
    /// The plate's symbols (`PlateSymbols`), 7 bits each, the first in the lowest bits; no symbol
    /// is 0, so the length is implied and two plates are equal exactly when their keys are.
    let key: UInt64

    init(text: String, key: UInt64) {
        self.text = text
        self.key = key
    }

    public var description: String { text }

    public static func == (a: PlateNumber, b: PlateNumber) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// Encoded as its canonical text alone.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Decoded through `normalise(_:)`, so stored or received plates are checked like typed ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try Self.normalise(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Turns a plate as read or typed into its canonical form, or says why it is not a plate.
    ///
    /// The rules, in order:
    /// 1. full-width ASCII (U+FF01–U+FF5E) becomes half-width, the ideographic space a space;
    /// 2. white space and the separators `·` `•` `・` `-` `.` are removed;
    /// 3. ASCII letters are upper-cased;
    /// 4. if the first character is no province abbreviation and `defaultProvince` is given, it is
    ///    put in front (a camera that reads only the Latin part of the plate);
    /// 5. in the serial (after the authority letter), I and O, which are never issued, become 1 and 0.
    ///
    /// Then the plate must be a province abbreviation (one of the 31), an issuing-authority
    /// letter (A–Z but not I or O), and a serial of 5 (ordinary) or 6 (new-energy) letters and
    /// digits, or of 4 followed by one of 警 学 挂 港 澳 领.
    ///
    /// - Parameters:
    ///   - raw: the plate as read.
    ///   - defaultProvince: the province to assume where the reading starts without one, usually
    ///     the checkpoint's own.
    /// - Throws: `PlateError`, whose `kind` says which rule the reading broke.
    public static func normalise(_ raw: String, defaultProvince: Character? = nil) throws(PlateError) -> PlateNumber {
        if let plate = canonical(raw) { return plate }
        return try general(raw, defaultProvince: defaultProvince)
    }

    /// The rules above applied one by one.
    static func general(_ raw: String, defaultProvince: Character?) throws(PlateError) -> PlateNumber {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(12)
        for original in raw.unicodeScalars {
            var value = original.value
            if value >= 0xFF01 && value <= 0xFF5E {
                value -= 0xFEE0
            } else if value == 0x3000 {
                value = 0x20
            }
            guard let scalar = Unicode.Scalar(value) else { continue }
            // ASCII's white space by value; Unicode's property table only past it (a table
            // look-up per character was a tenth of a gate batch's intake).
            let white = value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : scalar.properties.isWhitespace
            if white || separators.contains(value) { continue }
            if value >= 0x61 && value <= 0x7A {  // a-z
                scalars.append(Unicode.Scalar(UInt8(value - 0x20)))
            } else {
                scalars.append(scalar)
            }
        }
        guard !scalars.isEmpty else {
            throw PlateError(.empty, "no plate characters in “\(raw.prefix(40))”")
        }
        if PlateSymbols.province(scalars[0]) == nil, let defaultProvince {
            scalars.insert(contentsOf: defaultProvince.unicodeScalars, at: 0)
        }
        if scalars.count > 2 {
            for i in 2..<scalars.count {
                if scalars[i] == "I" { scalars[i] = "1" } else if scalars[i] == "O" { scalars[i] = "0" }
            }
        }
        return try validate(scalars)
    }

    /// The plate, when `raw` is already in canonical form (as a gate camera sends it): its key
    /// straight from the text, which is kept as it came, with no array of characters and no new
    /// string. Anything else, even a lower-case letter, is nil and goes the general way; the two
    /// agree wherever this one answers (`PlateNumberTests`). A gate's batch of 2,000 spent most
    /// of its intake here.
    static func canonical(_ raw: String) -> PlateNumber? {
        var key: UInt64 = 0
        var count = 0
        var suffixed = false
        for s in raw.unicodeScalars {
            guard count < PlateSymbols.maxLength, !suffixed else { return nil }
            let symbol: UInt8
            switch count {
            case 0:
                guard let province = PlateSymbols.province(s) else { return nil }
                symbol = province
            case 1:
                guard let authority = PlateSymbols.letter(s) else { return nil }
                symbol = authority
            default:
                if let serial = PlateSymbols.letter(s) ?? PlateSymbols.digit(s) {
                    symbol = serial
                } else if count == 6, let suffix = PlateSymbols.suffix(s) {
                    symbol = suffix
                    suffixed = true
                } else {
                    return nil
                }
            }
            key |= UInt64(symbol) << (PlateSymbols.bits * UInt64(count))
            count += 1
        }
        guard count == 7 || (count == 8 && !suffixed) else { return nil }
        return PlateNumber(text: raw, key: key)
    }

    private static let separators: [UInt32] = [0xB7, 0x2022, 0x30FB, 0x2D, 0x2E]  // · • ・ - .

    private static func validate(_ scalars: [Unicode.Scalar]) throws(PlateError) -> PlateNumber {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        guard let province = PlateSymbols.province(scalars[0]) else {
            throw PlateError(.unknownProvince, "“\(text.prefix(40))” does not start with a province abbreviation")
        }
        guard scalars.count >= 2 else {
            throw PlateError(.badLength, "“\(text)” has no issuing-authority letter or serial")
        }
        guard let authority = PlateSymbols.letter(scalars[1]) else {
            throw PlateError(.badAuthority, "“\(text.prefix(40))”: the issuing-authority letter must be A–Z other than I and O")
        }
        let hasSuffix = scalars.count > 2 && PlateSymbols.suffix(scalars[scalars.count - 1]) != nil
        let serialEnd = hasSuffix ? scalars.count - 1 : scalars.count
        var key = UInt64(province) | UInt64(authority) << PlateSymbols.bits
        for i in 2..<serialEnd {
            guard let symbol = PlateSymbols.letter(scalars[i]) ?? PlateSymbols.digit(scalars[i]) else {
                throw PlateError(.badSerial, "“\(text.prefix(40))”: the serial may hold only letters other than I and O, and digits")
            }
            if i < PlateSymbols.maxLength { key |= UInt64(symbol) << (PlateSymbols.bits * UInt64(i)) }
        }
        let serialLength = serialEnd - 2
        guard hasSuffix ? serialLength == 4 : (serialLength == 5 || serialLength == 6) else {
            throw PlateError(.badLength, hasSuffix
                ? "“\(text.prefix(40))”: a plate ending in \(scalars[scalars.count - 1]) has a serial of 4 characters"
                : "“\(text.prefix(40))”: the serial has 5 characters (6 on a new-energy plate)")
        }
        if hasSuffix, let suffix = PlateSymbols.suffix(scalars[serialEnd]) {
            key |= UInt64(suffix) << (PlateSymbols.bits * UInt64(serialEnd))
        }
        return PlateNumber(text: text, key: key)
    }
}


/// The plate alphabet as small integers, shared by `PlateNumber` (its `key`) and `PlateIndex`.
///
/// 0 is "no symbol"; 1–31 the provinces in `provinces` order; 32–41 the digits; 42–67 the
/// letters A–Z; 68–73 the suffixes 警 学 挂 港 澳 领. Seven bits each, at most eight per plate.
enum PlateSymbols {
    static let bits: UInt64 = 7
    static let mask: UInt64 = 0x7F
    static let maxLength = 8
    static let provinces: [Unicode.Scalar] = Array("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".unicodeScalars)
    static let suffixes: [Unicode.Scalar] = Array("警学挂港澳领".unicodeScalars)
    static let digitBase: UInt8 = 32
    static let letterBase: UInt8 = 42
    static let suffixBase: UInt8 = 68

    static func province(_ s: Unicode.Scalar) -> UInt8? {
        provinces.firstIndex(of: s).map { UInt8($0 + 1) }
    }

    /// A–Z other than I and O.
    static func letter(_ s: Unicode.Scalar) -> UInt8? {
        guard s.value >= 0x41 && s.value <= 0x5A && s != "I" && s != "O" else { return nil }
        return letterBase + UInt8(s.value - 0x41)
    }

    static func digit(_ s: Unicode.Scalar) -> UInt8? {
        guard s.value >= 0x30 && s.value <= 0x39 else { return nil }
        return digitBase + UInt8(s.value - 0x30)
    }

    static func suffix(_ s: Unicode.Scalar) -> UInt8? {
        suffixes.firstIndex(of: s).map { suffixBase + UInt8($0) }
    }
}
