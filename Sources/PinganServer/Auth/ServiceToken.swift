import Foundation
import PinganCore
import PinganStore

/// A bearer token for an in-process client that acts as a user through the public API (the demo
/// city's simulated crews), issued without a password: such a client must go through the same
/// routes, checks and audit as a device, but has no one to type a password.
public enum ServiceToken {
    public static func issue(for user: User, store: any Store, lifetime: TimeInterval = 7 * 86_400, now: Date = Date()) async throws -> String {
        let token = Tokens.generate()
        try await store.saveSession(Session(tokenHash: Tokens.hash(token), userID: user.id, expiresAt: now.addingTimeInterval(lifetime)))
        return token
    }
}
