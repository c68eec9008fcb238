import Foundation
import PinganApp
import PinganCore
import PinganStore

/// A bearer token for an in-process client that acts as a user through the public API (the demo
/// city's simulated crews), issued without a password: such a client must go through the same
/// routes, checks and audit as a device, but has no one to type a password.
public enum ServiceToken {
    public static func issue(for user: User, users: UserCommands, lifetime: TimeInterval = 7 * 86_400, now: Date = Date()) async throws -> String {
        let token = Tokens.generate()
        try await users.issueServiceSession(for: user, tokenHash: Tokens.hash(token), expiresAt: now.addingTimeInterval(lifetime))
        return token
    }
}
