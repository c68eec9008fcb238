import Foundation

/// CAP 1.2's date-time form, `2026-12-05T09:30:00+08:00`: whole seconds and an explicit
/// `±hh:mm` offset. CAP forbids the `Z` designator (UTC is written `-00:00`) and the schema's
/// pattern has no fractional seconds, so neither the platform's `Timestamp` nor Foundation's
/// ISO-8601 parser, both of which take them, can decide what a CAP peer would accept.
public enum CAPDateTime {
    /// The instants four-digit years can hold: 0001-01-01T00:00:00 to 9999-12-31T23:59:59 UTC.
    public static let representable: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799

    /// Formats `date` at `utcOffsetMinutes` east of UTC (`-00:00` for zero, as CAP writes UTC).
    ///
    /// Sub-second parts are dropped, not rounded, so a message is never dated after it was made.
    /// An offset outside ±14:00, or one that would push the local year past four digits, is
    /// replaced by UTC; an instant outside `representable` (or not finite) is clamped to it.
    /// `CAPMessage.validate()` refuses such instants, so only unvalidated messages see this.
    public static func format(_ date: Date, utcOffsetMinutes: Int = 0) -> String {
        let raw = date.timeIntervalSince1970
        let clamped = raw.isFinite ? min(max(raw, representable.lowerBound), representable.upperBound) : representable.lowerBound
        let seconds = Int64(clamped.rounded(.down))
        var offset = (-14 * 60...14 * 60).contains(utcOffsetMinutes) ? utcOffsetMinutes : 0
        var civil = Timestamp.civil(seconds + Int64(offset) * 60)
        if !(1...9999).contains(civil.year) {
            offset = 0
            civil = Timestamp.civil(seconds)
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var year = String(civil.year)
        while year.count < 4 { year = "0" + year }
        let s = civil.secondOfDay
        let sign = offset > 0 ? "+" : "-"
        return "\(year)-\(two(civil.month))-\(two(civil.day))T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
            + "\(sign)\(two(abs(offset) / 60)):\(two(abs(offset) % 60))"
    }

    /// Reads exactly `YYYY-MM-DDThh:mm:ss±hh:mm`; anything else (a `Z`, a fraction, a missing
    /// offset, February 30) is an `invalidValue` naming `element`, so the sender learns which of
    /// its dates is wrong. Any offset up to ±14:00 is taken.
    public static func parse(_ text: String, element: String = "sent") throws(CAPError) -> Date {
        let b = Array(text.utf8)
        func refuse(_ why: String) -> CAPError {
            CAPError.invalid(element, "is not a CAP date-time (YYYY-MM-DDThh:mm:ss±hh:mm): \(why)")
        }
        if b.last == UInt8(ascii: "Z") || b.last == UInt8(ascii: "z") {
            throw refuse("CAP does not allow \"Z\"; UTC is written -00:00")
        }
        guard b.count == 25 else { throw refuse("\"\(text.prefix(40))\" has the wrong length") }
        func digits(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for i in at..<(at + n) {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
              b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), b[22] == UInt8(ascii: ":"),
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              let offsetHours = digits(20, 2), let offsetMinutes = digits(23, 2) else {
            throw refuse("\"\(text)\" is not in that form")
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1, (1...12).contains(month), day >= 1, day <= monthDays[month - 1],
              hour <= 23, minute <= 59, second <= 59 else {
            throw refuse("\"\(text)\" is not a real date and time")
        }
        guard offsetMinutes <= 59, offsetHours * 60 + offsetMinutes <= 14 * 60 else {
            throw refuse("\"\(text)\" has an offset beyond ±14:00")
        }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (b[19] == UInt8(ascii: "+") ? 1 : -1)
        // Days from 1970-01-01 in the proleptic Gregorian calendar (Timestamp.civil inverted).
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset))
    }
}
