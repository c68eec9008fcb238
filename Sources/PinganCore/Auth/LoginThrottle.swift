import Foundation

/// Slows password guessing without locking out the people it protects: the state of sign-in
/// attempts per account and client address, and the rule that decides whether the next attempt
/// is heard. Pure: time comes in as an argument, so it is tested with a moved clock.
///
/// The rule (issue 13):
/// - an account that failed `maxFailuresPerUser` times within `window` *from one address* is
///   locked there, first for `window`, then twice as long at each further lock-out (up to
///   `maxLockout`); a right password does not open it early, and a success clears that record.
///   The lock is per account and address so that a guesser can never lock the real user out:
///   their right password from anywhere else is heard;
/// - an address that failed `maxFailuresPerAddress` times within `window` (a guesser trying many
///   accounts, or a whole station behind one NAT) may still sign in to any account that has not
///   failed from it: a right password from a user who has not failed is never refused;
/// - an address that failed `addressCeiling` (ten times that) within `window` is refused
///   outright: one client spraying one password over thousands of names, and spending a bcrypt
///   hash on each;
/// - an attempt that is heard counts as pending until `failed` or `succeeded` reports on it, so
///   many guesses sent at once are held to the same limits as guesses sent one after another.
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

        /// Failures within `window` past which an address is not heard at all.
        public var addressCeiling: Int { maxFailuresPerAddress * 10 }
    }

    /// Whether an attempt is heard.
    public enum Verdict: Sendable, Hashable {
        case allow
        /// Refused without checking the password; try again in this many whole seconds (≥ 1).
        case refuse(retryAfter: Int)
    }

    /// A pending attempt that never reports back (its request failed on the way) stops counting
    /// after this long; checking a password takes well under a second.
    static let pendingLifetime: TimeInterval = 60
    /// Records kept before quiet ones are swept; a sweep that leaves more than four times this
    /// drops the oldest, so a flood of names or addresses cannot grow memory without bound.
    static let memoryCap = 100_000

    struct Pair: Hashable, Sendable {
        var account: String
        var address: String
    }

    struct Record: Sendable, Hashable {
        var failures: [Date] = []
        var pending: [Date] = []
        var lockedUntil: Date?
        var lockouts = 0
        var lastFailure: Date = .distantPast
    }

    public let policy: Policy
    private(set) var pairs: [Pair: Record] = [:]
    private(set) var addresses: [String: Record] = [:]
    private var sweepAt = LoginThrottle.memoryCap

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Accounts are named case-insensitively, as sign-in looks them up.
    static func key(_ username: String, _ address: String) -> Pair { Pair(account: String(username.lowercased().prefix(64)), address: address) }

    /// Decides before the password is checked (and before any bcrypt time is spent). An attempt
    /// that is heard is pending until `failed` or `succeeded`.
    public mutating func begin(username: String, address: String, now: Date) -> Verdict {
        let pair = Self.key(username, address)
        let verdict = verdict(pair, now: now)
        guard verdict == .allow else { return verdict }
        pairs[pair, default: Record()].pending.append(now)
        addresses[address, default: Record()].pending.append(now)
        sweepIfLarge(now: now)
        return .allow
    }

    private func verdict(_ pair: Pair, now: Date) -> Verdict {
        let record = pairs[pair] ?? Record()
        if let until = record.lockedUntil, until > now { return .refuse(retryAfter: Self.seconds(until.timeIntervalSince(now))) }
        let failed = recent(record.failures, now: now)
        // Attempts in flight for this account from here already make up the limit: wait for them.
        if failed.count + live(record.pending, now: now).count >= policy.maxFailuresPerUser { return .refuse(retryAfter: 1) }
        let address = addresses[pair.address] ?? Record()
        let fromAddress = recent(address.failures, now: now)
        let load = fromAddress.count + live(address.pending, now: now).count
        let untilForgotten = fromAddress.first.map { Self.seconds($0.addingTimeInterval(policy.window).timeIntervalSince(now)) } ?? 1
        if load >= policy.addressCeiling { return .refuse(retryAfter: untilForgotten) }
        if !failed.isEmpty, fromAddress.count >= policy.maxFailuresPerAddress { return .refuse(retryAfter: untilForgotten) }
        return .allow
    }

    /// A wrong password (or unknown account): counts for the account from this address and for
    /// the address, and locks the pair when it reaches its limit.
    public mutating func failed(username: String, address: String, now: Date) {
        let pair = Self.key(username, address)
        var record = pairs[pair] ?? Record()
        if let until = record.lockedUntil, now.timeIntervalSince(until) > policy.maxLockout {
            record = Record(pending: record.pending)  // a long quiet spell after the last lock-out: back-off starts again
        }
        record.pending = Self.dropOldest(record.pending)
        record.failures = recent(record.failures, now: now) + [now]
        record.lastFailure = now
        if record.failures.count >= policy.maxFailuresPerUser {
            record.lockouts += 1
            let length = min(policy.maxLockout, policy.window * pow(2, Double(min(record.lockouts - 1, 30))))
            record.lockedUntil = now.addingTimeInterval(length)
            record.failures = []
        }
        pairs[pair] = record
        var fromAddress = addresses[address] ?? Record()
        fromAddress.pending = Self.dropOldest(fromAddress.pending)
        fromAddress.failures = recent(fromAddress.failures, now: now) + [now]
        fromAddress.lastFailure = now
        addresses[address] = fromAddress
        sweepIfLarge(now: now)
    }

    /// A right password: the account starts afresh from this address. The address keeps its
    /// failures (it may still be guessing at other accounts).
    public mutating func succeeded(username: String, address: String) {
        pairs[Self.key(username, address)] = nil
        if var fromAddress = addresses[address] {
            fromAddress.pending = Self.dropOldest(fromAddress.pending)
            addresses[address] = fromAddress
        }
    }

    private func recent(_ failures: [Date], now: Date) -> [Date] {
        failures.filter { now.timeIntervalSince($0) < policy.window }
    }

    private func live(_ pending: [Date], now: Date) -> [Date] {
        pending.filter { now.timeIntervalSince($0) < Self.pendingLifetime }
    }

    private static func dropOldest(_ pending: [Date]) -> [Date] { Array(pending.dropFirst()) }

    var recordCount: Int { pairs.count + addresses.count }

    /// Drops records with nothing left to remember once there are many: a pair that was never
    /// locked is forgotten after `window`, one that was after its lock-out has been over for
    /// `maxLockout` (when back-off would start again anyway). Sweeps again only when the count has
    /// doubled, so a flood costs amortised constant time per attempt.
    mutating func sweepIfLarge(now: Date) {
        guard recordCount > sweepAt else { return }
        let window = policy.window, maxLockout = policy.maxLockout
        let needed = { (r: Record) -> Bool in
            if r.pending.contains(where: { now.timeIntervalSince($0) < Self.pendingLifetime }) { return true }
            if r.failures.contains(where: { now.timeIntervalSince($0) < window }) { return true }
            guard let until = r.lockedUntil else { return false }
            return now.timeIntervalSince(until) <= maxLockout
        }
        pairs = pairs.filter { needed($0.value) }
        addresses = addresses.filter { needed($0.value) }
        if recordCount > 4 * Self.memoryCap {
            // Still a flood of live records: keep the newest. Back-off memory of the oldest is lost.
            let keep = 2 * Self.memoryCap
            pairs = Dictionary(uniqueKeysWithValues: pairs.sorted { $0.value.lastFailure > $1.value.lastFailure }.prefix(keep / 2).map { ($0.key, $0.value) })
            addresses = Dictionary(uniqueKeysWithValues: addresses.sorted { $0.value.lastFailure > $1.value.lastFailure }.prefix(keep / 2).map { ($0.key, $0.value) })
        }
        sweepAt = max(Self.memoryCap, 2 * recordCount)
    }

    static func seconds(_ interval: TimeInterval) -> Int { max(1, Int(interval.rounded(.up))) }
}
