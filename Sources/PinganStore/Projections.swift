import Foundation
import PinganCore

/// The current state of every entity, as the log's commits left it. Reads take a `Scope` and
/// apply it in the query itself: an entity outside the caller's subtree is simply not found.
public protocol Projections: Sendable {
    func jurisdictions(scope: Scope) async throws -> [Jurisdiction]
    func posts(scope: Scope) async throws -> [Post]
    func zones(scope: Scope) async throws -> [PatrolZone]
    func units(scope: Scope) async throws -> [PoliceUnit]
    func users(scope: Scope) async throws -> [User]

    func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction?
    func post(_ id: PostID, scope: Scope) async throws -> Post?
    func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone?
    func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit?
    func user(_ id: UserID, scope: Scope) async throws -> User?
    /// Unscoped: sign-in looks users up before it knows their scope.
    func user(username: String) async throws -> User?

    func incident(_ id: IncidentID, scope: Scope) async throws -> Incident?
    func incidents(_ query: IncidentQuery, scope: Scope) async throws -> Page<Incident>

    func message(_ id: MessageID, scope: Scope) async throws -> Message?
    /// Messages in scope, newest first.
    func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message]
}
