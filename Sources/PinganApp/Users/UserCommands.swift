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
                       passwordHash: String, by actor: Actor, scope: Scope, agencyID: AgencyID? = nil,
                       idempotency: Idempotency<User>? = nil) async throws -> Outcome<User> {
        do {
            return try await runner.run(.createUser, by: actor, idempotency: idempotency) { _ in
                guard let j = try await store.jurisdiction(jurisdictionID, scope: scope) else {
                    throw DomainError.notFound("jurisdiction", jurisdictionID.rawValue)
                }
                if let unitID, try await store.unit(unitID, scope: scope) == nil { throw DomainError.notFound("unit", unitID.rawValue) }
                if try await store.user(username: username) != nil { throw Self.taken(username) }
                var agency: Agency?
                if let agencyID { agency = try await self.agency(agencyID) }
                let (u, event) = try OrganisationDecider.user(id: .random(), username: username, displayName: displayName, role: role,
                                                              jurisdiction: j, unitID: unitID, passwordHash: passwordHash, agency: agency)
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

    /// An expired token met at the door: the session is gone.
    public func endSession(tokenHash: String) async throws {
        try await store.deleteSession(tokenHash: tokenHash)
    }

    /// Sign-out: the session is gone and the log says so.
    public func signOut(_ user: User, tokenHash: String) async throws {
        try await store.deleteSession(tokenHash: tokenHash)
        let event = try Event(.userLoggedOut, subject: user.id.rawValue, path: user.path, payload: SessionChangeData(username: user.username))
        _ = try await runner.run(.logout, by: Actor(user)) { _ in Decision(events: [event], writes: [], output: ()) }
    }

    /// A refused sign-in. An unknown username is recorded at the top of the tree (only
    /// installation-wide auditors see it), a known one at its user, so a station's auditor sees
    /// attempts on the station's accounts.
    public func signInFailed(username: String, user: User?, address: String) async throws {
        let name = String(username.prefix(64))
        let event = try Event(.userLoginFailed, subject: user?.id.rawValue ?? "username:" + name, path: user?.path ?? "/",
                              payload: SessionChangeData(username: name, address: address))
        _ = try await runner.run(.failedLogin, by: Actor(id: "anonymous", name: name)) { _ in Decision(events: [event], writes: [], output: ()) }
    }

    /// Edits a user inside `editor`'s scope. Disabling ends every session of the user.
    public func update(_ id: UserID, _ edit: UserEdit, by editor: User, idempotency: Idempotency<User>? = nil) async throws -> Outcome<User> {
        let outcome = try await runner.run(.updateUser, by: Actor(editor), idempotency: idempotency) { _ in
            guard let target = try await store.user(id, scope: editor.scope) else { throw DomainError.notFound("user", id.rawValue) }
            var moved: Jurisdiction?
            if let jid = edit.jurisdictionID, jid != target.jurisdictionID {
                guard let j = try await store.jurisdiction(jid, scope: editor.scope) else { throw DomainError.notFound("jurisdiction", jid.rawValue) }
                moved = j
            }
            if let unitID = edit.unitID, try await store.unit(unitID, scope: editor.scope) == nil { throw DomainError.notFound("unit", unitID.rawValue) }
            var agency: Agency?
            if let id = edit.agencyID ?? target.agencyID { agency = try await self.agency(id) }
            let current = moved == nil ? try await store.jurisdiction(target.jurisdictionID, scope: .everything) : nil
            let (n, event) = try OrganisationDecider.edit(target, edit, by: editor, jurisdiction: moved, agency: agency, currentJurisdiction: current)
            var events = [event]
            if n.disabled && !target.disabled { events.append(try Self.revocation(of: n)) }
            return Decision(events: events, writes: [.user(n)], output: n)
        }
        if let user = outcome.output, user.disabled { try await store.deleteSessions(userID: user.id, keeping: nil) }
        return outcome
    }

    /// Sets a new password (hashed by the caller) and ends every session of the user, but the
    /// editor's own current one (`keeping`) when they change their own password.
    public func resetPassword(_ id: UserID, hash: String, by editor: User, keeping: String? = nil,
                              idempotency: Idempotency<User>? = nil) async throws -> Outcome<User> {
        let outcome = try await runner.run(.resetPassword, by: Actor(editor), idempotency: idempotency) { _ in
            guard let target = try await store.user(id, scope: editor.scope) else { throw DomainError.notFound("user", id.rawValue) }
            let (n, event) = try OrganisationDecider.resetPassword(target, hash: hash, by: editor)
            return Decision(events: [event, try Self.revocation(of: n)], writes: [.user(n)], output: n)
        }
        try await store.deleteSessions(userID: id, keeping: id == editor.id ? keeping : nil)
        return outcome
    }

    static func revocation(of user: User) throws -> Event {
        try Event(.userSessionsRevoked, subject: user.id.rawValue, path: user.path, payload: SessionChangeData(username: user.username))
    }

    private func agency(_ id: AgencyID) async throws -> Agency {
        guard let a = try await store.agency(id) else { throw DomainError.notFound("agency", id.rawValue) }
        return a
    }

    static func taken(_ username: String) -> DomainError {
        DomainError(.duplicate, field: "username", "username \(username) is taken")
    }
}
