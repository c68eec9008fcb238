import Foundation
import PinganCore
import PinganGeo

/// The daily situation report (三情研判) of a jurisdiction for one China Standard Time day: the
/// day's figures against the day before (环比) and the same date a year before (同比), both
/// periods stated; a 28-day trend; incidents by category and by the jurisdictions below; the
/// day's hotspots and, where a forecast was made, tomorrow's; the notable incidents (P1,
/// high-risk, merged duplicates) and the overdue ones; the day's alerts and referrals.
///
/// A plain value assembled from what the caller read (`DailyReport.assemble`) and drawn by
/// `html(language:)`: nothing here reads a store or a clock, so a report of a crafted day can be
/// checked number by number.
public struct DailyReport: Sendable {
    public var subject: ReportSubject
    public var date: ReportDay
    /// When it was assembled. Before the day's end the figures are the day so far; open work
    /// (overdue feedback, open alerts and referrals) is judged at this instant.
    public var asOf: Date
    public var figures: DailyFigures
    /// Oldest day first, ending on `date`.
    public var trend: [TrendDay]
    /// The day's incidents by category, most first, with the day before's count.
    public var categories: [CategoryCount]
    /// The jurisdictions one level down (a city's districts, a district's stations).
    public var parts: [PartFigures]
    /// Grid cells (`cellMetres` square) with the most of the day's incidents, most first.
    public var hotspots: [HotspotCell]
    /// Addresses given by more than one of the day's calls, most first.
    public var places: [PlaceCount]
    public var cellMetres: Double
    /// Tomorrow's forecast cells, best first; nil when no forecast could be made.
    public var forecast: ForecastCells?
    /// What the map draws.
    public var map: ReportMap
    /// The day's P1 calls.
    public var priorityOne: [ReportIncidentLine]
    /// The day's calls a high-risk rule fired on.
    public var highRisk: [ReportIncidentLine]
    /// The day's calls merged as duplicates under another, and the incidents that took them.
    public var mergedDuplicates: Int
    public var mergeHeads: [ReportIncidentLine]
    /// Feedback that fell due on the day and came late or not at all (as of `asOf`).
    public var overdue: [OverdueLine]
    public var alerts: AlertSummary
    public var referrals: ReferralSummary

    /// The day is not over yet at `asOf`.
    public var isPartial: Bool { asOf < date.end }

    /// What the report is about.
    public struct ReportSubject: Sendable, Hashable {
        public var name: ReportName
        public var code: String
        public var level: JurisdictionLevel

        public init(_ j: Jurisdiction) {
            name = ReportName(zh: j.name, en: j.nameEn ?? j.name)
            code = j.code
            level = j.level
        }
    }

    /// The KPI figures of the day and of the two periods it is compared with.
    public struct DailyFigures: Sendable, Hashable {
        public var day: KPIFigures
        /// 环比: the day before.
        public var previousPeriod: KPIPeriod
        public var previous: KPIFigures
        /// 同比: the same date a year before (29 February → 28 February).
        public var yearBeforePeriod: KPIPeriod
        public var yearBefore: KPIFigures

        public init(day: KPIFigures, previousPeriod: KPIPeriod, previous: KPIFigures, yearBeforePeriod: KPIPeriod, yearBefore: KPIFigures) {
            self.day = day
            self.previousPeriod = previousPeriod
            self.previous = previous
            self.yearBeforePeriod = yearBeforePeriod
            self.yearBefore = yearBefore
        }
    }

    public struct TrendDay: Sendable, Hashable {
        public var day: ReportDay
        public var incidents: Int
        /// The day's met-standard rate (`KPIFigures.metRate`); nil when nothing was judged.
        public var metRate: Double?

        public init(day: ReportDay, incidents: Int, metRate: Double?) {
            self.day = day
            self.incidents = incidents
            self.metRate = metRate
        }
    }

    public struct CategoryCount: Sendable, Hashable {
        public var code: String
        public var name: ReportName
        public var count: Int
        public var previous: Int
    }

    public struct PartFigures: Sendable, Hashable {
        public var name: ReportName
        public var code: String
        public var figures: KPIFigures

        public init(name: ReportName, code: String, figures: KPIFigures) {
            self.name = name
            self.code = code
            self.figures = figures
        }
    }

    public struct HotspotCell: Sendable, Equatable {
        public var centre: Coordinate
        public var bounds: GeoBox
        public var count: Int
        /// The category most of its calls had (the first code in order on a tie).
        public var topCategory: String
        /// An address one of its calls gave (the most given).
        public var address: String
    }

    public struct PlaceCount: Sendable, Hashable {
        public var address: String
        public var count: Int
    }

    /// The forecast's top cells for the day after the report's.
    public struct ForecastCells: Sendable {
        public var day: ReportDay
        /// The method (`ForecastMethod.rawValue`).
        public var method: String
        public var trainDays: Int
        public var cells: [HotspotForecast.Cell]

        public init(day: ReportDay, method: String, trainDays: Int, cells: [HotspotForecast.Cell]) {
            self.day = day
            self.method = method
            self.trainDays = trainDays
            self.cells = cells
        }
    }

    public struct OverdueLine: Sendable, Hashable {
        public var incident: ReportIncidentLine
        public var due: Date
        /// When the feedback came, late; nil when it had not come by `asOf`.
        public var givenAt: Date?
        /// Seconds past the due instant (to the feedback, or to `asOf`).
        public var lateBy: TimeInterval
    }

    public struct AlertSummary: Sendable, Hashable {
        public var raised = 0
        public var byKind: [Alert.Kind: Int] = [:]
        public var byStatus: [Alert.Status: Int] = [:]
        /// Raised on the day and still open at `asOf`, or closed past their handling limit.
        public var attention: [AlertLine] = []
    }

    public struct AlertLine: Sendable, Hashable {
        public var title: String
        public var kind: Alert.Kind
        public var severity: AlertSeverity
        public var status: Alert.Status
        public var raisedAt: Date
        public var acknowledgeBy: Date
        public var handleBy: Date
        /// The limits passed (acknowledge, handle) as of `asOf`.
        public var overdue: [AlertDeadline]
    }

    public struct ReferralSummary: Sendable, Hashable {
        public var sent = 0
        public var byStatus: [Referral.Status: Int] = [:]
        /// Sent on the day and still with the agency at `asOf`, or answered after the feedback limit.
        public var attention: [ReferralLine] = []
    }

    public struct ReferralLine: Sendable, Hashable {
        public var incidentNumber: String
        public var agency: String
        public var status: Referral.Status
        public var sentAt: Date
        public var feedbackDue: Date
        /// Feedback (or return) time, if given.
        public var answeredAt: Date?
        public var overdue: Bool
    }
}
