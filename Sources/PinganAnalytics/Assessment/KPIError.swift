/// Why a KPI question cannot be answered as asked. Each case has a stable `code` the server puts
/// in its problem+json (422) and names the parameter at fault, so a dashboard can put the
/// message next to the right field.
public struct KPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A day that is not a real `YYYY-MM-DD` date from 1970 to 9999.
        case invalidDate = "invalid_date"
        /// `to` before `from`.
        case periodReversed = "period_reversed"
        /// More days than one question may cover (`KPIPeriod.maxDays`).
        case periodTooLong = "period_too_long"
        /// A grouping the assessment does not know.
        case unknownGrouping = "unknown_grouping"
    }

    public var code: Code
    /// The query parameter at fault (`from`, `to`, `groupBy`).
    public var field: String
    public var message: String

    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message) (\(field))" }
}
