import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// Disputes (矛盾纠纷): opened by a station's officers (from a dispute call, at a standard address,
/// or on their own ground), mediated session by session until settled or ended, each open one
/// with its next follow-up due; one can become an incident. Supervision chases late follow-ups
/// and keeps the high-risk ones on the board. Parties are masked to readers without
/// `viewInhabitants`.
public struct DisputeCommands: Sendable {
    let runner: CommandRunner
    let store: any Store
    let incidents: IncidentCommands

    public func open(_ input: NewDispute, by user: User, idempotency: Idempotency<Dispute>? = nil) async throws -> Outcome<Dispute> {
        try await runner.run(.openDispute, by: Actor(user), idempotency: idempotency) { now in
            var incident: Incident?
            if let id = input.incidentID {
                guard let i = try await incidents.visible(id, to: user) else { throw DomainError.notFound("incident", id.rawValue) }
                incident = i
            }
            var address: StandardAddress?
            if let id = input.addressID {
                guard let a = try await store.addresses(ids: [id]).first, user.scope.contains(path: a.path) else { throw DomainError.notFound("address", id.rawValue) }
                address = a
            }
            let stationID = try await self.stationID(for: incident) ?? address?.stationID ?? input.stationID ?? user.jurisdictionID
            guard let station = try await store.jurisdiction(stationID, scope: user.scope) else { throw DomainError.notFound("station", stationID.rawValue) }
            let (d, event) = try DisputeDecider.open(input, id: .random(), station: station, address: address, incident: incident, now: now, by: user.username)
            return Decision(events: [event], writes: [.dispute(d)], output: d)
        }
    }

    /// The station of an incident's jurisdiction (a community's station above it).
    func stationID(for incident: Incident?) async throws -> JurisdictionID? {
        guard let incident else { return nil }
        guard let j = try await store.jurisdiction(incident.jurisdictionID, scope: .everything) else { return incident.jurisdictionID }
        return j.level == .community ? j.parentID : j.id
    }

    public func session(_ id: DisputeID, note: String, outcome: Dispute.Session.Outcome, risk: Dispute.Risk?, nextFollowUp: Date?,
                        mediators: [Dispute.Mediator]?, version: Int?, by user: User,
                        idempotency: Idempotency<Dispute>? = nil) async throws -> Outcome<Dispute> {
        try await runner.run(.recordDisputeSession, by: Actor(user), idempotency: idempotency) { now in
            let d = try await dispute(id, for: user)
            let (next, event) = try DisputeDecider.session(d, note: note, outcome: outcome, risk: risk, nextFollowUp: nextFollowUp, mediators: mediators,
                                                           version: version, by: user.username, now: now)
            return Decision(events: [event], writes: [.dispute(next)], output: next)
        }
    }

    /// Files an incident (category `dispute`) at the dispute's place and records it on the
    /// dispute: two commands, the incident first, so a failure between them leaves an incident
    /// the dispatcher sees, never a dispute claiming one that does not exist.
    public func escalate(_ id: DisputeID, priority: Priority, description: String?, by user: User) async throws -> (Dispute, Incident) {
        guard user.role.may(.writeIncidents) else { throw DomainError(.forbidden, "role \(user.role.rawValue) may not file incidents") }
        let d = try await dispute(id, for: user)
        guard !d.status.isClosed else { throw DomainError(.illegalTransition, field: "status", "the dispute is \(d.status.rawValue)") }
        guard let location = d.location else { throw DomainError.invalid("location", "the dispute has no location to send units to") }
        if let description { try TextRules.check(description, field: "description", max: 2000, multiline: true) }
        let first = d.parties.first
        let incident = try await incidents.create(NewIncident(category: "dispute", priority: priority, location: location, address: d.address,
                                                              callerName: first?.name, callerPhone: first?.phone,
                                                              description: description ?? "矛盾纠纷升级 / dispute escalated: \(d.summary.prefix(400))",
                                                              jurisdictionID: d.stationID), by: user).get()
        let outcome = try await runner.run(.escalateDispute, by: Actor(user)) { now in
            let current = try await dispute(id, for: user)
            let (next, event) = try DisputeDecider.escalated(current, into: incident.id, now: now)
            return Decision(events: [event], writes: [.dispute(next)], output: next)
        }
        return (try outcome.get(), incident)
    }

    func dispute(_ id: DisputeID, for user: User) async throws -> Dispute {
        guard let d = try await store.dispute(id), user.scope.contains(path: d.path) else { throw DomainError.notFound("dispute", id.rawValue) }
        return d
    }

    /// One dispute as the reader may see it.
    public func show(_ id: DisputeID, for user: User) async throws -> Dispute {
        Self.view(try await dispute(id, for: user), for: user)
    }

    public func list(_ query: DisputeQuery, for user: User) async throws -> [Dispute] {
        try await store.disputes(query, scope: user.scope).map { Self.view($0, for: user) }
    }

    public static func view(_ d: Dispute, for user: User) -> Dispute { user.role.may(.viewInhabitants) ? d : d.masked }

    /// Each station's figures over the disputes opened in [from, before), counted at now.
    public func rates(from: Date, before: Date, for user: User) async throws -> [DisputeRates] {
        var all: [Dispute] = []
        try await Pages.each(of: DisputeQuery.maxLimit, {
            try await store.disputes(DisputeQuery(openedFrom: from, openedBefore: before, limit: DisputeQuery.maxLimit, offset: $0), scope: user.scope)
        }) { all += $0 }
        return DisputeRates.count(all, at: runner.time.now())
    }
}
