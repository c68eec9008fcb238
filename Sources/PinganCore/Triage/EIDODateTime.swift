import Foundation

/// EIDO instants: RFC 3339 `date-time`, as STA-021 requires through NENA-STA-010. Written with
/// milliseconds and an explicit `±hh:mm` offset, so a receiver reads the sender's local time and
/// the instant; read in any RFC 3339 form (`Z` or an offset, any fraction) but never without an
/// offset, since a local time alone names no instant.
public enum EIDODateTime {
    /// `YYYY-MM-DDThh:mm:ss.mmm±hh:mm` at `utcOffsetMinutes` east of UTC (`+00:00` for zero).
    /// An offset beyond ±14:00, or an instant outside four-digit years, falls back to UTC.
    public static func format(_ date: Date, utcOffsetMinutes: Int = 0) -> String {
        let raw = date.timeIntervalSince1970 * 1000
        let ms = raw.isFinite ? Int64(max(min(raw.rounded(), 253_402_300_799_000), -62_135_596_800_000)) : 0
        var offset = (-14 * 60...14 * 60).contains(utcOffsetMinutes) ? utcOffsetMinutes : 0
        func split(_ ms: Int64) -> (seconds: Int64, fraction: Int) {
            let fraction = ((ms % 1000) + 1000) % 1000
            return ((ms - fraction) / 1000, Int(fraction))
        }
        var (seconds, fraction) = split(ms + Int64(offset) * 60_000)
        var civil = Timestamp.civil(seconds)
        if !(1...9999).contains(civil.year) {
            offset = 0
            (seconds, fraction) = split(ms)
            civil = Timestamp.civil(seconds)
        }
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let s = civil.secondOfDay
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))"
            + ".\(pad(fraction, 3))\(offset < 0 ? "-" : "+")\(pad(abs(offset) / 60, 2)):\(pad(abs(offset) % 60, 2))"
    }

    /// The instant `text` names, to the millisecond, or nil when it is not RFC 3339 with an offset.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { Timestamp.parse(utf8: $0) }
    }
}
