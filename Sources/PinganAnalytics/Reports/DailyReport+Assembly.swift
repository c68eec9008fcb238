import Foundation
import PinganCore
import PinganGeo

/// What a daily report is assembled from: the figures the assessment computed (`KPIFigures` of
/// the day, the day before, the same day a year before, and per day of the trend), and the
/// day's records as the store holds them. The caller reads them in the subject's scope; the
/// assembly only selects, counts and ranks.
public struct DailyReportInput: Sendable {
    public var subject: Jurisdiction
    public var date: ReportDay
    public var asOf: Date
    public var figures: DailyReport.DailyFigures
    /// Oldest day first, ending on `date`.
    public var trend: [DailyReport.TrendDay]
    public var parts: [DailyReport.PartFigures]
    /// Boundaries to draw (the subject's and the jurisdictions below it that have one).
    public var areas: [ReportMap.Area]
    /// The subject's incidents received on the day, and those received before it whose
    /// feedback may have fallen due on it (a week back covers every standard limit); others are ignored.
    public var incidents: [Incident]
    /// Alerts raised on the day (group heads); others are ignored.
    public var alerts: [Alert]
    /// Referrals sent on the day; others are ignored.
    public var referrals: [Referral]
    /// Callsigns of the units the report may name.
    public var callsigns: [UnitID: String]
    public var catalogue: CategoryCatalogue
    /// The limits feedback deadlines fall back on (an incident's own rule comes first).
    public var policy: DeadlinePolicy
    /// Tomorrow's forecast, when one was made.
    public var forecast: DailyReport.ForecastCells?
    /// The box the hotspot grid covers (the forecast's, so cells line up); nil: the day's calls'.
    public var gridBox: GeoBox?
    public var cellMetres: Double
    /// Most lines per list (P1, high-risk, overdue…); the counts stay whole.
    public var listLimit: Int

    public init(subject: Jurisdiction, date: ReportDay, asOf: Date, figures: DailyReport.DailyFigures, trend: [DailyReport.TrendDay],
                parts: [DailyReport.PartFigures] = [], areas: [ReportMap.Area] = [], incidents: [Incident], alerts: [Alert] = [],
                referrals: [Referral] = [], callsigns: [UnitID: String] = [:], catalogue: CategoryCatalogue = .standard,
                policy: DeadlinePolicy = .standard, forecast: DailyReport.ForecastCells? = nil, gridBox: GeoBox? = nil,
                cellMetres: Double = 150, listLimit: Int = 100) {
        self.subject = subject
        self.date = date
        self.asOf = asOf
        self.figures = figures
        self.trend = trend
        self.parts = parts
        self.areas = areas
        self.incidents = incidents
        self.alerts = alerts
        self.referrals = referrals
        self.callsigns = callsigns
        self.catalogue = catalogue
        self.policy = policy
        self.forecast = forecast
        self.gridBox = gridBox
        self.cellMetres = cellMetres
        self.listLimit = listLimit
    }
}

extension DailyReport {
    /// Hotspot and place lists' length.
    public static let topCells = 10

    /// Selects, counts and ranks the day's records.
    public static func assemble(_ input: DailyReportInput) -> DailyReport {
        let date = input.date
        let day = input.incidents.filter { date.contains($0.times.receivedAt) }.sorted { a, b in
            a.times.receivedAt != b.times.receivedAt ? a.times.receivedAt < b.times.receivedAt : a.number < b.number
        }
        func line(_ i: Incident) -> ReportIncidentLine { ReportIncidentLine(i, callsigns: input.callsigns) }
        func name(_ code: String) -> ReportName {
            input.catalogue.category(code).map { ReportName(zh: $0.nameZh, en: $0.nameEn) } ?? ReportName(zh: code, en: code)
        }

        let codes = Set(input.figures.day.byCategory.keys).union(input.figures.previous.byCategory.keys)
        let categories = codes.map { code in
            CategoryCount(code: code, name: name(code), count: input.figures.day.byCategory[code] ?? 0,
                          previous: input.figures.previous.byCategory[code] ?? 0)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }

        let hotspots = Self.hotspots(day, box: input.gridBox, cellMetres: input.cellMetres)
        var addressCounts: [String: Int] = [:]
        for i in day where !i.address.isEmpty { addressCounts[i.address, default: 0] += 1 }
        let places = addressCounts.filter { $0.value > 1 }.map { PlaceCount(address: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.address < $1.address }.prefix(topCells)

        var cells = hotspots.enumerated().map { ReportMap.Cell(bounds: $0.element.bounds, rank: $0.offset + 1, forecast: false) }
        if let forecast = input.forecast {
            cells += forecast.cells.prefix(topCells).enumerated().map { ReportMap.Cell(bounds: $0.element.bounds, rank: $0.offset + 1, forecast: true) }
        }
        let map = ReportMap(areas: input.areas, dots: day.map { ReportMap.Dot(at: $0.location, priority: $0.priority) }, cells: cells)

        var overdue: [OverdueLine] = []
        for incident in input.incidents {
            guard let owed = StationFeedbackDue(incident, policy: input.policy), date.contains(owed.due), owed.isCounted(at: input.asOf),
                  owed.isLate(at: input.asOf) else { continue }
            overdue.append(OverdueLine(incident: line(incident), due: owed.due, givenAt: owed.doneAt,
                                       lateBy: (owed.doneAt ?? input.asOf).timeIntervalSince(owed.due)))
        }
        overdue.sort { $0.due != $1.due ? $0.due < $1.due : $0.incident.number < $1.incident.number }

        var alerts = AlertSummary()
        for a in input.alerts where date.contains(a.raisedAt) {
            alerts.raised += 1
            alerts.byKind[a.kind, default: 0] += 1
            alerts.byStatus[a.status, default: 0] += 1
            let late = a.overdue(at: input.asOf)
            if !a.status.isClosed || !late.isEmpty {
                alerts.attention.append(AlertLine(title: a.title, kind: a.kind, severity: a.severity, status: a.status, raisedAt: a.raisedAt,
                                                  acknowledgeBy: a.acknowledgeBy, handleBy: a.handleBy, overdue: late))
            }
        }
        alerts.attention.sort { $0.raisedAt < $1.raisedAt }

        var referrals = ReferralSummary()
        for r in input.referrals where date.contains(r.sent.at) {
            referrals.sent += 1
            referrals.byStatus[r.status, default: 0] += 1
            let answered: Date? = switch r.status {
            case .done: r.feedback?.at
            case .returned: r.returned?.at
            default: nil
            }
            let late = r.status != .withdrawn && (answered ?? input.asOf) > r.feedbackDue
            if r.status.isOpen || late {
                referrals.attention.append(ReferralLine(incidentNumber: r.incidentNumber, agency: r.agencyName, status: r.status, sentAt: r.sent.at,
                                                        feedbackDue: r.feedbackDue, answeredAt: answered, overdue: late))
            }
        }
        referrals.attention.sort { $0.sentAt != $1.sentAt ? $0.sentAt < $1.sentAt : $0.incidentNumber < $1.incidentNumber }

        let limit = max(0, input.listLimit)
        return DailyReport(
            subject: ReportSubject(input.subject), date: date, asOf: input.asOf, figures: input.figures, trend: input.trend,
            categories: categories, parts: input.parts, hotspots: hotspots, places: Array(places), cellMetres: input.cellMetres,
            forecast: input.forecast, map: map,
            priorityOne: day.filter { $0.priority == .p1 }.prefix(limit).map(line),
            highRisk: day.filter { !($0.riskFlags ?? []).isEmpty }.prefix(limit).map(line),
            mergedDuplicates: day.filter { $0.mergedInto != nil }.count,
            mergeHeads: day.filter { !($0.mergedIncidentIDs ?? []).isEmpty }.prefix(limit).map(line),
            overdue: Array(overdue.prefix(limit)), alerts: alerts, referrals: referrals)
    }

    /// The cells of a `cellMetres` grid over `box` (else the calls' own box) holding the most of
    /// `day`'s calls, two or more each, most first (ties: the lower cell number, south-west first).
    static func hotspots(_ day: [Incident], box: GeoBox?, cellMetres: Double) -> [HotspotCell] {
        guard !day.isEmpty else { return [] }
        let grid: ForecastGrid
        do {
            if let box { grid = try ForecastGrid(box: box, cellMetres: cellMetres) } else {
                grid = try ForecastGrid(covering: day.map(\.location), cellMetres: cellMetres)
            }
        } catch {
            return []
        }
        var members: [Int: [Int]] = [:]
        for (k, incident) in day.enumerated() {
            guard let cell = grid.cell(containing: incident.location) else { continue }
            members[cell, default: []].append(k)
        }
        let ranked = members.filter { $0.value.count > 1 }.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        return ranked.prefix(topCells).map { cell, rows in
            HotspotCell(centre: grid.centre(of: cell), bounds: grid.bounds(of: cell), count: rows.count,
                        topCategory: mostCommon(rows.map { day[$0].category }), address: mostCommon(rows.map { day[$0].address }))
        }
    }

    /// The value given most often (the smallest on a tie).
    static func mostCommon(_ values: [String]) -> String {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return counts.min { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }?.key ?? ""
    }
}
