import Foundation
import PinganCore
import PinganStore

/// Incidents and referrals exchanged as NENA EIDO JSON (NENA-STA-021, carried as STA-024 has
/// it): any incident goes out as an EIDO; an agency's system answers with an EIDO of the same
/// incident whose agency note says where its referral stands, which moves the referral on; a
/// document from elsewhere comes in as a new incident.
public struct EIDOExchange: Sendable {
    let store: any Projections
    let incidents: IncidentCommands
    let referrals: ReferralCommands

    /// What an import did.
    public enum Result: Sendable {
        case created(Incident)
        case referral(Referral)
    }

    /// The incident with its referrals as an EIDO, the caller masked unless `user` may see it.
    public func export(_ id: IncidentID, for user: User, sender: String, now: Date) async throws -> Data {
        guard let incident = try await incidents.visible(id, to: user) else { throw DomainError.notFound("incident", id.rawValue) }
        let shown = IncidentAccess.mayViewCaller(incident, user: user) ? incident : incident.maskingCaller
        let referrals = try await store.referrals(ReferralQuery(incidentID: id, limit: ReferralQuery.maxLimit), scope: .everything)
        return EIDOExport.json(EIDOExport.document(incident: shown, referrals: referrals, sender: sender, now: now))
    }

    /// A referral as its agency receives it: the incident masked, and only this referral.
    public func export(_ id: ReferralID, for user: User, sender: String, now: Date) async throws -> Data {
        let referral = try await referrals.referral(id, for: user)
        guard let incident = try await store.incident(referral.incidentID, scope: .everything) else {
            throw DomainError.notFound("incident", referral.incidentID.rawValue)
        }
        return EIDOExport.json(EIDOExport.document(incident: incident.maskingCaller, referrals: [referral], sender: sender, now: now))
    }

    /// An agency's user (or its system) reports its referral's state: the newest state its note
    /// gives is applied, each step in turn (a `done` on a `sent` referral accepts it first). A
    /// police user's document from another system becomes a new incident.
    public func receive(_ incoming: EIDOIncoming, by user: User) async throws -> Result {
        if user.role == .externalAgency {
            guard let incidentID = incoming.incidentID, let agency = user.agencyID else {
                throw DomainError.invalid("$id", "the document does not track an incident referred to your agency")
            }
            let mine = try await store.referrals(ReferralQuery(agencyID: agency, incidentID: incidentID, statuses: [.sent, .accepted, .inProgress]),
                                                 scope: .everything)
            guard var referral = mine.first else { throw DomainError.notFound("referral", incidentID.rawValue) }
            guard let state = incoming.agencies.first(where: { $0.agencyID == agency })?.referrals.last else {
                throw DomainError.invalid("agencyComponent", "the document says nothing of your agency's referral")
            }
            switch state.status {
            case .sent, .withdrawn:
                break
            case .accepted, .inProgress, .done:
                if referral.status == .sent { referral = try await referrals.accept(referral.id, by: user).get() }
                if state.status == .inProgress, referral.status == .accepted { referral = try await referrals.start(referral.id, by: user).get() }
                if state.status == .done {
                    referral = try await referrals.finish(referral.id, outcome: state.outcome ?? "done", summary: state.feedback ?? "—", by: user).get()
                }
            case .returned:
                referral = try await referrals.giveBack(referral.id, reason: state.returnReason ?? "—", by: user).get()
            }
            return .referral(referral)
        }
        if let id = incoming.incidentID, let known = try await store.incident(id, scope: user.scope) {
            throw DomainError(.duplicate, field: "$id", "the document describes \(known.number), already here")
        }
        return .created(try await incidents.create(incoming.newIncident, by: user).get())
    }
}
