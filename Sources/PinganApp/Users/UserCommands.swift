import Foundation
import PinganCore
import PinganStore

/// People and their sign-ins. Passwords never come here: the server hashes them (bcrypt lives
/// with it) and hands over the hash; tokens likewise arrive as their SHA-256.
public struct UserCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections & SessionStore

    /// Creates a user below `scope`.
    public func create(username: String, displayName: String, role: Role, jurisdictionID: JurisdictionID, unitID: UnitID?,
                       passwordHash: String, by actor: Actor, scope: Scope, idempotency: Idempotency<User>? = nil) async throws -> Outcome<User> {
        do {
            return try await runner.run(.createUser, by: actor, idempotency: idempotency) { _ in
                guard let j = try await store.jurisdiction(jurisdictionID, scope: scope) else {
                    throw DomainError.notFound("jurisdiction", jurisdictionID.rawValue)
                }
                if let unitID, try await store.unit(unitID, scope: scope) == nil { throw DomainError.notFound("unit", unitID.rawValue) }
                if try await store.user(username: username) != nil { throw Self.taken(username) }
                let (u, event) = try OrganisationDecider.user(id: .random(), username: username, displayName: displayName, role: role,
                                                              jurisdiction: j, unitID: unitID, passwordHash: passwordHash)
                return Decision(events: [event], writes: [.user(u)], output: u)
            }
        } catch let error as StoreError where error.kind == .duplicate {
            throw Self.taken(username)
        }
    }

    /// Creates a user whose scope is the whole tree, above every city: the installation's
    /// administrators and auditors.
    public func createRoot(username: String, displayName: String, role: Role, passwordHash: String, by actor: Actor) async throws -> User {
        do {
            let outcome = try await runner.run(.createUser, by: actor) { _ in
                if try await store.user(username: username) != nil { throw Self.taken(username) }
                let (u, event) = try OrganisationDecider.user(id: .random(), username: username, displayName: displayName, role: role,
                                                              jurisdiction: Jurisdiction.root, unitID: nil, passwordHash: passwordHash)
                return Decision(events: [event], writes: [.user(u)], output: u)
            }
            guard let user = outcome.output else { throw StoreError(.corrupt, "a user create without a key was replayed") }
            return user
        } catch let error as StoreError where error.kind == .duplicate {
            throw Self.taken(username)
        }
    }

    /// Creates the first administrator of an empty installation; nil when users already exist.
    public func bootstrapAdmin(username: String, passwordHash: String) async throws -> User? {
        guard try await store.users(scope: .everything).isEmpty else { return nil }
        return try await createRoot(username: username, displayName: "Administrator", role: .admin, passwordHash: passwordHash, by: .system)
    }

    /// A successful sign-in: the session is stored, then the sign-in is recorded in the audit log.
    public func signIn(_ user: User, tokenHash: String, expiresAt: Date) async throws {
        try await store.saveSession(Session(tokenHash: tokenHash, userID: user.id, expiresAt: expiresAt))
        _ = try await runner.run(.login, by: Actor(user)) { _ in
            let event = try Event(.userLoggedIn, subject: user.id.rawValue, path: user.path, payload: SessionEventData(username: user.username))
            return Decision(events: [event], writes: [], output: ())
        }
    }

    /// A session for an in-process client acting as `user` through the public API (the demo
    /// city's simulator), which has nobody to type a password.
    public func issueServiceSession(for user: User, tokenHash: String, expiresAt: Date) async throws {
        try await store.saveSession(Session(tokenHash: tokenHash, userID: user.id, expiresAt: expiresAt))
    }

    /// Sign-out, or an expired token met at the door: the session is gone.
    public func endSession(tokenHash: String) async throws {
        try await store.deleteSession(tokenHash: tokenHash)
    }

    static func taken(_ username: String) -> DomainError {
        DomainError(.duplicate, field: "username", "username \(username) is taken")
    }
}
