import Foundation
import PinganGeo

/// Whether a patrol plan was kept, from the unit's GPS track (巡逻见警率的证据): minutes in the
/// zone during the shift against the required presence, each point visited for its stay, the
/// gaps with no fixes, the distance driven, and the minutes out of the zone while not on an
/// incident.
public struct PatrolCompliance: Sendable, Equatable {
    public struct PointVisit: Sendable, Equatable {
        public var id: String
        public var name: String
        /// Longest stay within the point's radius (seconds); 0 when never there.
        public var staySeconds: Double
        public var visited: Bool
    }

    public var unitID: String
    public var presenceMinutes: Double
    public var requiredMinutes: Double
    public var presenceMet: Bool
    public var points: [PointVisit]
    /// Stretches of the shift with no fix for longer than the gap limit (the start and end of
    /// the shift count: a unit first heard of an hour in has a gap of an hour).
    public var gaps: [DateInterval]
    public var gapMinutes: Double
    public var distanceKm: Double
    public var outOfZoneUnassignedMinutes: Double

    /// All required presence given, every point visited.
    public var kept: Bool { presenceMet && points.allSatisfy(\.visited) }

    /// - Parameters:
    ///   - fixes: the unit's track (any order); fixes outside the shift only bound its intervals.
    ///   - assignments: when the unit was on incidents; time out of the zone then is the job.
    ///   - maxGap: fixes further apart than this are a gap: nothing is credited across it.
    public static func measure(_ plan: PatrolPlan, fixes: [PatrolFix], assignments: [DateInterval] = [],
                               maxGap: TimeInterval = PatrolTrack.maxGap) -> PatrolCompliance {
        let shift = DateInterval(start: plan.shiftStart, end: plan.shiftEnd)
        var inZone = 0.0, outUnassigned = 0.0, metres = 0.0
        var gaps: [DateInterval] = []
        var heard: [DateInterval] = []   // counted intervals within the shift
        for (a, b, counted) in PatrolTrack.intervals(fixes, maxGap: maxGap) {
            let whole = DateInterval(start: a.at, end: b.at)
            guard let part = whole.intersection(with: shift), part.duration > 0 else { continue }
            guard counted else { gaps.append(part); continue }
            heard.append(part)
            let f = part.duration / whole.duration
            metres += f * Geodesy.haversine(a.coordinate, b.coordinate)
            let share = PatrolTrack.insideShare(plan.zone.contains(a.coordinate), plan.zone.contains(b.coordinate))
            inZone += part.duration * share
            let onJob = assignments.reduce(0.0) { $0 + (part.intersection(with: $1)?.duration ?? 0) }
            outUnassigned += (1 - share) * max(0, part.duration - onJob)
        }
        // The shift's stretches nobody heard the unit in, beyond the gap limit, at its ends too.
        var cursor = shift.start
        for h in (heard + gaps).sorted(by: { $0.start < $1.start }) {
            if h.start.timeIntervalSince(cursor) > maxGap { gaps.append(DateInterval(start: cursor, end: h.start)) }
            cursor = max(cursor, h.end)
        }
        if shift.end.timeIntervalSince(cursor) > maxGap { gaps.append(DateInterval(start: cursor, end: shift.end)) }
        gaps.sort { $0.start < $1.start }
        let visits = plan.points.map { pt in
            let stay = longestStay(at: pt, fixes: fixes, within: shift, maxGap: maxGap)
            return PointVisit(id: pt.id, name: pt.name, staySeconds: stay ?? 0, visited: stay.map { $0 >= pt.dwellSeconds } ?? false)
        }
        let presence = inZone / 60
        return PatrolCompliance(unitID: plan.unitID, presenceMinutes: presence, requiredMinutes: plan.requiredMinutes,
                                presenceMet: presence + 1e-9 >= plan.requiredMinutes, points: visits, gaps: gaps,
                                gapMinutes: gaps.reduce(0) { $0 + $1.duration } / 60, distanceKm: metres / 1000,
                                outOfZoneUnassignedMinutes: outUnassigned / 60)
    }

    /// Longest run of consecutive in-shift fixes within the point's radius, from the run's first
    /// fix to its last (nil: no fix there at all); a gap breaks a run.
    static func longestStay(at point: PatrolPlan.Point, fixes: [PatrolFix], within shift: DateInterval, maxGap: TimeInterval) -> Double? {
        let sorted = fixes.filter { shift.contains($0.at) }.sorted { $0.at < $1.at }
        var best: Double?
        var runStart: Date?, last: Date?
        for f in sorted {
            let near = Geodesy.haversine(f.coordinate, point.location) <= point.radiusMetres
            if near, let s = runStart, let l = last, f.at.timeIntervalSince(l) <= maxGap {
                last = f.at
                best = max(best ?? 0, f.at.timeIntervalSince(s))
            } else if near {
                runStart = f.at; last = f.at
                best = max(best ?? 0, 0)
            } else {
                runStart = nil; last = nil
            }
        }
        return best
    }
}
