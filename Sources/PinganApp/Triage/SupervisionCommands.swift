import Foundation
import PinganCore
import PinganStore

/// Supervision (督办): a sweep finds the work past its deadline — incident steps, referrals,
/// alerts, fraud warnings, disputes — and opens or escalates a case for each (unit or agency, then station, then
/// supervisor), each stage a reminder to acknowledge; a unit's reminder also reaches its crew as
/// a message. The board lists the cases a user may see; acknowledging says "seen", the work
/// getting done resolves the case.
public struct SupervisionCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections
    let messages: MessageCommands
    public let policy: SupervisionPolicy

    /// Who the reminders to a crew say they are from.
    static let desk = User(id: UserID("supervision"), username: "supervision", displayName: "督办 Supervision", role: .admin,
                           jurisdictionID: Jurisdiction.root.id, passwordHash: "", path: "/")

    /// One sweep over everything open; answers the reminders sent.
    @discardableResult
    public func sweep() async throws -> [SupervisionReminder] {
        let outcome = try await runner.run(.sweepSupervision, by: .system) { now in
            var items: [OverdueItem] = []
            let open = IncidentStatus.allCases.filter(\.isOpen)
            try await Pages.each(of: IncidentQuery.maxLimit, {
                try await store.incidents(IncidentQuery(statuses: open, limit: IncidentQuery.maxLimit, offset: $0), scope: .everything).items
            }) { page in for incident in page { items += OverdueItem.items(for: incident, policy: .standard, at: now) } }
            try await Pages.each(of: ReferralQuery.maxLimit, {
                try await store.referrals(ReferralQuery(statuses: [.sent, .accepted, .inProgress], limit: ReferralQuery.maxLimit, offset: $0), scope: .everything)
            }) { page in for referral in page { items += OverdueItem.items(for: referral, at: now) } }
            try await Pages.each(of: AlertQuery.maxLimit, {
                try await store.alerts(AlertQuery(statuses: [.received, .acknowledged], limit: AlertQuery.maxLimit, offset: $0), scope: .everything)
            }) { page in for alert in page { items += OverdueItem.items(for: alert, at: now) } }
            try await Pages.each(of: FraudWarningQuery.maxLimit, {
                try await store.fraudWarnings(FraudWarningQuery(statuses: [.pending], limit: FraudWarningQuery.maxLimit, offset: $0), scope: .everything)
            }) { page in for warning in page { items += OverdueItem.items(for: warning, at: now) } }
            try await Pages.each(of: DisputeQuery.maxLimit, {
                try await store.disputes(DisputeQuery(statuses: [.open, .mediating], limit: DisputeQuery.maxLimit, offset: $0), scope: .everything)
            }) { page in for dispute in page { items += OverdueItem.items(for: dispute, at: now) } }
            var cases: [SupervisionCase] = []
            try await Pages.each(of: SupervisionQuery.maxLimit, {
                try await store.supervisionCases(SupervisionQuery(statuses: [.open], limit: SupervisionQuery.maxLimit, offset: $0), scope: .everything)
            }) { cases += $0 }
            let d = try SupervisionDecider.sweep(items: items, open: cases, policy: policy, now: now)
            return Decision(events: d.events, writes: d.cases.map { .supervisionCase($0) }, output: d.reminders)
        }
        let reminders = try outcome.get()
        for reminder in reminders where reminder.level == .unit {
            for unit in reminder.unitIDs {
                _ = try? await messages.send(reminder.text, to: .unit(unit), by: Self.desk)
            }
        }
        return reminders
    }

    /// Acknowledges the stage addressed to `user`: a crew its unit's, an agency its own, a
    /// station's officers the station's, a supervisor the supervisor's (an administrator or a
    /// dispatcher the highest sent).
    public func acknowledge(_ id: SupervisionCaseID, by user: User, idempotency: Idempotency<SupervisionCase>? = nil) async throws -> Outcome<SupervisionCase> {
        try await runner.run(.acknowledgeSupervision, by: Actor(user), idempotency: idempotency) { now in
            let c = try await visible(id, to: user)
            let level: SupervisionCase.Level?
            switch user.role {
            case .fieldOfficer: level = .unit
            case .externalAgency: level = .agency
            case .stationOfficer: level = .station
            case .supervisor: level = .supervisor
            default: level = nil
            }
            let d = try SupervisionDecider.acknowledge(c, level: level, by: user.username, now: now)
            return Decision(events: d.events, writes: d.cases.map { .supervisionCase($0) }, output: d.cases.first ?? c)
        }
    }

    /// The cases `user` may see, newest first.
    public func board(for user: User, statuses: [SupervisionCase.Status]?, limit: Int, offset: Int) async throws -> [SupervisionCase] {
        if user.role == .externalAgency || (user.role == .fieldOfficer && !user.role.may(.readIncidents)) {
            let all = try await store.supervisionCases(SupervisionQuery(statuses: statuses, limit: SupervisionQuery.maxLimit), scope: .everything)
            return Array(all.filter { Self.maySee($0, user: user) }.dropFirst(offset).prefix(limit))
        }
        return try await store.supervisionCases(SupervisionQuery(statuses: statuses, limit: limit, offset: offset), scope: user.scope)
    }

    public func visible(_ id: SupervisionCaseID, to user: User) async throws -> SupervisionCase {
        guard let c = try await store.supervisionCase(id), Self.maySee(c, user: user) else { throw DomainError.notFound("supervision case", id.rawValue) }
        return c
    }

    /// An agency sees the cases chasing it; a crew those naming its unit; everyone else those
    /// of their scope.
    public static func maySee(_ c: SupervisionCase, user: User) -> Bool {
        if user.role == .externalAgency { return c.agencyID != nil && c.agencyID == user.agencyID }
        if user.scope.contains(path: c.path) { return true }
        guard let unit = user.unitID else { return false }
        return c.unitIDs.contains(unit)
    }
}
