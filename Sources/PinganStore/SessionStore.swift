import Foundation
import PinganCore

/// Signed-in bearer tokens, stored by hash. Not audited events (sign-ins are, as `user.loggedIn`).
public protocol SessionStore: Sendable {
    func saveSession(_ session: Session) async throws
    func session(tokenHash: String) async throws -> Session?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of `userID` (disabled, password reset); returns how many there were.
    @discardableResult
    func deleteSessions(userID: UserID) async throws -> Int
}
