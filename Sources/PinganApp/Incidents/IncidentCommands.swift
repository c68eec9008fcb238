import Foundation
import PinganCore
import PinganStore

/// Incidents (警情) from intake to closed loop: each command loads the incident in the caller's
/// scope (or as the crew on it, `IncidentAccess`), lets `IncidentDecider` decide, and runs
/// through the one `CommandRunner`.
public struct IncidentCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections & Counters
    public let decider: IncidentDecider
    let jurisdictions: KnownJurisdictions
    let active: ActiveJurisdictions
    /// Where a call on no station's area may still be filed.
    public let ownership: IncidentOwnership.Rule
    let triage = TriageRules()

    init(runner: CommandRunner, store: any Projections & Counters, decider: IncidentDecider, jurisdictions: KnownJurisdictions,
         active: ActiveJurisdictions, ownership: IncidentOwnership.Rule) {
        self.runner = runner
        self.store = store
        self.decider = decider
        self.jurisdictions = jurisdictions
        self.active = active
        self.ownership = ownership
    }

    public func create(_ input: NewIncident, by user: User, idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try decider.validate(input)
        return try await runner.run(.createIncident, by: Actor(user), idempotency: idempotency) { now in
            if let id = input.addressID {
                // Any standard address of the city: a call is taken wherever it comes from.
                guard let address = try await store.addresses(ids: [id]).first else { throw DomainError.notFound("address", id.rawValue) }
                guard address.active else { throw DomainError(.inactive, field: "addressID", "\(address.text) is retired") }
            }
            let jurisdiction = try await owner(of: input, user: user)
            let chain = try await store.chain(of: jurisdiction, known: jurisdictions)
            let policy = EffectivePolicy.resolve(chain)
            let flags = triage.rules(chain: chain, policy: policy).highRisk.flags(category: input.category, text: input.description)
            let sequence = try await store.nextValue(of: "incident:\(jurisdiction.id):\(IncidentDecider.numberingDay(now))")
            return Self.decision(try decider.create(input, id: .random(), in: jurisdiction, sequence: sequence, now: now, policy: policy, flags: flags))
        }
    }

    public func assign(_ id: IncidentID, units unitIDs: [UnitID], by user: User, idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try await assign(id, choosing: { _ in unitIDs }, by: user, idempotency: idempotency)
    }

    /// Assigns the units `choose` picks for the incident as loaded (the recommended ones, for
    /// one-call dispatch): picked inside the command, so a retried request replays its first
    /// reply instead of asking again.
    public func assign(_ id: IncidentID, choosing choose: (Incident) async throws -> [UnitID], by user: User,
                       idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try await runner.run(.assignUnits, by: Actor(user), idempotency: idempotency) { now in
            let incident = try await incidentForUpdate(id, user: user, permission: .dispatch)
            let unitIDs = try await choose(incident)
            var units: [PoliceUnit] = []
            for unitID in unitIDs {
                guard let unit = try await store.unit(unitID, scope: user.scope) else { throw DomainError.notFound("unit", unitID.rawValue) }
                units.append(unit)
            }
            return Self.decision(try decider.assign(incident, units: units, now: now))
        }
    }

    public func unassign(_ id: IncidentID, unit unitID: UnitID, by user: User, idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try await runner.run(.unassignUnit, by: Actor(user), idempotency: idempotency) { now in
            let incident = try await incidentForUpdate(id, user: user, permission: .dispatch)
            guard let unit = try await store.unit(unitID, scope: .everything), incident.unitIDs.contains(unitID) else {
                throw DomainError(.unitNotAssigned, field: "unitID", "unit \(unitID.rawValue.prefix(80)) is not assigned to this incident")
            }
            return Self.decision(try decider.unassign(incident, unit: unit, now: now))
        }
    }

    public func transition(_ id: IncidentID, to status: IncidentStatus, note: String?, by user: User,
                           idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try await runner.run(.transitionIncident, by: Actor(user), idempotency: idempotency) { now in
            let incident = try await incidentForUpdate(id, user: user, permission: .writeIncidents)
            var units: [PoliceUnit] = []
            for unitID in incident.unitIDs {
                if let unit = try await store.unit(unitID, scope: .everything) { units.append(unit) }
            }
            return Self.decision(try decider.transition(incident, to: status, units: units, note: note, now: now))
        }
    }

    public func feedback(_ id: IncidentID, outcome: String, summary: String, by user: User,
                         idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try await runner.run(.giveFeedback, by: Actor(user), idempotency: idempotency) { now in
            let incident = try await incidentForUpdate(id, user: user, permission: .writeIncidents, work: .feedback)
            return Self.decision(try decider.feedback(incident, outcome: outcome, summary: summary, by: user.id, now: now))
        }
    }

    /// Records that the caller's unit acknowledged its assignment; a repeat changes nothing.
    public func accept(_ id: IncidentID, by user: User, idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        guard let unitID = user.unitID else {
            throw DomainError(.forbidden, "only a user who crews a unit can accept an assignment")
        }
        return try await runner.run(.acceptAssignment, by: Actor(user), idempotency: idempotency) { now in
            let incident = try await incidentForUpdate(id, user: user, permission: .dispatch)
            guard let decision = try decider.accept(incident, unit: unitID, now: now) else { return .unchanged(incident) }
            return Self.decision(decision)
        }
    }

    /// The incident if `user` may read it: in their scope, or crewed by their unit.
    public func visible(_ id: IncidentID, to user: User) async throws -> Incident? {
        if let incident = try await store.incident(id, scope: user.scope) { return incident }
        guard user.unitID != nil, let incident = try await store.incident(id, scope: .everything),
              IncidentAccess.maySee(incident, user: user) else { return nil }
        return incident
    }

    // MARK: Loading

    /// The incident as the user may change it: in scope for a role that may do this to any
    /// incident there, and otherwise only as a crew currently on it (`IncidentAccess`).
    func incidentForUpdate(_ id: IncidentID, user: User, permission: Permission, work: IncidentAccess.Work = .step) async throws -> Incident {
        if user.role.may(permission), let incident = try await store.incident(id, scope: user.scope) { return incident }
        if user.role.may(.updateOwnIncidents), let unitID = user.unitID, let incident = try await store.incident(id, scope: .everything),
           IncidentAccess.crew(unitID, may: work, on: incident) {
            return incident
        }
        guard let incident = try await store.incident(id, scope: user.scope) else { throw DomainError.notFound("incident", id.rawValue) }
        throw DomainError(.forbidden, "role \(user.role.rawValue) may not do this to incident \(incident.number)")
    }

    /// The jurisdiction that files `input`: the one named (known ones without a read), else
    /// `IncidentOwnership`'s choice by area, which the caller's scope (or role) must allow.
    func owner(of input: NewIncident, user: User) async throws -> Jurisdiction {
        if let id = input.jurisdictionID {
            guard let j = try await jurisdictions.jurisdiction(id, in: user.scope, from: store) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            return try Self.open(j)
        }
        let all = try await active.all(from: store)
        let scoped = all.filter { user.scope.contains(path: $0.path) }
        let owner = try IncidentOwnership.owner(of: input.location, all: all, scoped: scoped, own: user.jurisdictionID, rule: ownership)
        try IncidentOwnership.check(owner, for: user)
        return owner
    }

    /// A retired jurisdiction takes no new incidents.
    static func open(_ j: Jurisdiction) throws -> Jurisdiction {
        guard j.active else { throw DomainError(.inactive, field: "jurisdictionID", "\(j.name) is retired and takes no new incidents") }
        return j
    }

    static func decision(_ d: IncidentDecision) -> Decision<Incident> {
        Decision(events: d.events, writes: [.incident(d.incident)] + d.units.map { .unit($0) }, output: d.incident)
    }
}
