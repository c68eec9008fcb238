import Foundation

extension Date {
    /// Whole milliseconds since 1970: the precision of the audit log, stable through every round trip.
    public var auditMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(auditMilliseconds ms: Int64) { self.init(timeIntervalSince1970: Double(ms) / 1000) }
}
