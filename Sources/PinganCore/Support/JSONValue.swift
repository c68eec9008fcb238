import Foundation

/// Any JSON value. Event payloads are stored and streamed as JSON; this keeps them typed enough
/// to hash canonically and to forward without knowing every event's shape.
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Encodes any value into a `JSONValue`, giving what the shared encoder's bytes would decode
    /// to, so payloads and the API agree on dates and key names (see `JSONValueEncoder`).
    public init(encoding value: some Encodable) throws {
        self = try JSONValueEncoder.encode(value)
    }

    /// Decodes a typed value back out of the payload.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: JSONCoding.encoder.encode(self))
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// The one JSON configuration of the platform: ISO-8601 instants with milliseconds, sorted keys
/// (canonical bytes for the audit hash chain).
public enum JSONCoding {
    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return e
    }()

    public static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = Timestamp.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an ISO-8601 instant, got \(s.prefix(40))")
            }
            return date
        }
        return d
    }()
}

/// ISO-8601 with milliseconds in UTC, the only instant format on the wire and in the log.
/// Built from whole milliseconds, so formatting and parsing round-trip exactly (Foundation's
/// formatter truncates, and a stored .123 may otherwise come back as .122).
public enum Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC, by arithmetic: it runs for every instant the API and the
    /// audit log write.
    public static func format(_ date: Date) -> String {
        var digits: Digits = (0, 0, 0)
        if let n = write(date, into: &digits) {
            return withUnsafeBytes(of: &digits) { String(decoding: UnsafeRawBufferPointer(rebasing: $0[..<n]), as: UTF8.self) }
        }
        // Outside four-digit years: Foundation's formatter, as before.
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let fraction = Int(ms.mod1000)
        let whole = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: Double((ms - Int64(fraction)) / 1000)))
        return String(whole.dropLast()) + "." + String(format: "%03d", fraction) + "Z"
    }

    /// Room for `write`'s 24 bytes, on the stack.
    public typealias Digits = (UInt64, UInt64, UInt64)

    /// Writes `format`'s text for an instant in a four-digit year into `digits` and returns its
    /// length (24), without making a string (a document writer copies it straight on); nil for
    /// other years, which only `format` writes.
    public static func write(_ date: Date, into digits: inout Digits) -> Int? {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let fraction = Int(ms.mod1000)
        let seconds = (ms - Int64(fraction)) / 1000
        let (year, month, day, secondOfDay) = civil(seconds)
        guard (0...9999).contains(year) else { return nil }
        withUnsafeMutableBytes(of: &digits) { out in
            func put(_ value: Int, at: Int, width: Int) {
                var v = value
                for k in stride(from: at + width - 1, through: at, by: -1) {
                    out[k] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(year, at: 0, width: 4); out[4] = 45
            put(month, at: 5, width: 2); out[7] = 45
            put(day, at: 8, width: 2); out[10] = 84
            put(secondOfDay / 3600, at: 11, width: 2); out[13] = 58
            put(secondOfDay / 60 % 60, at: 14, width: 2); out[16] = 58
            put(secondOfDay % 60, at: 17, width: 2); out[19] = 46
            put(fraction, at: 20, width: 3); out[23] = 90
        }
        return 24
    }

    /// The proleptic Gregorian date and second of the day of `seconds` since 1970-01-01 00:00
    /// (add a zone's offset first for its local date).
    public static func civil(_ seconds: Int64) -> (year: Int, month: Int, day: Int, secondOfDay: Int) {
        var days = seconds / 86_400
        var secondOfDay = Int(seconds - days * 86_400)
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yoe + era * 400 + (month <= 2 ? 1 : 0)), month, day, secondOfDay)
    }

    /// Reads an ISO-8601 instant. The forms clients send (`2026-11-23T08:15:30Z`, with a
    /// fraction and/or a `±hh:mm` offset) are read by plain arithmetic, a few dozen nanoseconds
    /// — it runs for every fix of every position batch; anything else goes to Foundation's
    /// parser. Either way the result is rounded to whole milliseconds.
    public static func parse(_ s: String) -> Date? {
        var s = s
        switch s.withUTF8({ read(utf8: $0) }) {
        case .instant(let date): return date
        case .impossible: return nil
        case .otherForm: break
        }
        let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(s)) ?? (try? Date.ISO8601FormatStyle().parse(s))
        return parsed.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded() / 1000) }
    }
}

extension Timestamp {
    enum Reading {
        case instant(Date)
        /// The `YYYY-MM-DDTHH:MM:SS` form with an impossible value or a broken suffix: refused,
        /// not handed to Foundation's parser, which would roll February 30 over into March.
        case impossible
        case otherForm
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f…][Z|±HH:MM]` read by arithmetic.
    static func read(utf8 b: UnsafeBufferPointer<UInt8>) -> Reading {
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116 || b[10] == 32, b[13] == 58, b[16] == 58 else {
            return .otherForm
        }
        return parse(utf8: b).map(Reading.instant) ?? .impossible
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f…][Z|±HH:MM]`, or nil when it is not exactly that.
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 20 else { return nil }
        @inline(__always) func digits(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for i in at..<(at + n) {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116 || b[10] == 32, b[13] == 58, b[16] == 58,
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              (1...12).contains(month), day >= 1, hour <= 23, minute <= 59, second <= 59 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        // The month's length without an array made for it (this runs for every record of a batch).
        let monthDays = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31
        guard day <= monthDays else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start, i - start <= 9 else { return nil }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, i + 6 == b.count, b[i + 3] == 58, let oh = digits(i + 1, 2), let om = digits(i + 4, 2),
                  oh <= 23, om <= 59 {
            offset = (oh * 3600 + om * 60) * (b[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        // Days from 1970-01-01 in the proleptic Gregorian calendar (civil-from-days inverted).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let ms = Int64(days * 86_400 + hour * 3600 + minute * 60 + second - offset) * 1000 + Int64((fraction * 1000).rounded())
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }
}

private extension Int64 {
    /// The remainder in 0..<1000 also for instants before 1970.
    var mod1000: Int64 { ((self % 1000) + 1000) % 1000 }
}
