import Foundation
import Hummingbird
import PinganAnalytics
import PinganCore
import PinganGeo
import PinganStore

/// The assessment (系统化考核评估) over HTTP: a jurisdiction's KPIs for a period against the
/// previous period (环比) and the same period last year (同比), the daily trend, a breakdown and
/// the station league against the 1-3-5 standard, with warnings where a group falls below the
/// targets its policy sets. Computed from `StatsWatch`, in memory.
struct StatsController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// The longest period whose patrol figures (distance, time in zone) are read from the units'
    /// stored tracks, and the most units they are read for: a month of a station's or a
    /// district's tracks, not a year of a city's.
    static let maxPatrolDays = 31
    static let maxPatrolUnits = 200
    /// Track points read per unit at most (a month of a unit's thinned track is far fewer).
    static let maxTrackPoints = 200_000

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("stats/kpi", use: kpi)
    }

    /// `?jurisdiction=ID&from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=station|district|unit|zone|category`.
    /// Defaults: the caller's own jurisdiction, the 30 days ending today (China Standard Time),
    /// no breakdown (the league of stations is always there).
    @Sendable func kpi(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let params = request.uri.queryParameters
        let now = deps.time.now()
        let today = ReportDay(containing: now)
        let period: KPIPeriod
        let groupBy: KPIGrouping?
        do {
            period = try KPIPeriod.parse(from: params["from"].map(String.init) ?? today.advanced(by: -29).description,
                                         to: params["to"].map(String.init) ?? today.description)
            groupBy = try params["groupBy"].map { raw throws(KPIError) in try KPIGrouping.parse(String(raw)) }
        } catch {
            throw Problem(.unprocessableContent, code: error.code.rawValue, detail: error.message, field: error.field)
        }
        // The jurisdiction asked about, inside the caller's scope: one outside is as unknown as
        // one that does not exist.
        var path = user.scope.path, name: String?
        var jurisdictionID = path == "/" ? Jurisdiction.root.id.rawValue : PathTable.leaf(path)
        if let raw = params["jurisdiction"] {
            let id = JurisdictionID(try Problem.identifier(raw, field: "jurisdiction"))
            guard let j = try await deps.store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            path = j.path
            name = j.name
            jurisdictionID = j.id.rawValue
        }
        try await deps.stats.requireReady()
        let answer = deps.stats.read { facts, alerts, org in
            var query = KPIQuery(scope: path, period: period, asOf: now, groupBy: groupBy)
            query.targets = ResponseTargetsTable(jurisdictions: Array(org.jurisdictions.values))
            query.jurisdictionPaths = org.jurisdictions.values.filter { $0.active && $0.path.hasPrefix(path) }.map(\.path)
            // Retired units and zones too: their past work belongs to the period's figures.
            query.unitPaths = org.units.mapValues(\.path)
            query.zonePaths = org.zones.mapValues(\.path)
            var names: [String: String] = [:]
            for j in org.jurisdictions.values where j.path.hasPrefix(path) { names[j.id.rawValue] = j.name }
            for u in org.units.values where u.path.hasPrefix(path) { names[u.id.rawValue] = u.callsign }
            for z in org.zones.values where z.path.hasPrefix(path) { names[z.id.rawValue] = z.name }
            if groupBy == .category {
                for c in CategoryCatalogue.standard.categories { names[c.code] = c.nameZh }
            }
            query.names = names
            var zonesOfUnit: [String: [Polygon]] = [:]
            if groupBy == .unit {
                for z in org.zones.values where z.active && z.path.hasPrefix(path) {
                    for u in z.unitIDs { zonesOfUnit[u.rawValue, default: []].append(Polygon(z.boundary)) }
                }
            }
            return (facts.kpiReport(query, alerts: alerts), zonesOfUnit)
        }
        var report = answer.0
        let zonesOfUnit = answer.1
        report.jurisdictionID = jurisdictionID
        report.jurisdictionName = name ?? (path == "/" ? Jurisdiction.root.name : deps.stats.read { _, _, org in org.jurisdictions[jurisdictionID]?.name })
        if groupBy == .unit { try await addPatrol(to: &report, zonesOfUnit: zonesOfUnit, scope: user.scope, now: now) }
        return try JSONReply(.ok, report).response
    }

    /// Patrol distance and time in zone for each unit group, from the stored tracks, when the
    /// period and the number of units are small enough (else a note says why they are absent).
    func addPatrol(to report: inout KPIReport, zonesOfUnit: [String: [Polygon]], scope: Scope, now: Date) async throws {
        guard report.period.days <= Self.maxPatrolDays else {
            report.notes.append("patrol distance and time in zone are measured for periods of at most \(Self.maxPatrolDays) days")
            return
        }
        guard report.groups.count <= Self.maxPatrolUnits else {
            report.notes.append("patrol distance and time in zone are measured for at most \(Self.maxPatrolUnits) units; ask about a smaller jurisdiction")
            return
        }
        let end = min(report.period.end, now)
        guard end > report.period.start else { return }
        for i in report.groups.indices {
            let track = try await deps.store.track(of: UnitID(report.groups[i].key), from: report.period.start, to: end, scope: scope,
                                                   limit: Self.maxTrackPoints)
            let fixes = track.map { PatrolFix(at: $0.at, coordinate: $0.coordinate) }
            report.groups[i].patrol = PatrolTrack.measure(fixes, zones: zonesOfUnit[report.groups[i].key] ?? [])
        }
    }
}
