import Foundation
import PinganCore
import PinganGeo

/// A day's patrol compliance (巡逻考核): for every zone's shift of the day and every unit that
/// works it, whether the plan was kept according to the unit's GPS track, with the totals of
/// each station. What the console's table, the unit card and the duty log show.
public struct PatrolDay: Sendable, Encodable {
    public struct Row: Sendable, Encodable, Equatable {
        public var zoneID: String
        public var zoneName: String
        public var stationID: String
        public var shift: String
        public var from: Date
        public var to: Date
        public var unitID: String
        public var callsign: String
        /// The shift has not ended at `asOf`: its figures so far, not yet judged.
        public var inProgress: Bool
        public var presenceMinutes: Double
        public var requiredMinutes: Double
        public var presenceMet: Bool
        public var points: [Point]
        public var gapMinutes: Double
        public var distanceKm: Double
        public var outOfZoneUnassignedMinutes: Double
        /// Ended, all presence given, every point visited.
        public var kept: Bool
    }

    public struct Point: Sendable, Encodable, Equatable {
        public var name: String
        public var stayMinutes: Double
        public var visited: Bool
    }

    public struct Totals: Sendable, Encodable, Equatable {
        public var stationID: String
        public var stationName: String
        /// Plans (shift × unit) begun by `asOf`; `ended` of them finished, `kept` of those kept.
        public var plans = 0
        public var ended = 0
        public var kept = 0
        public var presenceMinutes = 0.0
        public var requiredMinutes = 0.0
        public var pointsVisited = 0
        public var points = 0
        public var distanceKm = 0.0
        public var outOfZoneUnassignedMinutes = 0.0
    }

    public var date: ReportDay
    public var asOf: Date
    public var rows: [Row]
    public var stations: [Totals]

    /// One unit's plan for one shift of a zone on `day`.
    public struct Planned: Sendable {
        public var zone: PatrolZone
        public var shift: ZoneShift
        /// The shift's end; the plan itself ends at `asOf` while the shift runs.
        public var shiftEnd: Date
        public var plan: PatrolPlan
    }

    /// The plans of the shifts of `zones` that start on `day` and have begun by `asOf`, one per
    /// unit (a night shift belongs to the day it starts).
    public static func plans(zones: [PatrolZone], day: ReportDay, asOf: Date, unit: UnitID? = nil) -> [Planned] {
        var out: [Planned] = []
        for zone in zones where zone.active {
            let polygon = Polygon(zone.boundary)
            for shift in zone.shifts {
                let start = day.start.addingTimeInterval(Double(shift.startMinute) * 60)
                let end = start.addingTimeInterval(Double(shift.lengthMinutes) * 60)
                guard start < asOf else { continue }
                let points = shift.points.enumerated().map { k, p in
                    PatrolPlan.Point(id: "\(k)", name: p.name, location: p.location, radiusMetres: Double(p.radiusMetres), dwellSeconds: Double(p.dwellMinutes) * 60)
                }
                for id in shift.unitIDs where unit == nil || unit == id {
                    out.append(Planned(zone: zone, shift: shift, shiftEnd: end,
                                       plan: PatrolPlan(unitID: id.rawValue, zone: polygon, shiftStart: start, shiftEnd: min(end, asOf),
                                                        requiredMinutes: Double(shift.requiredMinutes), points: points)))
                }
            }
        }
        return out
    }

    /// Measures each plan against its unit's fixes and the times it was on incidents.
    /// - Parameters:
    ///   - callsigns: units' callsigns by ID (an unknown unit shows its ID).
    ///   - stationNames: stations' names by ID.
    public static func assemble(date: ReportDay, asOf: Date, plans: [Planned], fixes: [UnitID: [PatrolFix]],
                                assignments: [UnitID: [DateInterval]], callsigns: [UnitID: String],
                                stationNames: [JurisdictionID: String]) -> PatrolDay {
        var rows: [Row] = []
        var totals: [JurisdictionID: Totals] = [:]
        for p in plans {
            let unit = UnitID(p.plan.unitID)
            let c = PatrolCompliance.measure(p.plan, fixes: fixes[unit] ?? [], assignments: assignments[unit] ?? [])
            let ended = p.shiftEnd <= asOf
            let row = Row(zoneID: p.zone.id.rawValue, zoneName: p.zone.name, stationID: p.zone.stationID.rawValue, shift: p.shift.name,
                          from: p.plan.shiftStart, to: p.shiftEnd, unitID: unit.rawValue, callsign: callsigns[unit] ?? unit.rawValue,
                          inProgress: !ended, presenceMinutes: c.presenceMinutes, requiredMinutes: c.requiredMinutes, presenceMet: c.presenceMet,
                          points: c.points.map { Point(name: $0.name, stayMinutes: $0.staySeconds / 60, visited: $0.visited) },
                          gapMinutes: c.gapMinutes, distanceKm: c.distanceKm, outOfZoneUnassignedMinutes: c.outOfZoneUnassignedMinutes,
                          kept: ended && c.kept)
            rows.append(row)
            let s = p.zone.stationID
            var t = totals[s] ?? Totals(stationID: s.rawValue, stationName: stationNames[s] ?? s.rawValue)
            t.plans += 1
            if ended { t.ended += 1 }
            if row.kept { t.kept += 1 }
            t.presenceMinutes += row.presenceMinutes
            t.requiredMinutes += row.requiredMinutes
            t.pointsVisited += row.points.filter(\.visited).count
            t.points += row.points.count
            t.distanceKm += row.distanceKm
            t.outOfZoneUnassignedMinutes += row.outOfZoneUnassignedMinutes
            totals[s] = t
        }
        rows.sort { ($0.stationID, $0.zoneName, $0.from, $0.callsign) < ($1.stationID, $1.zoneName, $1.from, $1.callsign) }
        return PatrolDay(date: date, asOf: asOf, rows: rows, stations: totals.values.sorted { $0.stationName < $1.stationName })
    }

    /// When each unit was on an incident (dispatched, en route or on scene), from its status
    /// history: what excuses time out of its zone.
    public static func assignments(_ changes: [UnitStatusChange], until end: Date) -> [UnitID: [DateInterval]] {
        var out: [UnitID: [DateInterval]] = [:]
        for (unit, list) in Dictionary(grouping: changes, by: \.unitID) {
            var since: Date?
            for c in list.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
                let busy = c.active && [.dispatched, .enRoute, .onScene].contains(c.status)
                if busy, since == nil { since = c.at }
                if !busy, let s = since {
                    if c.at > s { out[unit, default: []].append(DateInterval(start: s, end: c.at)) }
                    since = nil
                }
            }
            if let s = since, end > s { out[unit, default: []].append(DateInterval(start: s, end: end)) }
        }
        return out
    }
}
