import Foundation
import PinganGeo

/// What a caller asks for when a call comes in.
public struct NewIncident: Codable, Sendable, Hashable {
    public var category: String
    public var priority: Priority
    public var location: Coordinate
    public var address: String
    public var callerName: String?
    public var callerPhone: String?
    public var description: String
    public var jurisdictionID: JurisdictionID?
    /// The standard address found in the registry, if the call-taker picked one.
    public var addressID: AddressID?

    public init(category: String, priority: Priority, location: Coordinate, address: String, callerName: String? = nil,
                callerPhone: String? = nil, description: String, jurisdictionID: JurisdictionID? = nil, addressID: AddressID? = nil) {
        self.category = category
        self.priority = priority
        self.location = location
        self.address = address
        self.callerName = callerName
        self.callerPhone = callerPhone
        self.description = description
        self.jurisdictionID = jurisdictionID
        self.addressID = addressID
    }
}

/// The result of a decision: the events to append and the entities as they are after them.
public struct IncidentDecision: Sendable, Hashable {
    public var events: [Event]
    public var incident: Incident
    /// Units whose state the decision changed.
    public var units: [PoliceUnit]
}

/// Decides incident commands. Pure: the state, the command and the instant go in; events and
/// the new state, or a typed refusal, come out. Stores and servers only carry the results.
public struct IncidentDecider: Sendable {
    public var catalogue: CategoryCatalogue

    public init(catalogue: CategoryCatalogue = .standard) { self.catalogue = catalogue }

    /// `CODE-YYYYMMDD-NNNN`, the number dispatchers read out; `sequence` is the day's counter.
    public static func number(code: String, day: String, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(code)-\(day)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The counter key and day string for numbering incidents of `jurisdiction` received at `now`
    /// (days in China Standard Time, as a duty room counts them).
    public static func numberingDay(_ now: Date) -> String {
        // China Standard Time is UTC+8 all year (no daylight saving), so plain arithmetic will do.
        let local = Int64((now.timeIntervalSince1970 + 8 * 3600).rounded(.down))
        let (year, month, day, _) = Timestamp.civil(local)
        return String(year) + (month < 10 ? "0" : "") + String(month) + (day < 10 ? "0" : "") + String(day)
    }

    /// The checks that need nothing stored; the category is checked against the incident's
    /// jurisdiction's catalogue in `create`.
    public func validate(_ input: NewIncident) throws(DomainError) {
        try TextRules.check(input.location, field: "location")
        try TextRules.check(input.address, field: "address", max: 200)
        try TextRules.check(input.description, field: "description", max: 4000, required: false, multiline: true)
        if let name = input.callerName { try TextRules.check(name, field: "callerName", max: 100, required: false) }
        if let phone = input.callerPhone {
            try TextRules.check(phone, field: "callerPhone", max: 32, required: false)
            guard phone.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" || $0 == " " }) else {
                throw DomainError.invalid("callerPhone", "callerPhone may hold digits, spaces, + and - only")
            }
        }
    }

    /// `policy` is the jurisdiction's, resolved (nil: the standard rules and this decider's catalogue).
    /// `flags` are the high-risk rules that fired on the call (`HighRiskMatcher`): they raise its
    /// priority (never lower it), its deadlines follow the raised one, and an `incident.flagged`
    /// event tells supervisors which rule fired on which words.
    public func create(_ input: NewIncident, id: IncidentID, in jurisdiction: Jurisdiction, sequence: Int, now: Date,
                       policy: EffectivePolicy? = nil, flags: [RiskFlag] = []) throws(DomainError) -> IncidentDecision {
        try validate(input)
        guard (policy?.catalogue ?? catalogue).category(input.category) != nil else {
            throw DomainError(.unknownCategory, field: "category", "unknown category \(input.category.prefix(60))")
        }
        var incident = Incident(
            id: id,
            number: Self.number(code: jurisdiction.code, day: Self.numberingDay(now), sequence: sequence),
            jurisdictionID: jurisdiction.id,
            category: input.category,
            priority: RiskFlag.raised(input.priority, by: flags),
            location: input.location,
            address: input.address,
            caller: Caller(name: input.callerName, phone: input.callerPhone),
            description: input.description,
            times: IncidentTimes(receivedAt: now),
            path: jurisdiction.path
        )
        incident.deadlineRule = policy?.rule(for: incident.priority)
        incident.addressID = input.addressID
        if !flags.isEmpty { incident.riskFlags = flags }
        var events = [try event(.incidentCreated, IncidentEventData(incident: incident))]
        if !flags.isEmpty {
            events.append(try event(.incidentFlagged, IncidentEventData(incident: incident, note: flags.map(\.rule).joined(separator: ","))))
        }
        return IncidentDecision(events: events, incident: incident, units: [])
    }

    /// Assigns units: each must be available and free. The first assignment dispatches the incident.
    public func assign(_ incident: Incident, units: [PoliceUnit], now: Date) throws(DomainError) -> IncidentDecision {
        guard !units.isEmpty else { throw DomainError.invalid("unitIDs", "name at least one unit") }
        guard Set(units.map(\.id)).count == units.count else { throw DomainError.invalid("unitIDs", "a unit is named twice") }
        guard IncidentLifecycle.assignable.contains(incident.status) else {
            throw DomainError(.illegalTransition, field: "status", "units cannot be assigned to a \(incident.status.rawValue) incident")
        }
        for unit in units {
            if let other = unit.incidentID {
                let which = other == incident.id ? "this incident" : "incident \(other)"
                throw DomainError(.unitAlreadyAssigned, field: "unitIDs", "unit \(unit.callsign) is already assigned to \(which)")
            }
            guard unit.status == .available else {
                throw DomainError(.unitUnavailable, field: "unitIDs", "unit \(unit.callsign) is \(unit.status.rawValue), not available")
            }
        }
        var next = incident
        next.version += 1
        next.unitIDs += units.map(\.id)
        next.attendedUnitIDs = (incident.attendedUnitIDs ?? []) + units.map(\.id).filter { !(incident.attendedUnitIDs ?? []).contains($0) }
        var from = incident.status
        if incident.status == .received || incident.status == .reopened {
            next.status = .dispatched
            next.times.dispatchedAt = next.times.dispatchedAt ?? now
        } else {
            from = next.status
        }
        let unitStatus = IncidentLifecycle.unitStatus(for: next.status) ?? .dispatched
        let changed = units.map { unit -> PoliceUnit in
            var u = unit
            u.version += 1
            u.incidentID = incident.id
            u.incidentPath = incident.path
            u.status = unitStatus
            u.statusSince = now
            return u
        }
        var events = [try event(.incidentUnitsAssigned, IncidentEventData(incident: next, from: from, to: next.status, unitIDs: units.map(\.id)))]
        events += try changed.map { u throws(DomainError) in try unitEvent(u) }
        return IncidentDecision(events: events, incident: next, units: changed)
    }

    /// Releases one unit. Releasing the last unit of a dispatched incident sends it back to the queue.
    public func unassign(_ incident: Incident, unit: PoliceUnit, now: Date) throws(DomainError) -> IncidentDecision {
        guard incident.unitIDs.contains(unit.id), unit.incidentID == incident.id else {
            throw DomainError(.unitNotAssigned, field: "unitID", "unit \(unit.callsign) is not assigned to this incident")
        }
        var next = incident
        next.version += 1
        next.unitIDs.removeAll { $0 == unit.id }
        if next.unitIDs.isEmpty && next.status == .dispatched {
            next.status = .received
        }
        let freed = release(unit, now: now)
        return IncidentDecision(
            events: [try event(.incidentUnitUnassigned, IncidentEventData(incident: next, unitID: unit.id)), try unitEvent(freed)],
            incident: next, units: [freed])
    }

    /// Moves the incident along its lifecycle; assigned units follow. `units` are the incident's
    /// assigned units as stored.
    public func transition(_ incident: Incident, to target: IncidentStatus, units: [PoliceUnit], note: String?, now: Date) throws(DomainError) -> IncidentDecision {
        if let note { try TextRules.check(note, field: "note", max: 1000, required: false, multiline: true) }
        switch target {
        case .dispatched:
            throw DomainError(.illegalTransition, field: "status", "dispatch by assigning units")
        case .closed:
            throw DomainError(.illegalTransition, field: "status", "close by giving feedback")
        case .received:
            throw DomainError(.illegalTransition, field: "status", "an incident returns to the queue when its last unit is released")
        case .referred:
            throw DomainError(.illegalTransition, field: "status", "refer an incident by sending a referral to an agency")
        default:
            break
        }
        if let link = incident.mergedInto {
            throw DomainError(.illegalTransition, field: "status", "\(incident.number) is merged into \(link.intoNumber): undo the merge first")
        }
        try IncidentLifecycle.check(from: incident.status, to: target)
        if target == .cancelled, let open = incident.openReferral {
            throw DomainError(.referralOpen, field: "status", "withdraw the referral to \(open.agencyName) before cancelling")
        }
        var next = incident
        next.version += 1
        next.status = target
        var changed: [PoliceUnit] = []
        switch target {
        case .enRoute: next.times.enRouteAt = now
        case .onScene: next.times.onSceneAt = now
        case .resolved:
            next.times.resolvedAt = now
            next.resolvedByUnitIDs = incident.unitIDs
        case .cancelled: next.times.cancelledAt = now
        case .reopened:
            next.times.reopenedAt = now
            next.times.resolvedAt = nil
            next.times.closedAt = nil
            next.feedback = nil
            next.resolvedByUnitIDs = nil
        default: break
        }
        if let status = IncidentLifecycle.unitStatus(for: target) {
            changed = units.map { unit in
                var u = unit
                u.version += 1
                u.status = status
                u.statusSince = now
                return u
            }
        } else if target == .resolved || target == .cancelled {
            changed = units.map { release($0, now: now) }
            next.unitIDs = []
        }
        var events = [try event(.incidentTransitioned, IncidentEventData(incident: next, from: incident.status, to: target, note: note))]
        events += try changed.map { u throws(DomainError) in try unitEvent(u) }
        return IncidentDecision(events: events, incident: next, units: changed)
    }

    /// Closes the loop: feedback on a resolved incident closes it.
    public func feedback(_ incident: Incident, outcome: String, summary: String, by user: UserID, now: Date) throws(DomainError) -> IncidentDecision {
        try TextRules.check(outcome, field: "outcome", max: 100)
        try TextRules.check(summary, field: "summary", max: 4000, multiline: true)
        guard incident.status == .resolved else {
            throw DomainError(.illegalTransition, field: "status", "feedback closes a resolved incident; this one is \(incident.status.rawValue)")
        }
        if let open = incident.openReferral {
            throw DomainError(.referralOpen, field: "status", "the referral to \(open.agencyName) has not given its feedback yet")
        }
        var next = incident
        next.version += 1
        next.status = .closed
        next.times.closedAt = now
        next.feedback = Feedback(outcome: outcome, summary: summary, by: user, at: now)
        return IncidentDecision(events: [try event(.incidentFeedback, IncidentEventData(incident: next, from: .resolved, to: .closed))],
                                incident: next, units: [])
    }

    /// Records that `unit`'s crew acknowledged the assignment. Accepting twice changes nothing
    /// (no event), so a phone that retries on a bad network cannot flood the timeline.
    public func accept(_ incident: Incident, unit: UnitID, now: Date) throws(DomainError) -> IncidentDecision? {
        guard incident.unitIDs.contains(unit) else {
            throw DomainError(.unitNotAssigned, field: "unitID", "unit \(unit.rawValue.prefix(80)) is not assigned to this incident")
        }
        if incident.acceptances?.contains(where: { $0.unitID == unit }) == true { return nil }
        var next = incident
        next.version += 1
        next.acceptances = (incident.acceptances ?? []) + [Acceptance(unitID: unit, at: now)]
        return IncidentDecision(events: [try event(.incidentAccepted, IncidentEventData(incident: next, unitID: unit))], incident: next, units: [])
    }

    private func release(_ unit: PoliceUnit, now: Date) -> PoliceUnit {
        var u = unit
        u.version += 1
        u.incidentID = nil
        u.incidentPath = nil
        if u.status != .outOfService && u.status != .offDuty {
            u.status = .available
        }
        u.statusSince = now
        return u
    }

    private func event(_ type: EventType, _ data: IncidentEventData) throws(DomainError) -> Event {
        do { return try Event(type, subject: data.incident.id.rawValue, path: data.incident.path, payload: data) }
        catch { throw DomainError(.invalidField, "incident could not be encoded: \(error)") }
    }

    private func unitEvent(_ unit: PoliceUnit) throws(DomainError) -> Event {
        try OrganisationDecider.event(.unitStatusChanged, unit, id: unit.id.rawValue)
    }
}
