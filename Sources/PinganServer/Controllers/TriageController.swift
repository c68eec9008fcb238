import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganStore

/// What triage knows about one call, for its card: likely duplicates with their score and
/// reasons, how often the place and the caller called in 30 and 90 days, the high-risk flags,
/// and the routing rules' proposals of an agency.
struct TriageController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct Duplicate: Encodable {
        var candidate: DuplicateCandidate
        var number: String
        var status: IncidentStatus
        var address: String
        var receivedAt: Date

        func encode(to encoder: any Encoder) throws {
            try candidate.encode(to: encoder)
            enum K: String, CodingKey { case number, status, address, receivedAt }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(number, forKey: .number)
            try c.encode(status, forKey: .status)
            try c.encode(address, forKey: .address)
            try c.encode(receivedAt, forKey: .receivedAt)
        }
    }

    struct Proposal: Encodable {
        var rule: String
        var name: String
        var agencyID: AgencyID
        var agencyName: String
        var mode: ReferralRule.Mode
        var words: [String]
    }

    struct Reply: Encodable {
        var duplicates: [Duplicate]
        var repeats: RepeatCounts
        var riskFlags: [RiskFlag]
        var proposals: [Proposal]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("incidents/{id}/triage", use: show)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let id = IncidentID(try context.id())
        guard let incident = try await deps.app.incidents.visible(id, to: user) else { throw DomainError.notFound("incident", id.rawValue) }
        let now = deps.time.now()
        let (candidates, repeats) = deps.duplicates.check(incident, scope: user.scope, now: now)
        var duplicates: [Duplicate] = []
        for c in candidates {
            guard let other = try await deps.store.incident(IncidentID(c.incidentID), scope: user.scope) else { continue }
            var c = c
            c.secondsApart = abs(c.secondsApart)   // the other call may have come after this one
            duplicates.append(Duplicate(candidate: c, number: other.number, status: other.status, address: other.address, receivedAt: other.times.receivedAt))
        }
        var proposals: [Proposal] = []
        if incident.status.isOpen, incident.openReferral == nil, incident.mergedInto == nil {
            let agencies = try await deps.app.agencies.visible(to: user)
            for match in try await deps.app.referrals.proposals(for: incident) {
                guard let agency = agencies.first(where: { $0.id == match.agencyID && $0.active && ReferralDecider.serves($0, path: incident.path) })
                else { continue }
                proposals.append(Proposal(rule: match.rule, name: match.name, agencyID: agency.id, agencyName: agency.name, mode: match.mode, words: match.words))
            }
        }
        return try JSONReply(.ok, Reply(duplicates: duplicates, repeats: repeats, riskFlags: incident.riskFlags ?? [], proposals: proposals)).response
    }
}
