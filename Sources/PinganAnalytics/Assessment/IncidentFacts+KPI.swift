import Foundation
import PinganCore

/// Answering KPI questions from the facts: the figures of a period, its comparisons, the daily
/// series, the groups and the station league (`KPIQuery` → `KPIReport`).
extension IncidentFacts {
    /// The figures of the calls received in `start ..< end` under `scope` (a path), judged at
    /// `asOf`; with `alerts`, the alerts raised in the same span are counted too.
    public func figures(from start: Date, to end: Date, scope: String, asOf: Date, alerts: AlertFacts? = nil) -> KPIFigures {
        var scan = scan(start: start, end: end, inScope: pathsUnder(scope), now: asOf)
        var f = scan.buckets.figures(0, categoryNames: categories.names)
        f.alerts = alerts?.counts(start: start, end: end, scope: scope) { _ in nil }[""]
        return f
    }

    /// The figures of `period` under `scope`, judged at `asOf`.
    public func figures(in period: KPIPeriod, scope: String, asOf: Date, alerts: AlertFacts? = nil) -> KPIFigures {
        figures(from: period.start, to: period.end, scope: scope, asOf: asOf, alerts: alerts)
    }

    /// The whole answer to `query` (see `KPIReport`).
    public func kpiReport(_ query: KPIQuery, alerts: AlertFacts? = nil) -> KPIReport {
        let scope = query.scope
        let inScope = pathsUnder(scope)
        let period = query.period, previousPeriod = period.previous, lastYearPeriod = period.yearBefore
        let own = query.targets.targets(at: scope)

        // The current period in one scan: by the grouping asked for (stations when none, for the
        // league), by station besides when the league needs it too, and by day for the series.
        let primary = query.groupBy ?? .station
        let plan = groupPlan(primary, query: query, inScope: inScope, keepShallow: false)
        let stations = query.league && primary != .station ? groupPlan(.station, query: query, inScope: inScope, keepShallow: false) : nil
        var stationRows: [Int32]?
        if case .path(let map)? = stations?.rows { stationRows = map }
        var scan = scan(start: period.start, end: period.end, inScope: inScope, now: query.asOf, groups: plan.rows,
                        groupCount: plan.keys.count, secondary: stationRows, secondaryCount: stations?.keys.count ?? 0,
                        dayStart: period.start, days: query.series ? period.days : 0)
        var current = scan.buckets.figures(0, categoryNames: categories.names)
        let alertKey = primary.depth.map { depth in { (p: String) in Self.ancestorPath(p, depth: depth) } }
        let currentAlerts = alerts?.counts(start: period.start, end: period.end, scope: scope) { alertKey?($0) }
        current.alerts = currentAlerts?[""]

        var primaryGroups = assemble(plan, &scan.buckets, base: scan.groupBase, grouping: primary, query: query, alerts: currentAlerts, own: own)
        var league: [KPILeagueRow] = []
        if query.league {
            if let stations {
                let stationAlerts = alerts?.counts(start: period.start, end: period.end, scope: scope) { Self.ancestorPath($0, depth: 2) }
                league = KPILeagueRow.table(assemble(stations, &scan.buckets, base: scan.secondaryBase, grouping: .station, query: query,
                                                     alerts: stationAlerts, own: own))
            } else {
                league = KPILeagueRow.table(primaryGroups)
            }
        }
        if query.groupBy == nil { primaryGroups = [] }

        let series: [KPIDayPoint] = (0..<scan.days).map { i in
            let b = scan.dayBase + i
            return KPIDayPoint(day: period.from.advanced(by: i), incidents: scan.buckets.count(b, .incidents), judged: scan.buckets.count(b, .judged),
                               met: scan.buckets.count(b, .met), arrivals: scan.buckets.count(b, .arrivals),
                               callToArrivalP90: scan.buckets.percentile(0.9, b, step: 3), feedbackDue: scan.buckets.count(b, .feedbackDue),
                               feedbackOverdue: scan.buckets.count(b, .feedbackOverdue))
        }
        let previous = figures(in: previousPeriod, scope: scope, asOf: query.asOf, alerts: alerts)
        let lastYear = figures(in: lastYearPeriod, scope: scope, asOf: query.asOf, alerts: alerts)
        return KPIReport(
            jurisdictionID: scope == "/" ? Jurisdiction.root.id.rawValue : PathTable.leaf(scope), jurisdictionName: nil, path: scope,
            asOf: query.asOf, period: period, previousPeriod: previousPeriod, lastYearPeriod: lastYearPeriod,
            current: current, previous: previous, lastYear: lastYear,
            changes: KPIChanges(previous: KPIChange.compare(current, with: previous), lastYear: KPIChange.compare(current, with: lastYear)),
            targets: own, warnings: KPIWarning.check(current, against: own.targets), series: series, groupBy: query.groupBy,
            groups: primaryGroups, league: league, notes: [])
    }

    /// The groups of one grouping: which rows go where, and each group's key and owner's path.
    struct GroupPlan {
        var rows: RowGroups
        var keys: [String]
        var paths: [String?]
    }

    func groupPlan(_ grouping: KPIGrouping, query: KPIQuery, inScope: [Bool], keepShallow: Bool) -> GroupPlan {
        var keys: [String] = [], owners: [String?] = []
        switch grouping {
        case .station, .district:
            let depth = grouping.depth ?? 2
            var map = [Int32](repeating: -1, count: paths.count)
            var groupOfAncestor: [Int32: Int32] = [:]
            for i in 0..<paths.count where inScope[i] {
                guard Int(paths.depths[i]) >= depth || keepShallow else { continue }
                let a = paths.ancestor(of: Int32(i), depth: depth)
                if let g = groupOfAncestor[a] {
                    map[i] = g
                } else {
                    let g = Int32(keys.count)
                    groupOfAncestor[a] = g
                    let p = paths.paths[Int(a)]
                    keys.append(PathTable.leaf(p))
                    owners.append(p)
                    map[i] = g
                }
            }
            return GroupPlan(rows: .path(map), keys: keys, paths: owners)
        case .zone:
            var map = [Int32](repeating: -1, count: zones.count)
            for (i, z) in zones.names.enumerated() {
                let owner = query.zonePaths?[z]
                if query.zonePaths != nil, !(owner?.hasPrefix(query.scope) ?? false) { continue }
                map[i] = Int32(keys.count)
                keys.append(z)
                owners.append(owner)
            }
            return GroupPlan(rows: .zone(map), keys: keys, paths: owners)
        case .unit:
            var map = [Int32](repeating: -1, count: units.count)
            for (i, u) in units.names.enumerated() {
                let owner = query.unitPaths?[u]
                if query.unitPaths != nil, !(owner?.hasPrefix(query.scope) ?? false) { continue }
                map[i] = Int32(keys.count)
                keys.append(u)
                owners.append(owner)
            }
            return GroupPlan(rows: .unit(map), keys: keys, paths: owners)
        case .category:
            let map = (0..<categories.count).map { Int32($0) }
            return GroupPlan(rows: .category(map), keys: categories.names, paths: [String?](repeating: nil, count: categories.count))
        }
    }

    /// The groups of a scan with their targets, warnings and names, ordered by key: those with
    /// a call or an alert in the period, and for stations and districts every one the query
    /// lists under the scope.
    func assemble(_ plan: GroupPlan, _ buckets: inout KPIBuckets, base: Int, grouping: KPIGrouping, query: KPIQuery,
                  alerts: [String: KPIFigures.AlertCounts]?, own: TargetsInForce) -> [KPIGroup] {
        var byPath: [String: KPIGroup] = [:]
        var out: [KPIGroup] = []
        func make(key: String, path: String?, figures: KPIFigures) -> KPIGroup {
            var f = figures
            if grouping.depth != nil { f.alerts = path.flatMap { alerts?[$0] } ?? (alerts == nil ? nil : .init()) }
            let targets = path.map { query.targets.targets(at: $0) } ?? own
            return KPIGroup(key: key, name: query.names[key], path: path, figures: f, targets: targets,
                            warnings: KPIWarning.check(f, against: targets.targets))
        }
        for g in plan.keys.indices {
            let path = plan.paths[g]
            let hasAlerts = grouping.depth != nil && (path.flatMap { alerts?[$0]?.raised } ?? 0) > 0
            guard buckets.count(base + g, .incidents) > 0 || hasAlerts else { continue }
            let f = buckets.figures(base + g, categoryNames: categories.names)
            let group = make(key: plan.keys[g], path: path, figures: f)
            if let path { byPath[path] = group }
            out.append(group)
        }
        if let depth = grouping.depth {
            for p in query.jurisdictionPaths where p.hasPrefix(query.scope) && Self.depth(of: p) == depth && byPath[p] == nil {
                byPath[p] = make(key: PathTable.leaf(p), path: p, figures: KPIFigures())
                out.append(byPath[p]!)
            }
        }
        return out.sorted { $0.key < $1.key }
    }

    /// The ancestor of `path` at `depth` (0 city, 1 district, 2 station); nil when the path is
    /// shallower.
    static func ancestorPath(_ path: String, depth: Int) -> String? {
        var seen = -1
        var i = path.startIndex
        while i < path.endIndex {
            if path[i] == "/" && i != path.startIndex {
                seen += 1
                if seen == depth { return String(path[...i]) }
            }
            i = path.index(after: i)
        }
        return nil
    }

    static func depth(of path: String) -> Int { path.split(separator: "/").count - 1 }
}
