import Foundation

/// Slows password guessing without locking out the people it protects: the state of failed
/// sign-ins per account and per client address, and the rule that decides whether the next
/// attempt is heard. Pure: time comes in as an argument, so it is tested with a moved clock.
///
/// The rule (issue 13):
/// - an account that failed `maxFailuresPerUser` times within `window` is locked, first for
///   `window`, then twice as long at each further lock-out (up to `maxLockout`); a right password
///   does not open it early, and a success clears the account's record;
/// - an address that failed `maxFailuresPerAddress` times within `window` (a guesser trying many
///   accounts, or a whole station behind one NAT) may still sign in to any account that has no
///   recent failure: a right password from a user who has not failed is never refused.
public struct LoginThrottle: Sendable {
    public struct Policy: Sendable, Hashable {
        public var maxFailuresPerUser: Int
        public var maxFailuresPerAddress: Int
        public var window: TimeInterval
        public var maxLockout: TimeInterval

        public init(maxFailuresPerUser: Int = 5, maxFailuresPerAddress: Int = 50, window: TimeInterval = 300, maxLockout: TimeInterval = 6 * 3600) {
            self.maxFailuresPerUser = max(1, maxFailuresPerUser)
            self.maxFailuresPerAddress = max(1, maxFailuresPerAddress)
            self.window = max(1, window)
            self.maxLockout = max(self.window, maxLockout)
        }
    }

    /// Whether an attempt is heard.
    public enum Verdict: Sendable, Hashable {
        case allow
        /// Refused without checking the password; try again in this many whole seconds (≥ 1).
        case refuse(retryAfter: Int)
    }

    struct Account: Sendable, Hashable {
        var failures: [Date] = []
        var lockedUntil: Date?
        var lockouts = 0
        var lastFailure: Date = .distantPast
    }

    public let policy: Policy
    private(set) var accounts: [String: Account] = [:]
    private(set) var addresses: [String: [Date]] = [:]

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Accounts are named case-insensitively, as sign-in looks them up.
    static func key(_ username: String) -> String { String(username.lowercased().prefix(64)) }

    /// Decides before the password is checked (and before any bcrypt time is spent).
    public func check(username: String, address: String, now: Date) -> Verdict {
        let account = accounts[Self.key(username)]
        if let until = account?.lockedUntil, until > now { return .refuse(retryAfter: Self.seconds(until.timeIntervalSince(now))) }
        let failedRecently = account.map { recent($0.failures, now: now).count > 0 } ?? false
        let fromAddress = recent(addresses[address] ?? [], now: now)
        if failedRecently, fromAddress.count >= policy.maxFailuresPerAddress, let oldest = fromAddress.first {
            return .refuse(retryAfter: Self.seconds(oldest.addingTimeInterval(policy.window).timeIntervalSince(now)))
        }
        return .allow
    }

    /// Records a wrong password (or unknown account) for both keys; locks the account when it
    /// reaches its limit.
    public mutating func failed(username: String, address: String, now: Date) {
        let key = Self.key(username)
        var account = accounts[key] ?? Account()
        if let until = account.lockedUntil, now.timeIntervalSince(until) > policy.maxLockout {
            account = Account()  // a long quiet spell after the last lock-out: back-off starts again
        }
        account.failures = recent(account.failures, now: now) + [now]
        account.lastFailure = now
        if account.failures.count >= policy.maxFailuresPerUser {
            account.lockouts += 1
            let length = min(policy.maxLockout, policy.window * pow(2, Double(min(account.lockouts - 1, 30))))
            account.lockedUntil = now.addingTimeInterval(length)
            account.failures = []
        }
        accounts[key] = account
        addresses[address] = recent(addresses[address] ?? [], now: now) + [now]
        if accounts.count + addresses.count > 100_000 { forgetQuiet(now: now) }
    }

    /// A right password: the account starts afresh. The address keeps its count (it may still be
    /// guessing at other accounts).
    public mutating func succeeded(username: String) {
        accounts[Self.key(username)] = nil
    }

    private func recent(_ failures: [Date], now: Date) -> [Date] {
        failures.filter { now.timeIntervalSince($0) < policy.window }
    }

    /// Drops records with nothing left to remember, so a flood of names cannot grow memory for ever.
    mutating func forgetQuiet(now: Date) {
        accounts = accounts.filter { _, a in
            (a.lockedUntil.map { $0 > now } ?? false) || now.timeIntervalSince(a.lastFailure) < max(policy.window, policy.maxLockout)
        }
        addresses = addresses.compactMapValues { list in
            let kept = recent(list, now: now)
            return kept.isEmpty ? nil : kept
        }
    }

    static func seconds(_ interval: TimeInterval) -> Int { max(1, Int(interval.rounded(.up))) }
}
