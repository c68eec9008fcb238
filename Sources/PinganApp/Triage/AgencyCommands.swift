import Foundation
import PinganCore
import PinganStore

/// Registering the agencies that take referrals, and who may see which. An agency registered
/// at a city serves the stations below it, so a station's dispatcher sees the agencies
/// registered at or above their station, and those inside their scope; an agency's own users
/// see their agency.
public struct AgencyCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections

    public func create(_ input: NewAgency, by user: User, idempotency: Idempotency<Agency>? = nil) async throws -> Outcome<Agency> {
        try await runner.run(.createAgency, by: Actor(user), idempotency: idempotency) { _ in
            let jid = input.jurisdictionID ?? user.jurisdictionID
            guard let j = try await store.jurisdiction(jid, scope: user.scope) else { throw DomainError.notFound("jurisdiction", jid.rawValue) }
            let served = try await jurisdictions(input.serves ?? [], user: user)
            if try await store.agencies().contains(where: { $0.code == input.code }) {
                throw DomainError(.duplicate, field: "code", "an agency with code \(input.code) exists")
            }
            let (agency, event) = try AgencyDecider.create(input, id: .random(), in: j, served: served)
            return Decision(events: [event], writes: [.agency(agency)], output: agency)
        }
    }

    public func update(_ id: AgencyID, _ edit: AgencyEdit, by user: User, idempotency: Idempotency<Agency>? = nil) async throws -> Outcome<Agency> {
        try await runner.run(.updateAgency, by: Actor(user), idempotency: idempotency) { _ in
            guard let agency = try await store.agency(id), user.scope.contains(path: agency.path) else { throw DomainError.notFound("agency", id.rawValue) }
            var served: [Jurisdiction]?
            if let ids = edit.serves { served = try await jurisdictions(ids, user: user) }
            let (n, event) = try AgencyDecider.edit(agency, edit, served: served)
            return Decision(events: [event], writes: [.agency(n)], output: n)
        }
    }

    /// The agencies `user` may see (and, for the police, refer to), by name.
    public func visible(to user: User) async throws -> [Agency] {
        try await store.agencies().filter { Self.maySee($0, user: user) }
    }

    public func agency(_ id: AgencyID, for user: User) async throws -> Agency {
        guard let a = try await store.agency(id), Self.maySee(a, user: user) else { throw DomainError.notFound("agency", id.rawValue) }
        return a
    }

    /// Registered at or above the user's jurisdiction, or inside their scope; an agency's user
    /// sees only their own.
    public static func maySee(_ agency: Agency, user: User) -> Bool {
        if user.role == .externalAgency { return agency.id == user.agencyID }
        return user.path.hasPrefix(agency.path) || user.scope.contains(path: agency.path)
    }

    private func jurisdictions(_ ids: [JurisdictionID], user: User) async throws -> [Jurisdiction] {
        var out: [Jurisdiction] = []
        for id in ids {
            guard let j = try await store.jurisdiction(id, scope: .everything) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            out.append(j)
        }
        return out
    }
}
