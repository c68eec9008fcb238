import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// The alert's closed loop as people work it: acknowledge, dispatch (the alert becomes an
/// incident with units sent), close as handled or a false alarm with feedback, split a storm
/// group, and alerts received from other systems.
public struct AlertCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections
    let incidents: IncidentCommands
    /// Proposes the nearest free units for a raised alert (the patrol watch's).
    var proposer: (any AlertProposer)? = nil

    public func acknowledge(_ id: AlertID, by user: User, idempotency: Idempotency<Alert>? = nil) async throws -> Outcome<Alert> {
        try await runner.run(.acknowledgeAlert, by: Actor(user), idempotency: idempotency) { now in
            let alert = try await visible(id, user: user)
            return Self.decision(try AlertDecider.acknowledge(alert, by: user.username, now: now), alert: id)
        }
    }

    public func close(_ id: AlertID, as outcome: Alert.Status, feedback: String, by user: User,
                      idempotency: Idempotency<Alert>? = nil) async throws -> Outcome<Alert> {
        try await runner.run(.closeAlert, by: Actor(user), idempotency: idempotency) { now in
            let alert = try await visible(id, user: user)
            let members = try await store.alerts(ids: alert.members)
            return Self.decision(try AlertDecider.close(alert, members: members, as: outcome, feedback: feedback, by: user.username, now: now), alert: id)
        }
    }

    public func split(_ id: AlertID, by user: User, idempotency: Idempotency<Alert>? = nil) async throws -> Outcome<Alert> {
        try await runner.run(.splitAlert, by: Actor(user), idempotency: idempotency) { _ in
            let alert = try await visible(id, user: user)
            let members = try await store.alerts(ids: alert.members)
            return Self.decision(try AlertDecider.split(alert, members: members), alert: id)
        }
    }

    /// The alert and the incident it became.
    public struct Dispatched: Codable, Sendable, Hashable {
        public var alert: Alert
        public var incident: Incident
    }

    /// One-click dispatch: files the alert as an incident at its place (or takes the one an alarm
    /// press already filed), sends `units` (the proposed ones when nil), and acknowledges the
    /// alert if nobody had.
    public func dispatch(_ id: AlertID, units: [UnitID]?, by user: User) async throws -> Dispatched {
        let alert = try await visible(id, user: user)
        guard !alert.status.isClosed else { throw DomainError(.illegalTransition, "the alert is closed") }
        let incidentID: IncidentID
        if let existing = alert.incidentID {
            incidentID = existing
        } else {
            let input = NewIncident(category: AlertDrafts.category(of: alert.kind), priority: AlertDrafts.priority(of: alert.severity),
                                    location: alert.location, address: alert.sensorName ?? "", description: alert.title,
                                    jurisdictionID: alert.jurisdictionID)
            incidentID = try await incidents.create(input, by: user).get().id
            _ = try await runner.run(.dispatchAlert, by: Actor(user)) { _ in
                let d = try AlertDecider.link(try await visible(id, user: user), to: incidentID)
                return Decision(events: d.events, writes: d.alerts.map { .alert($0) }, output: ())
            }
        }
        let send = units ?? alert.proposedUnits.prefix(1).map(\.unitID)
        var incident: Incident
        if send.isEmpty {
            guard let i = try await store.incident(incidentID, scope: .everything) else { throw DomainError.notFound("incident", incidentID.rawValue) }
            incident = i
        } else {
            incident = try await incidents.assign(incidentID, units: send, by: user).get()
        }
        var current = try await visible(id, user: user)
        if current.status == .received {
            current = try await acknowledge(id, by: user).get()
        }
        return Dispatched(alert: current, incident: incident)
    }

    /// Files a CAP message from another system as an alert of the station whose area holds its
    /// place (within the caller's scope). A message already received (same sender and
    /// identifier, still open) gives back the alert it made; `created` says which.
    public func receive(_ message: CAPMessage, by user: User) async throws -> (alert: Alert, created: Bool) {
        var created = false
        let outcome = try await runner.run(.receiveCAPAlert, by: Actor(user)) { now in
            let cause = "cap:\(message.sender):\(message.identifier)"
            if let known = try await store.openAlert(cause: cause, since: .distantPast), known.audience.admits(user.scope),
               user.scope.contains(path: known.path) {
                created = false
                return .unchanged(known)
            }
            let probe = try AlertCAP.alert(from: message, id: .random(), jurisdiction: .root, now: now, policy: .standard)
            let owner = try await incidents.owner(of: NewIncident(category: "other", priority: .p3, location: probe.location, address: "", description: ""),
                                                  user: user)
            let policy = AlertDeadlinePolicy.effective(chain: try await store.chain(of: owner, known: incidents.jurisdictions))
            let alert = try AlertCAP.alert(from: message, id: probe.id, jurisdiction: owner, now: now, policy: policy)
            let d = try AlertDecider.raise(alert, into: nil)
            created = true
            return Decision(events: d.events, writes: d.alerts.map { .alert($0) }, output: alert)
        }
        return (try outcome.get(), created)
    }

    /// Raises the coverage alerts of gaps that outlasted their grace, one command per sweep: a
    /// station's key places fold into one storm group, each zone has its own.
    public func raiseCoverage(_ due: [CoverageWatch.Due], stations: [JurisdictionID: Jurisdiction],
                              targets: @Sendable (Jurisdiction) -> PatrolTargets) async throws {
        guard !due.isEmpty else { return }
        _ = try await runner.run(.raiseCoverageAlerts, by: .system) { now in
            var drafts: [Alert] = []
            for d in due {
                guard let station = stations[d.station] else { continue }
                let policy = AlertDeadlinePolicy.effective(chain: try await store.chain(of: station, known: incidents.jurisdictions))
                drafts.append(AlertDrafts.coverage(.random(), d, station: station, targets: targets(station), at: now, policy: policy))
            }
            let folded = try await AlertFolding(store: store, proposer: proposer).fold(drafts)
            return Decision(events: folded.events, writes: folded.alerts.map { .alert($0) }, output: ())
        }
    }

    func visible(_ id: AlertID, user: User) async throws -> Alert {
        guard let a = try await store.alert(id, scope: user.scope) else { throw DomainError.notFound("alert", id.rawValue) }
        return a
    }

    static func decision(_ d: AlertDecider.Decision, alert id: AlertID) -> Decision<Alert> {
        Decision(events: d.events, writes: d.alerts.map { .alert($0) }, output: d.alerts.first { $0.id == id } ?? d.alerts[0])
    }
}
