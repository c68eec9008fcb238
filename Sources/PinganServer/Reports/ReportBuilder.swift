import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Reads what a report needs from the store (and, in the server, from the assessment's facts in
/// memory), assembles it (`DailyReport`, `DutyLog`), draws its page and, when asked and Chromium
/// is installed, prints the PDF: the one path from a (kind, jurisdiction, day, language) to the
/// draft `ReportCommands` stores, shared by `pingan report`, the daily job and `POST /v1/reports`.
///
/// Every read is limited to the report's jurisdiction (its subtree), so a report holds nothing
/// its readers could not see; the caller has checked that the writer may see the jurisdiction.
///
/// **Figures.** The KPI figures (the day, the day before, the same day a year before, the 28-day
/// trend, the jurisdictions below) come from `IncidentFacts`: in the server the facts it keeps in
/// memory for the dashboard (`StatsWatch`), once loaded; otherwise (the CLI, or a server still
/// loading) facts built from the incidents received in those 29 days, read from the store.
public struct ReportBuilder: Sendable {
    public let store: any Store
    /// Where the figures come from.
    enum Figures: Sendable {
        /// Facts built per report from the incidents of the periods it needs.
        case store
        /// The server's facts, kept current by commits (the store when they are not loaded yet).
        case live(StatsWatch)
        /// Facts the caller holds (a benchmark holding a history the way the server does).
        case held(IncidentFacts, AlertFacts)
    }
    let figures: Figures
    var stats: StatsWatch? { if case .live(let s) = figures { s } else { nil } }
    /// Chromium for PDFs; nil when it is not installed.
    public var printer: ChromiumPDF?
    /// Days back from the report's day whose incidents are read for feedback falling due on
    /// it: the longest feedback limit in force over the subject (the standard's 72 hours, or a
    /// longer one its or its ancestors' policies set), in whole days, at least `minLookbackDays`.
    public var minLookbackDays = 1
    /// Days back whose incidents a duty log reads for work still open when the day began.
    public var dutyLookbackDays = 30
    /// Tomorrow's forecast: method and training window (days); nil method for none.
    public var forecastMethod: ForecastMethod? = .prospective
    public var forecastTrainDays = 28
    /// Told how long each step of a report took (`figures`, `forecast`, `incidents`, `records`,
    /// `assemble`, `draw`, `print`): what `pingan bench report` breaks its time down by.
    public var timings: (@Sendable (_ step: String, _ took: Duration) -> Void)?

    /// Runs `body`, telling `timings` how long it took as `step`.
    func timed<T>(_ step: String, _ body: () async throws -> T) async rethrows -> T {
        guard let timings else { return try await body() }
        let t0 = ContinuousClock.now
        let value = try await body()
        timings(step, ContinuousClock.now - t0)
        return value
    }

    /// A builder reading only `store` (the CLI).
    public init(store: any Store, printer: ChromiumPDF? = ChromiumPDF.find()) {
        self.init(store: store, figures: .store, printer: printer)
    }

    /// A builder whose figures come from `facts` and `alerts`, which hold the history as the
    /// server's statistics do (`pingan bench report`).
    public init(store: any Store, facts: IncidentFacts, alerts: AlertFacts, printer: ChromiumPDF? = nil) {
        var prepared = facts
        prepared.prepare()
        self.init(store: store, figures: .held(prepared, alerts), printer: printer)
    }

    init(store: any Store, stats: StatsWatch?, printer: ChromiumPDF?) {
        self.init(store: store, figures: stats.map { .live($0) } ?? .store, printer: printer)
    }

    init(store: any Store, figures: Figures, printer: ChromiumPDF?) {
        self.store = store
        self.figures = figures
        self.printer = printer
    }

    /// A page (and the PDF when it could be printed) ready to store.
    public struct Built: Sendable {
        public var draft: ReportDecider.Draft
        /// Why there is no PDF though one was asked for (Chromium missing or failed); nil otherwise.
        public var pdfProblem: String?
    }

    /// Assembles, draws and (with `pdf`) prints the report.
    /// - Throws: `DomainError` for a day not begun or a duty log of a non-station; store errors.
    public func build(kind: Report.Kind, jurisdiction: Jurisdiction, date: ReportDay, language: Report.Language, asOf: Date,
                      pdf: Bool) async throws -> Built {
        try ReportDecider.check(kind: kind, jurisdiction: jurisdiction, date: date, now: asOf)
        let html: String
        switch kind {
        case .daily:
            let report = try await daily(jurisdiction, date: date, asOf: asOf)
            html = await timed("draw") { report.html(language: language) }
        case .dutyLog:
            let log = try await dutyLog(jurisdiction, date: date, asOf: asOf)
            html = await timed("draw") { log.html(language: language) }
        }
        var built = Built(draft: ReportDecider.Draft(kind: kind, jurisdiction: jurisdiction, date: date, language: language, html: html), pdfProblem: nil)
        if pdf {
            if let printer {
                do { built.draft.pdf = try await timed("print") { try await printer.print(html: html) } } catch { built.pdfProblem = "no PDF: \(error)" }
            } else {
                built.pdfProblem = ChromiumPDF.notInstalledMessage
            }
        }
        return built
    }

    // MARK: Daily report

    /// The daily report of `subject` for `date`, judged at `asOf`.
    public func daily(_ subject: Jurisdiction, date: ReportDay, asOf: Date) async throws -> DailyReport {
        let scope = Scope(path: subject.path)
        let jurisdictions = try await store.jurisdictions(scope: scope)
        let children = jurisdictions.filter { $0.parentID == subject.id }.sorted { $0.code < $1.code }
        let trendPeriod = try KPIPeriod(from: date.advanced(by: -27), to: date)
        let dayPeriod = KPIPeriod(day: date)
        var query = KPIQuery(scope: subject.path, period: dayPeriod, asOf: asOf, groupBy: subject.level == .city ? .district : subject.level == .district ? .station : nil)
        query.series = false
        query.league = false
        query.jurisdictionPaths = jurisdictions.map(\.path)
        var trendQuery = KPIQuery(scope: subject.path, period: trendPeriod, asOf: asOf)
        trendQuery.league = false
        let gridBox = subject.area.map { GeoBox(minLat: $0.bounds.south, maxLat: $0.bounds.north, minLon: $0.bounds.west, maxLon: $0.bounds.east) }

        // The figures, from the facts in memory when the server holds them, else from the store.
        func compute(_ facts: IncidentFacts, _ alerts: AlertFacts) -> (KPIReport, KPIReport, [ForecastEvent]) {
            (facts.kpiReport(query, alerts: alerts), facts.kpiReport(trendQuery, alerts: alerts),
             facts.forecastEvents(from: trendPeriod.start, to: date.end, scope: subject.path))
        }
        let (kpi, trend, events) = try await timed("figures") { () async throws -> (KPIReport, KPIReport, [ForecastEvent]) in
            switch self.figures {
            case .live(let stats) where { if case .ready = stats.currentState { true } else { false } }():
                return stats.read { facts, alerts, _ in compute(facts, alerts) }
            case .held(let facts, let alerts):
                return compute(facts, alerts)
            default:
                let (facts, alerts) = try await factsFromStore(scope: scope, periods: [trendPeriod, dayPeriod.yearBefore])
                return compute(facts, alerts)
            }
        }
        let dayFigures = DailyReport.DailyFigures(day: kpi.current, previousPeriod: kpi.previousPeriod, previous: kpi.previous,
                                               yearBeforePeriod: kpi.lastYearPeriod, yearBefore: kpi.lastYear)
        let parts = children.map { child in
            DailyReport.PartFigures(name: ReportName(zh: child.name, en: child.nameEn ?? child.name), code: child.code,
                                    figures: kpi.groups.first { $0.path == child.path }?.figures ?? KPIFigures())
        }

        let forecast: DailyReport.ForecastCells? = await timed("forecast") {
            guard let method = forecastMethod, !events.isEmpty else { return nil }
            let tomorrow = date.advanced(by: 1)
            guard let cells = try? HotspotForecast.today(events: events, day: ForecastDay(rawValue: tomorrow.ordinal), method: method, cellMetres: 150,
                                                         trainDays: forecastTrainDays, top: DailyReport.topCells, box: gridBox) else { return nil }
            return DailyReport.ForecastCells(day: tomorrow, method: method.rawValue, trainDays: forecastTrainDays, cells: cells)
        }

        let lookback = try await feedbackLookbackDays(subject, jurisdictions)
        let recent = try await timed("incidents") { try await incidents(scope: scope, from: date.advanced(by: -lookback).start, to: date.end) }
        let (dayAlerts, dayReferrals, units) = try await timed("records") { () async throws -> ([Alert], [Referral], [PoliceUnit]) in
            var alerts: [Alert] = []
            try await Pages.each(of: AlertQuery.maxLimit, {
                try await store.alerts(AlertQuery(raisedFrom: date.start, limit: AlertQuery.maxLimit, offset: $0), scope: scope)
            }) { alerts += $0.filter { $0.raisedAt < date.end } }
            return (alerts, try await referrals(scope: scope, since: date.start), try await store.units(scope: scope))
        }
        // The boundaries drawn: the subject's and those of every district and station below it.
        let areas = jurisdictions.filter { $0.active && ($0.id == subject.id || $0.level <= .station) }
            .sorted { $0.path < $1.path }.compactMap { j in j.area.map { ReportMap.Area(name: j.name, area: $0) } }
        let catalogue = Self.catalogue(jurisdictions)
        let input = DailyReportInput(
            subject: subject, date: date, asOf: asOf, figures: dayFigures,
            trend: trend.series.map { DailyReport.TrendDay(day: $0.day, incidents: $0.incidents, metRate: $0.metRate) },
            parts: parts, areas: areas, incidents: recent, alerts: dayAlerts, referrals: dayReferrals,
            callsigns: Dictionary(units.map { ($0.id, $0.callsign) }, uniquingKeysWith: { a, _ in a }), catalogue: catalogue,
            forecast: forecast, gridBox: gridBox)
        return await timed("assemble") { DailyReport.assemble(input) }
    }

    /// Whole days covering the longest feedback limit in force under `subject`: the standard
    /// limits, and those its ancestors' and its subtree's policies set. (An incident keeps the
    /// limits set when it came in; one whose policy was shortened since may fall outside.)
    func feedbackLookbackDays(_ subject: Jurisdiction, _ subtree: [Jurisdiction]) async throws -> Int {
        var ancestors: [Jurisdiction] = []
        for id in subject.path.split(separator: "/").dropLast().map({ JurisdictionID(String($0)) }) {
            if let j = try await store.jurisdiction(id, scope: .everything) { ancestors.append(j) }
        }
        let policies = (ancestors + subtree).flatMap { $0.policy?.deadlines ?? [] }.map { TimeInterval($0.feedbackSeconds) }
        let longest = (DeadlinePolicy.standard.limits.map(\.feedback) + policies).max() ?? 0
        return max(minLookbackDays, Int((longest / 86_400).rounded(.up)))
    }

    /// Facts of the incidents (and alerts) received in `periods`, read from the store.
    func factsFromStore(scope: Scope, periods: [KPIPeriod]) async throws -> (IncidentFacts, AlertFacts) {
        var facts = IncidentFacts()
        var alerts = AlertFacts()
        let zones = StatsWatch.index(of: try await store.zones(scope: scope))
        for period in periods {
            for i in try await incidents(scope: scope, from: period.start, to: period.end) {
                facts.upsert(IncidentFact(i, zone: StatsWatch.zone(of: i.location, in: zones)))
            }
            try await Pages.each(of: AlertQuery.maxLimit, {
                try await store.alerts(AlertQuery(raisedFrom: period.start, heads: false, limit: AlertQuery.maxLimit, offset: $0), scope: scope)
            }) { page in
                for a in page where a.raisedAt < period.end { alerts.upsert(a) }
            }
        }
        facts.prepare()
        return (facts, alerts)
    }

    /// The incidents received in `from ..< to` in scope, read six hours at a time and without
    /// counting: each query then orders a few hundred rows, where one query over a week of a
    /// city's calls would sort the whole week again for every page (and count it again).
    func incidents(scope: Scope, from: Date, to: Date) async throws -> [Incident] {
        var all: [Incident] = []
        var seen: Set<IncidentID> = []
        var start = from
        while start < to {
            let end = min(to, start + 6 * 3600)
            var query = IncidentQuery(receivedFrom: start, receivedTo: end, limit: IncidentQuery.maxLimit)
            query.countTotal = false
            try await Pages.each(of: IncidentQuery.maxLimit, {
                query.offset = $0
                return try await store.incidents(query, scope: scope).items
            }) { page in
                // The store's upper bound is inclusive: a call at a window's end comes again at the next one's start.
                for i in page where i.times.receivedAt < to && seen.insert(i.id).inserted { all.append(i) }
            }
            start = end
        }
        return all
    }

    /// The referrals sent at or after `since` in scope (the list is newest first: read until older).
    func referrals(scope: Scope, since: Date) async throws -> [Referral] {
        var all: [Referral] = []
        var offset = 0
        while true {
            let page = try await store.referrals(ReferralQuery(limit: ReferralQuery.maxLimit, offset: offset), scope: scope)
            all += page.filter { $0.sent.at >= since }
            guard page.count == ReferralQuery.maxLimit, let last = page.last, last.sent.at >= since else { break }
            offset += page.count
        }
        return all
    }

    // MARK: Duty log

    /// The duty log of `station` for `date`, judged at `asOf`.
    public func dutyLog(_ station: Jurisdiction, date: ReportDay, asOf: Date) async throws -> DutyLog {
        let scope = Scope(path: station.path)
        let units = try await store.units(scope: scope).filter { $0.stationID == station.id || $0.path == station.path }
        let end = min(date.end, max(date.start, asOf))
        let changes = try await timed("records") { try await unitHistory(units, scope: scope, date: date, end: end) }
        let handled = try await timed("incidents") { try await incidents(scope: scope, from: date.advanced(by: -dutyLookbackDays).start, to: end) }
        let jurisdictions = try await store.jurisdictions(scope: scope)
        let input = DutyLogInput(station: station, date: date, asOf: asOf, units: units, changes: changes, incidents: handled,
                                 catalogue: Self.catalogue(jurisdictions))
        let patrol = try await timed("patrol") { try await patrolDay(scope: scope, date: date, asOf: end, station: station.id) }
        var log = await timed("assemble") { DutyLog.assemble(input) }
        log.patrol = patrol
        return log
    }

    // MARK: Patrol compliance

    /// Most track points read for one unit's shift.
    static let maxShiftTrackPoints = 100_000

    /// How the day's patrol plans of the zones in `scope` (one station's, one unit's) were kept
    /// by `asOf`, from the units' stored tracks and their status history.
    public func patrolDay(scope: Scope, date: ReportDay, asOf: Date, station: JurisdictionID? = nil, unit: UnitID? = nil) async throws -> PatrolDay {
        let zones = try await store.zones(scope: scope).filter { station == nil || $0.stationID == station }
        let plans = PatrolDay.plans(zones: zones, day: date, asOf: asOf, unit: unit)
        var fixes: [UnitID: [PatrolFix]] = [:], assignments: [UnitID: [DateInterval]] = [:], callsigns: [UnitID: String] = [:]
        var stationNames: [JurisdictionID: String] = [:]
        if !plans.isEmpty {
            let ids = Set(plans.map { UnitID($0.plan.unitID) })
            let units = try await store.units(scope: scope).filter { ids.contains($0.id) }
            for u in units { callsigns[u.id] = u.callsign }
            for j in try await store.jurisdictions(scope: scope) where j.level == .station { stationNames[j.id] = j.name }
            let end = plans.map(\.plan.shiftEnd).max()!
            for id in ids {
                let spans = plans.filter { $0.plan.unitID == id.rawValue }
                let from = spans.map(\.plan.shiftStart).min()!.addingTimeInterval(-PatrolTrack.maxGap)
                let to = spans.map(\.plan.shiftEnd).max()!
                fixes[id] = try await store.track(of: id, from: from, to: to, scope: scope, limit: Self.maxShiftTrackPoints)
                    .map { PatrolFix(at: $0.at, coordinate: $0.coordinate) }
            }
            assignments = PatrolDay.assignments(try await unitHistory(units, scope: scope, date: date, end: end), until: end)
        }
        return PatrolDay.assemble(date: date, asOf: asOf, plans: plans, fixes: fixes, assignments: assignments, callsigns: callsigns,
                                  stationNames: stationNames)
    }

    /// The units' states coming into `date` and every change during it until `end`, from the log.
    func unitHistory(_ units: [PoliceUnit], scope: Scope, date: ReportDay, end: Date) async throws -> [UnitStatusChange] {
        var changes: [UnitStatusChange] = []
        let types: [EventType] = [.unitStatusChanged, .unitUpdated, .unitCreated]
        // Each unit's state coming into the day: its latest unit event before 00:00.
        for unit in units {
            var latest: UnitStatusChange?
            for type in types {
                let rows = try await store.auditEvents(AuditQuery(subject: unit.id.rawValue, type: type.rawValue, to: date.start, limit: 1), scope: scope)
                for row in rows {
                    guard let change = Self.change(row), change.unitID == unit.id else { continue }
                    if latest.map({ change.seq > $0.seq }) ?? true { latest = change }
                }
            }
            if let latest { changes.append(latest) }
        }
        // Every unit event of the day, page by page (newest first).
        for type in types {
            var before: Int64? = nil
            while true {
                let rows = try await store.auditEvents(AuditQuery(type: type.rawValue, from: date.start, to: end, before: before, limit: 500), scope: scope)
                changes += rows.compactMap(Self.change)
                guard rows.count == 500, let last = rows.last else { break }
                before = last.seq
            }
        }
        return changes
    }

    /// The standard categories and the local ones the jurisdictions' policies add, by code.
    static func catalogue(_ jurisdictions: [Jurisdiction]) -> CategoryCatalogue {
        var categories = CategoryCatalogue.standard.categories
        for local in jurisdictions.flatMap({ $0.policy?.categories ?? [] }) where !categories.contains(where: { $0.code == local.code }) {
            categories.append(IncidentCategory(code: local.code, nameZh: local.nameZh, nameEn: local.nameEn, nonPolice: local.nonPolice ?? false))
        }
        return CategoryCatalogue(categories: categories)
    }

    static func change(_ row: RecordedEvent) -> UnitStatusChange? {
        guard let unit = try? row.payload(as: EntityEventData<PoliceUnit>.self).entity else { return nil }
        return UnitStatusChange(unitID: unit.id, at: row.at, status: unit.status, active: unit.active, seq: row.seq)
    }
}
