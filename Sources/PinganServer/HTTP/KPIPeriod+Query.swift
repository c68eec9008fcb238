import Hummingbird
import PinganAnalytics
import PinganCore

extension KPIPeriod {
    /// `?from=&to=` (days, China Standard Time, inclusive) as the assessment reads them, for the
    /// registers' figures: `to` defaults to today, `from` to `defaultFrom(today)`; a bad day, a
    /// period running backwards or one too long is 422 with its field.
    static func parse(_ params: Parameters, defaultFrom: (ReportDay) -> ReportDay, today: ReportDay) throws -> KPIPeriod {
        do {
            return try KPIPeriod.parse(from: params["from"].map(String.init) ?? defaultFrom(today).description,
                                       to: params["to"].map(String.init) ?? today.description)
        } catch {
            throw Problem(.unprocessableContent, code: error.code.rawValue, detail: error.message, field: error.field)
        }
    }
}
