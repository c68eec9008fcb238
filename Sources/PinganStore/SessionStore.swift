import Foundation
import PinganCore

/// Signed-in bearer tokens, stored by hash. Not audited events (sign-ins are, as `user.loggedIn`).
public protocol SessionStore: Sendable {
    func saveSession(_ session: Session) async throws
    func session(tokenHash: String) async throws -> Session?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of `userID` but the one whose token hashes to `keeping` (disabled,
    /// password reset); returns how many ended.
    @discardableResult
    func deleteSessions(userID: UserID, keeping: String?) async throws -> Int
}
