import Foundation
import PinganCore
import PinganStore

/// Merging duplicate calls (重复警情) and undoing it. Both incidents must be the user's to
/// work: a merge across a border the user may not touch is refused as if the other incident
/// did not exist.
extension IncidentCommands {
    public func merge(_ id: IncidentID, into target: IncidentID, score: Double?, reasons: [String]?, by user: User,
                      idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        if let score, !(0...1).contains(score) { throw DomainError.invalid("score", "score is between 0 and 1") }
        if let reasons {
            guard reasons.count <= 20 else { throw DomainError.invalid("reasons", "at most 20 reasons") }
            for reason in reasons { try TextRules.check(reason, field: "reasons", max: 100) }
        }
        return try await runner.run(.mergeIncident, by: Actor(user), idempotency: idempotency) { now in
            let duplicate = try await incidentForUpdate(id, user: user, permission: .writeIncidents)
            guard let primary = try await store.incident(target, scope: user.scope) else { throw DomainError.notFound("incident", target.rawValue) }
            let d = try IncidentMerge.merge(duplicate, into: primary, by: user.username, score: score, reasons: reasons, now: now)
            return Decision(events: d.events, writes: [.incident(d.duplicate), .incident(d.primary)], output: d.duplicate)
        }
    }

    /// Gives a merged call back its own life; the incident it was merged into must be the
    /// user's too.
    public func unmerge(_ id: IncidentID, by user: User, idempotency: Idempotency<Incident>? = nil) async throws -> Outcome<Incident> {
        try await runner.run(.unmergeIncident, by: Actor(user), idempotency: idempotency) { _ in
            let duplicate = try await incidentForUpdate(id, user: user, permission: .writeIncidents)
            var primary: Incident?
            if let link = duplicate.mergedInto { primary = try await store.incident(link.into, scope: user.scope) }
            let d = try IncidentMerge.unmerge(duplicate, from: primary)
            return Decision(events: d.events, writes: [.incident(d.duplicate), .incident(d.primary)], output: d.duplicate)
        }
    }
}
