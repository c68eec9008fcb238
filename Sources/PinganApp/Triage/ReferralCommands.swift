import Foundation
import PinganCore
import PinganStore

/// The referral loop as people work it: a dispatcher refers a call to an agency (or takes it
/// back); the agency's users accept it, start, give feedback or return it. Every step writes the
/// referral and its incident together, in one audited commit.
///
/// Who may touch a referral: the police side by the incident's path (their scope), the agency
/// by its own id — an agency user never sees a referral sent to another agency (it is not found),
/// and an administrator works one only inside their scope.
public struct ReferralCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections
    let incidents: IncidentCommands
    let agencies: AgencyCommands

    public struct NewReferral: Codable, Sendable, Hashable {
        public var agencyID: AgencyID
        public var note: String?
        /// The routing rule whose proposal the dispatcher followed, if any.
        public var rule: String?

        public init(agencyID: AgencyID, note: String? = nil, rule: String? = nil) {
            self.agencyID = agencyID
            self.note = note
            self.rule = rule
        }
    }

    public func send(_ incidentID: IncidentID, _ input: NewReferral, by user: User, idempotency: Idempotency<Referral>? = nil) async throws -> Outcome<Referral> {
        try await runner.run(.sendReferral, by: Actor(user), idempotency: idempotency) { now in
            let incident = try await incidents.incidentForUpdate(incidentID, user: user, permission: .dispatch)
            let agency = try await agencies.agency(input.agencyID, for: user)
            let limits = try await limits(for: incident)
            let d = try ReferralDecider.send(incident, to: agency, id: .random(), note: input.note ?? "", rule: input.rule, by: user.username,
                                             limits: limits, now: now)
            return Self.decision(d)
        }
    }

    public func accept(_ id: ReferralID, by user: User, idempotency: Idempotency<Referral>? = nil) async throws -> Outcome<Referral> {
        try await agencyStep(.acceptReferral, id, user: user, idempotency: idempotency) { r, i, now throws(DomainError) in
            try ReferralDecider.accept(r, incident: i, by: user.username, now: now)
        }
    }

    public func start(_ id: ReferralID, by user: User, idempotency: Idempotency<Referral>? = nil) async throws -> Outcome<Referral> {
        try await agencyStep(.startReferral, id, user: user, idempotency: idempotency) { r, i, now throws(DomainError) in
            try ReferralDecider.start(r, incident: i, by: user.username, now: now)
        }
    }

    public func finish(_ id: ReferralID, outcome: String, summary: String, by user: User,
                       idempotency: Idempotency<Referral>? = nil) async throws -> Outcome<Referral> {
        try await agencyStep(.finishReferral, id, user: user, idempotency: idempotency) { r, i, now throws(DomainError) in
            try ReferralDecider.finish(r, incident: i, outcome: outcome, summary: summary, by: user.username, byUser: user.id, now: now)
        }
    }

    public func giveBack(_ id: ReferralID, reason: String, by user: User, idempotency: Idempotency<Referral>? = nil) async throws -> Outcome<Referral> {
        try await agencyStep(.returnReferral, id, user: user, idempotency: idempotency) { r, i, now throws(DomainError) in
            try ReferralDecider.giveBack(r, incident: i, reason: reason, by: user.username, now: now)
        }
    }

    /// The dispatcher takes the referral back: the call returns to the queue.
    public func withdraw(_ id: ReferralID, by user: User, idempotency: Idempotency<Referral>? = nil) async throws -> Outcome<Referral> {
        try await runner.run(.withdrawReferral, by: Actor(user), idempotency: idempotency) { now in
            let referral = try await policeSide(id, user: user)
            let incident = try await incidents.incidentForUpdate(referral.incidentID, user: user, permission: .dispatch)
            return Self.decision(try ReferralDecider.withdraw(referral, incident: incident, by: user.username, now: now))
        }
    }

    /// One referral as `user` may see it.
    public func referral(_ id: ReferralID, for user: User) async throws -> Referral {
        guard let r = try await store.referral(id), Self.maySee(r, user: user) else { throw DomainError.notFound("referral", id.rawValue) }
        return r
    }

    /// The referrals `user` may see: their agency's, or their scope's.
    public func list(for user: User, statuses: [Referral.Status]?, incidentID: IncidentID? = nil, limit: Int, offset: Int) async throws -> [Referral] {
        if user.role == .externalAgency {
            guard let agency = user.agencyID else { return [] }
            return try await store.referrals(ReferralQuery(agencyID: agency, incidentID: incidentID, statuses: statuses, limit: limit, offset: offset),
                                             scope: .everything)
        }
        return try await store.referrals(ReferralQuery(incidentID: incidentID, statuses: statuses, limit: limit, offset: offset), scope: user.scope)
    }

    public static func maySee(_ r: Referral, user: User) -> Bool {
        if user.role == .externalAgency { return r.agencyID == user.agencyID }
        return user.scope.contains(path: r.path)
    }

    /// Applies the first routing rule of mode `apply` that matches a call just filed: the call is
    /// referred at once, by the rule (recorded as its author's act, naming the rule), and the
    /// dispatcher can still withdraw it. Nil when no such rule matches an active agency that
    /// serves the call's ground, or when a high-risk rule fired on the call.
    public func applyRules(to incident: Incident, by user: User) async throws -> Incident? {
        // A call a high-risk rule fired on stays with the police, whatever its words also say.
        guard (incident.riskFlags ?? []).isEmpty else { return nil }
        guard let match = try await proposals(for: incident).first(where: { $0.mode == .apply }),
              let agency = try await store.agency(match.agencyID), agency.active, ReferralDecider.serves(agency, path: incident.path)
        else { return nil }
        let outcome = try await runner.run(.sendReferral, by: Actor(user)) { now in
            guard let current = try await store.incident(incident.id, scope: .everything) else { throw DomainError.notFound("incident", incident.id.rawValue) }
            let d = try ReferralDecider.send(current, to: agency, id: .random(), note: "", rule: match.rule, by: "rule:\(match.rule)",
                                             limits: try await limits(for: current), now: now)
            return Decision(events: d.events, writes: [.referral(d.referral), .incident(d.incident)], output: d.incident)
        }
        return try outcome.get()
    }

    /// What the routing rules of the incident's jurisdiction say of it: agencies to propose, or
    /// to refer to at once.
    public func proposals(for incident: Incident) async throws -> [ReferralMatch] {
        guard let j = try await store.jurisdiction(incident.jurisdictionID, scope: .everything) else { return [] }
        let chain = try await store.chain(of: j, known: incidents.jurisdictions)
        let rules = incidents.triage.rules(chain: chain, policy: EffectivePolicy.resolve(chain))
        return rules.routing.match(category: incident.category, text: incident.description, path: incident.path, at: incident.times.receivedAt)
    }

    /// The referral deadlines of the incident's jurisdiction, as its policy resolves them.
    func limits(for incident: Incident) async throws -> ReferralDecider.Limits {
        guard let j = try await store.jurisdiction(incident.jurisdictionID, scope: .everything) else {
            throw DomainError.notFound("jurisdiction", incident.jurisdictionID.rawValue)
        }
        let policy = try await EffectivePolicy.resolve(store.chain(of: j, known: incidents.jurisdictions))
        return ReferralDecider.Limits(acceptSeconds: policy.referralDeadlines.acceptSeconds, feedbackSeconds: policy.referralDeadlines.feedbackSeconds,
                                      setBy: policy.referralDeadlinesSetBy)
    }

    /// A step only the agency the referral was sent to may take (or an administrator over it).
    private func agencyStep(_ command: CommandName, _ id: ReferralID, user: User, idempotency: Idempotency<Referral>?,
                            _ decide: @Sendable @escaping (Referral, Incident, Date) throws(DomainError) -> ReferralDecider.Decision) async throws -> Outcome<Referral> {
        try await runner.run(command, by: Actor(user), idempotency: idempotency) { now in
            // Another agency's referral is as unknown as one that does not exist: an agency learns
            // nothing of the others' work, not even that a number is taken.
            guard let referral = try await store.referral(id),
                  user.role == .externalAgency ? referral.agencyID == user.agencyID : user.role == .admin && user.scope.contains(path: referral.path)
            else { throw DomainError.notFound("referral", id.rawValue) }
            guard let incident = try await store.incident(referral.incidentID, scope: .everything) else {
                throw DomainError.notFound("incident", referral.incidentID.rawValue)
            }
            return Self.decision(try decide(referral, incident, now))
        }
    }

    private func policeSide(_ id: ReferralID, user: User) async throws -> Referral {
        guard let r = try await store.referral(id), user.role != .externalAgency, user.scope.contains(path: r.path) else {
            throw DomainError.notFound("referral", id.rawValue)
        }
        return r
    }

    static func decision(_ d: ReferralDecider.Decision) -> Decision<Referral> {
        Decision(events: d.events, writes: [.referral(d.referral), .incident(d.incident)], output: d.referral)
    }
}
