import Foundation
import PinganCore
import PinganStore

/// Signed-in users by token hash for a couple of seconds, so a busy client's every request does
/// not cost two store reads (session, then user). The price is bounded staleness: a token revoked
/// or a user disabled on *another* instance keeps working here for at most `lifetime`; on this
/// instance sign-out evicts at once.
final class SessionCache: @unchecked Sendable {
    private struct Entry {
        var user: User
        var expiresAt: Date
        var cachedAt: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval = 2, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The user behind `tokenHash` if it was looked up less than `lifetime` ago and the session
    /// has not expired at `now`.
    func user(for tokenHash: String, now: Date) -> User? {
        lock.withLock {
            guard let e = entries[tokenHash] else { return nil }
            guard now.timeIntervalSince(e.cachedAt) < lifetime, e.expiresAt > now else {
                entries[tokenHash] = nil
                return nil
            }
            return e.user
        }
    }

    func remember(_ user: User, tokenHash: String, sessionExpiresAt: Date, now: Date) {
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(user: user, expiresAt: sessionExpiresAt, cachedAt: now)
        }
    }

    func forget(_ tokenHash: String) {
        lock.withLock { entries[tokenHash] = nil }
    }

    /// Drops every cached session of `userID`, so an edit (disabled, new role) applies here at once.
    func forget(userID: UserID) {
        lock.withLock { entries = entries.filter { $0.value.user.id != userID } }
    }
}
