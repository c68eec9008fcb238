import PinganCore
/// How a call file writes its timestamps. Parsed by hand from bytes, not with `DateFormatter`:
/// a formatter costs microseconds per row and depends on the host's locale data, while these
/// three layouts are all the real files use.
///
/// Times come out as *local* seconds since 1970-01-01 00:00 of the file's own wall clock (the
/// public files carry no time zone). Hour of day and weekday, which is what the call model
/// needs, are read straight from that count.
public enum TimeFormat: String, Codable, Sendable, CaseIterable {
    /// `YYYY-MM-DD hh:mm[:ss]` (a `T` separator is accepted too). Montgomery.
    case isoDateTime
    /// `MM/DD/YYYY hh:mm:ss AM|PM`. Seattle and Chicago.
    case usDateTime12h
    /// `YYYY-MM-DD`, no time of day. San Francisco incident points.
    case isoDate
    /// ISO 8601 date or date-time, row by row: `YYYY-MM-DD`, or with `T`/space and
    /// `hh:mm[:ss[.fff]]`, optionally ending in `Z` or `±hh[:mm]`. The offset is checked but not
    /// applied: like every other format here the result is the wall clock as written, so a daily
    /// forecast counts the writer's days. The plain event files of `pingan forecast`.
    case iso8601

    /// Whether the format carries a time of day (`iso8601` may, row by row: a date-only row
    /// reads as midnight, and `ForecastEvent` keeps which rows had a time).
    public var hasTimeOfDay: Bool { self != .isoDate }

    /// Local seconds since 1970 for `bytes`, or nil when they do not match the format.
    public func parse(_ bytes: [UInt8]) -> Int64? { bytes.withUnsafeBufferPointer { parse($0) } }

    /// Local seconds since 1970 for `bytes`, or nil when they do not match the format.
    public func parse(_ bytes: ArraySlice<UInt8>) -> Int64? { bytes.withUnsafeBufferPointer { parse($0) } }

    /// The parser proper, on raw bytes: concrete types keep debug builds free of generic
    /// metadata look-ups in the per-row path.
    public func parse(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var peeked: UInt8? = p.isEmpty ? nil : p[0]
        func advance() { i += 1; peeked = i < p.count ? p[i] : nil }
        func skipSpaces() { while peeked == 0x20 { advance() } }
        func number(maxDigits: Int) -> Int? {
            var v = 0, n = 0
            while let b = peeked, b >= 0x30, b <= 0x39, n < maxDigits {
                v = v * 10 + Int(b - 0x30); n += 1; advance()
            }
            return n == 0 ? nil : v
        }
        func expect(_ c: UInt8) -> Bool {
            if peeked == c { advance(); return true }
            return false
        }
        skipSpaces()
        var y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0
        switch self {
        case .isoDateTime, .isoDate, .iso8601:
            guard let yy = number(maxDigits: 4), expect(0x2D), let mm = number(maxDigits: 2), expect(0x2D),
                  let dd = number(maxDigits: 2) else { return nil }
            y = yy; mo = mm; d = dd
            if self == .isoDateTime || (self == .iso8601 && (peeked == 0x54 || (peeked == 0x20 && i + 1 < p.count && p[i + 1] != 0x20))) {
                guard expect(0x20) || expect(0x54) else { return nil }
                guard let hh = number(maxDigits: 2), expect(0x3A), let mn = number(maxDigits: 2) else { return nil }
                h = hh; mi = mn
                if expect(0x3A) { guard let ss = number(maxDigits: 2) else { return nil }; s = ss }
                if self == .iso8601 {
                    if expect(0x2E) || expect(0x2C) { guard number(maxDigits: 9) != nil else { return nil } }
                    let utc = expect(0x5A) || expect(0x7A)
                    if !utc, expect(0x2B) || expect(0x2D) {
                        guard let oh = number(maxDigits: 2), oh <= 23 else { return nil }
                        _ = expect(0x3A)
                        if let om = number(maxDigits: 2) { guard om <= 59 else { return nil } }
                    }
                }
            }
        case .usDateTime12h:
            guard let mm = number(maxDigits: 2), expect(0x2F), let dd = number(maxDigits: 2), expect(0x2F),
                  let yy = number(maxDigits: 4), expect(0x20) else { return nil }
            y = yy; mo = mm; d = dd
            guard let hh = number(maxDigits: 2), expect(0x3A), let mn = number(maxDigits: 2) else { return nil }
            h = hh; mi = mn
            if expect(0x3A) { guard let ss = number(maxDigits: 2) else { return nil }; s = ss }
            skipSpaces()
            let pm: Bool
            if expect(0x50) || expect(0x70) { pm = true } else if expect(0x41) || expect(0x61) { pm = false } else { return nil }
            guard expect(0x4D) || expect(0x6D), (1...12).contains(h) else { return nil }
            h = h % 12 + (pm ? 12 : 0)
        }
        skipSpaces()
        guard peeked == nil else { return nil }
        guard (1...9999).contains(y), (1...12).contains(mo), (1...Self.daysIn(month: mo, year: y)).contains(d),
              (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
        return Self.daysFromCivil(y, mo, d) * 86_400 + Int64(h * 3600 + mi * 60 + s)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }
}

/// Calendar helpers on local seconds since 1970 (see `TimeFormat`).
public enum LocalClock {
    /// Hour of day 0...23.
    @inline(__always) public static func hour(_ t: Int64) -> Int { Int(((t % 86_400) + 86_400) % 86_400 / 3600) }
    /// Day of week, Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
    @inline(__always) public static func weekday(_ t: Int64) -> Int {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        return Int(((days + 3) % 7 + 7) % 7)
    }
    /// Hour-of-week slot 0..<168 (Monday 00:00 = 0).
    @inline(__always) public static func weekHour(_ t: Int64) -> Int { weekday(t) * 24 + hour(t) }

    /// `YYYY-MM-DD hh:mm` for reports.
    public static func format(_ t: Int64) -> String {
        let (y, m, d, secs) = Timestamp.civil(t)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(secs / 3600)):\(two(secs % 3600 / 60))"
    }
}
