import Foundation
import PinganCore

/// A station's duty log (值班日志) for one China Standard Time day: its shifts, the units on duty
/// in each, the incidents it handled, and what was handed over at each change.
///
/// Shifts are not configured anywhere; they are read from the units' status history (the
/// `unit.*` events of the log), so the log shows how the station actually worked:
/// - a unit is **on duty** while active and in any status but `offDuty`; a unit registered during
///   the day is on duty from then in its first state, without coming on duty in a change;
/// - a **shift change** is a group of duty changes within `changeWindow` (an hour) of the group's
///   first in which some unit comes on duty and another unit goes off: a relief. It is placed at
///   the group's first change. A unit coming on or going off alone (reinforcement, a meal break)
///   starts no shift and is listed as a change within it;
/// - the **shifts** run from one change to the next, with 00:00 and 24:00 (or the time of
///   writing, for today) as the first and last bounds; a day without a relief is one shift;
/// - an incident is **open** at an instant when its call had come in and it was neither closed
///   nor cancelled yet, judged from its recorded step times;
/// - **handovers** are the incidents open at each shift change, and each unit that went off duty
///   while an incident it had worked was still open.
public struct DutyLog: Sendable {
    public var subject: DailyReport.ReportSubject
    public var date: ReportDay
    public var asOf: Date
    /// The log covers `date.start ..< end` (the day, or the part of it before `asOf`).
    public var end: Date
    public var shifts: [Shift]
    public var handovers: [Handover]
    /// Duty changes that were not part of a shift change.
    public var changesWithin: [DutyChange]
    public var offDutyWhileOpen: [OffDuty]
    public var incidents: [Handled]
    /// Every unit's on-duty spans over the day, for the chart; units never on duty are left out.
    public var timeline: [UnitSpans]
    /// The names of the categories its incidents have.
    public var categoryNames: [String: ReportName]
    /// Its zones' patrol plans of the day, as kept so far (nil: not measured).
    public var patrol: PatrolDay?

    public var isPartial: Bool { end < date.end }

    public struct Shift: Sendable, Hashable {
        public var number: Int
        public var from: Date
        public var to: Date
        public var units: [UnitOnDuty]
        /// Calls received in the shift.
        public var received: Int
    }

    public struct UnitOnDuty: Sendable, Hashable {
        public var callsign: String
        public var kind: UnitKind
        public var secondsOnDuty: TimeInterval
        /// Incidents received in the shift that the unit worked.
        public var worked: Int
    }

    public struct DutyChange: Sendable, Hashable {
        public var at: Date
        public var callsign: String
        public var cameOn: Bool
    }

    public struct Handover: Sendable, Hashable {
        public var at: Date
        public var cameOn: [String]
        public var wentOff: [String]
        /// The station's incidents open at the change, with their state then.
        public var open: [OpenIncident]
    }

    public struct OpenIncident: Sendable, Hashable {
        public var incident: ReportIncidentLine
        public var status: IncidentStatus
    }

    public struct OffDuty: Sendable, Hashable {
        public var at: Date
        public var callsign: String
        /// The open incidents the unit had worked, by number.
        public var openWorked: [String]
        /// All the station's incidents open at that instant.
        public var stationOpen: Int
    }

    public struct Handled: Sendable, Hashable {
        public var incident: ReportIncidentLine
        /// The shift the call came in during; nil for calls carried over from before the day.
        public var shift: Int?
        public var statusAtEnd: IncidentStatus
    }

    public struct UnitSpans: Sendable, Hashable {
        public var callsign: String
        public var spans: [Span]
    }

    public struct Span: Sendable, Hashable {
        public var from: Date
        public var to: Date
        public var status: UnitStatus
    }
}

/// What a duty log is assembled from, read in the station's scope.
public struct DutyLogInput: Sendable {
    public var station: Jurisdiction
    public var date: ReportDay
    public var asOf: Date
    /// The station's units (callsign and kind).
    public var units: [PoliceUnit]
    /// Per unit, the last change at or before the day's start (its state coming into the day)
    /// and every change during the day, in any order. A unit without a change before the day
    /// did not exist yet.
    public var changes: [UnitStatusChange]
    /// The station's incidents received during the day, and those received before it that may
    /// still have been open at its start; others are ignored.
    public var incidents: [Incident]
    /// Callsigns of units outside the station that its incidents name, if the reader may see them.
    public var otherCallsigns: [UnitID: String]
    public var catalogue: CategoryCatalogue
    public var changeWindow: TimeInterval

    public init(station: Jurisdiction, date: ReportDay, asOf: Date, units: [PoliceUnit], changes: [UnitStatusChange], incidents: [Incident],
                otherCallsigns: [UnitID: String] = [:], catalogue: CategoryCatalogue = .standard, changeWindow: TimeInterval = 3600) {
        self.station = station
        self.date = date
        self.asOf = asOf
        self.units = units
        self.changes = changes
        self.incidents = incidents
        self.otherCallsigns = otherCallsigns
        self.catalogue = catalogue
        self.changeWindow = changeWindow
    }
}

extension DutyLog {
    /// Derives the shifts and assembles the log (see the type's notes for the definitions).
    public static func assemble(_ input: DutyLogInput) -> DutyLog {
        let start = input.date.start
        let end = min(input.date.end, max(start, input.asOf))
        var callsigns = input.otherCallsigns
        var kinds: [UnitID: UnitKind] = [:]
        for u in input.units {
            callsigns[u.id] = u.callsign
            kinds[u.id] = u.kind
        }
        let stationUnits = Set(input.units.map(\.id))

        // Each unit's state over the day, as spans of one status; and its duty flips inside it.
        struct Flip { var at: Date; var unit: UnitID; var on: Bool; var seq: Int64 }
        var flips: [Flip] = []
        var spans: [UnitID: [Span]] = [:]
        let byUnit = Dictionary(grouping: input.changes.filter { stationUnits.contains($0.unitID) }, by: \.unitID)
        for (unit, changes) in byUnit {
            let ordered = changes.sorted { $0.at != $1.at ? $0.at < $1.at : $0.seq < $1.seq }
            var state = ordered.last { $0.at <= start }
            var since = start
            func close(at t: Date) {
                if let s = state, s.onDuty, t > since { spans[unit, default: []].append(Span(from: since, to: t, status: s.status)) }
            }
            for c in ordered where c.at > start && c.at < end {
                let wasOn = state?.onDuty ?? false
                // A unit registered during the day joins in its first state: no one relieved anyone.
                if c.onDuty != wasOn && state != nil { flips.append(Flip(at: c.at, unit: unit, on: c.onDuty, seq: c.seq)) }
                if c.status != state?.status || c.onDuty != wasOn {
                    close(at: c.at)
                    since = c.at
                }
                state = c
            }
            close(at: end)
        }
        flips.sort { $0.at != $1.at ? $0.at < $1.at : $0.seq < $1.seq }

        // Group the flips; a group with a unit coming on and another going off is a shift change.
        var groups: [[Flip]] = []
        for f in flips {
            if let first = groups.last?.first, f.at.timeIntervalSince(first.at) <= input.changeWindow {
                groups[groups.count - 1].append(f)
            } else {
                groups.append([f])
            }
        }
        func isRelief(_ g: [Flip]) -> Bool {
            let on = Set(g.filter(\.on).map(\.unit)), off = Set(g.filter { !$0.on }.map(\.unit))
            return on.contains { u in off.contains { $0 != u } }
        }
        let reliefs = groups.filter(isRelief)
        let within = groups.filter { !isRelief($0) }.flatMap { $0 }
        var bounds = [start] + reliefs.map { $0[0].at }.filter { $0 > start && $0 < end } + [end]
        bounds = bounds.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
        if bounds.count == 1 { bounds.append(end) }

        let ownIncidents = input.incidents.filter { $0.times.receivedAt < end && ($0.times.receivedAt >= start || Self.isOpen($0, at: start)) }
            .sorted { $0.times.receivedAt != $1.times.receivedAt ? $0.times.receivedAt < $1.times.receivedAt : $0.number < $1.number }
        func line(_ i: Incident) -> ReportIncidentLine { ReportIncidentLine(i, callsigns: callsigns) }
        func worked(_ i: Incident, by unit: UnitID) -> Bool { (i.attendedUnitIDs ?? []).contains(unit) || i.unitIDs.contains(unit) }
        func shiftIndex(_ t: Date) -> Int? {
            guard t >= start, t < end else { return nil }
            return bounds.indices.dropLast().last { bounds[$0] <= t }
        }

        var shifts: [Shift] = []
        for k in 0..<(bounds.count - 1) {
            let (from, to) = (bounds[k], bounds[k + 1])
            let received = ownIncidents.filter { $0.times.receivedAt >= from && $0.times.receivedAt < to }
            var units: [UnitOnDuty] = []
            for (unit, list) in spans {
                let seconds = list.reduce(0.0) { acc, s in acc + max(0, min(s.to, to).timeIntervalSince(max(s.from, from))) }
                guard seconds > 0 else { continue }
                units.append(UnitOnDuty(callsign: callsigns[unit] ?? unit.rawValue, kind: kinds[unit] ?? .patrolCar, secondsOnDuty: seconds,
                                        worked: received.filter { worked($0, by: unit) }.count))
            }
            units.sort { $0.callsign < $1.callsign }
            shifts.append(Shift(number: k + 1, from: from, to: to, units: units, received: received.count))
        }

        let handovers = reliefs.filter { $0[0].at > start && $0[0].at < end }.map { g -> Handover in
            let at = g[0].at
            func names(_ on: Bool) -> [String] {
                Array(Set(g.filter { $0.on == on }.map(\.unit))).map { callsigns[$0] ?? $0.rawValue }.sorted()
            }
            let open = ownIncidents.filter { Self.isOpen($0, at: at) }.map { OpenIncident(incident: line($0), status: Self.status(of: $0, at: at)) }
            return Handover(at: at, cameOn: names(true), wentOff: names(false), open: open)
        }

        var offDuty: [OffDuty] = []
        for f in flips where !f.on {
            let open = ownIncidents.filter { Self.isOpen($0, at: f.at) }
            let mine = open.filter { worked($0, by: f.unit) }
            guard !mine.isEmpty else { continue }
            offDuty.append(OffDuty(at: f.at, callsign: callsigns[f.unit] ?? f.unit.rawValue, openWorked: mine.map(\.number), stationOpen: open.count))
        }

        let timeline = spans.map { UnitSpans(callsign: callsigns[$0.key] ?? $0.key.rawValue, spans: $0.value.sorted { $0.from < $1.from }) }
            .sorted { $0.callsign < $1.callsign }
        return DutyLog(
            subject: .init(input.station), date: input.date, asOf: input.asOf, end: end, shifts: shifts, handovers: handovers,
            changesWithin: within.map { DutyChange(at: $0.at, callsign: callsigns[$0.unit] ?? $0.unit.rawValue, cameOn: $0.on) },
            offDutyWhileOpen: offDuty,
            incidents: ownIncidents.map { Handled(incident: line($0), shift: shiftIndex($0.times.receivedAt).map { $0 + 1 }, statusAtEnd: Self.status(of: $0, at: end)) },
            timeline: timeline,
            categoryNames: Dictionary(ownIncidents.map(\.category).map { code in
                (code, input.catalogue.category(code).map { ReportName(zh: $0.nameZh, en: $0.nameEn) } ?? ReportName(zh: code, en: code))
            }, uniquingKeysWith: { a, _ in a }))
    }

    /// The call had come in by `t` and the incident was neither closed nor cancelled yet.
    static func isOpen(_ i: Incident, at t: Date) -> Bool {
        let times = i.times
        guard times.receivedAt <= t else { return false }
        if let c = times.closedAt, c <= t { return false }
        if let c = times.cancelledAt, c <= t { return false }
        return true
    }

    /// The incident's step at `t`, from its recorded step times (the furthest step reached by then).
    static func status(of i: Incident, at t: Date) -> IncidentStatus {
        let times = i.times
        func by(_ d: Date?) -> Bool { d.map { $0 <= t } ?? false }
        if by(times.cancelledAt) { return .cancelled }
        if by(times.closedAt) { return .closed }
        // Referred and not back: the current status says so when nothing later is recorded.
        if i.status == .referred, !by(times.resolvedAt) { return .referred }
        if by(times.resolvedAt) { return .resolved }
        if by(times.onSceneAt) { return .onScene }
        if by(times.enRouteAt) { return .enRoute }
        if by(times.dispatchedAt) { return .dispatched }
        return .received
    }
}
