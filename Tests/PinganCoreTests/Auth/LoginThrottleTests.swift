import Foundation
@testable import PinganCore
import Testing

/// The sign-in brake as a pure rule over a moved clock (issue 13).
@Suite("Login throttle")
struct LoginThrottleTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let policy = LoginThrottle.Policy(maxFailuresPerUser: 3, maxFailuresPerAddress: 10, window: 60, maxLockout: 400)

    /// One heard attempt that fails, as the server runs it.
    func fail(_ throttle: inout LoginThrottle, _ user: String, from address: String, at now: Date) {
        #expect(throttle.begin(username: user, address: address, now: now) == .allow)
        throttle.failed(username: user, address: address, now: now)
    }

    @Test func anAccountLocksAtTheGuessersAddressAndTheLockDoublesEachTime() {
        var throttle = LoginThrottle(policy: policy)
        var now = t0
        var locks: [Int] = []
        for _ in 0..<5 {
            for _ in 0..<3 { fail(&throttle, "offA", from: "a", at: now) }
            guard case .refuse(let wait) = throttle.begin(username: "OFFA", address: "a", now: now) else {
                Issue.record("not locked after three failures")
                return
            }
            locks.append(wait)
            now += Double(wait)
        }
        // 60, 120, 240, then capped at 400.
        #expect(locks == [60, 120, 240, 400, 400])
    }

    @Test func aGuesserNeverLocksTheRealUserOut() {
        var throttle = LoginThrottle(policy: policy)
        for _ in 0..<3 { fail(&throttle, "admin", from: "attacker", at: t0) }
        #expect(throttle.begin(username: "admin", address: "attacker", now: t0 + 1) == .refuse(retryAfter: 59))
        // The administrator, who has not failed, signs in from the command centre.
        #expect(throttle.begin(username: "admin", address: "centre", now: t0 + 1) == .allow)
    }

    @Test func guessesSentAtOnceAreHeldToTheSameLimit() {
        var throttle = LoginThrottle(policy: policy)
        let heard = (0..<20).filter { _ in throttle.begin(username: "admin", address: "a", now: t0) == .allow }.count
        #expect(heard == 3)
        #expect(throttle.begin(username: "admin", address: "a", now: t0) == .refuse(retryAfter: 1))
        // They all fail: one lock-out, not one per three of the twenty.
        for _ in 0..<3 { throttle.failed(username: "admin", address: "a", now: t0) }
        #expect(throttle.begin(username: "admin", address: "a", now: t0) == .refuse(retryAfter: 60))
    }

    @Test func anAttemptThatNeverReportsStopsCountingAfterAMinute() {
        var throttle = LoginThrottle(policy: policy)
        for _ in 0..<3 { #expect(throttle.begin(username: "offA", address: "a", now: t0) == .allow) }
        #expect(throttle.begin(username: "offA", address: "a", now: t0 + 30) == .refuse(retryAfter: 1))
        #expect(throttle.begin(username: "offA", address: "a", now: t0 + 61) == .allow)
    }

    @Test func aSuccessClearsTheAccountAtThatAddressButNotTheAddress() {
        var throttle = LoginThrottle(policy: policy)
        for i in 0..<2 { fail(&throttle, "offA", from: "a", at: t0 + Double(i)) }
        #expect(throttle.begin(username: "offA", address: "a", now: t0 + 5) == .allow)
        throttle.succeeded(username: "offA", address: "a")
        for i in 0..<2 { fail(&throttle, "offA", from: "a", at: t0 + 10 + Double(i)) }
        #expect(throttle.begin(username: "offA", address: "a", now: t0 + 20) == .allow)
        #expect(throttle.addresses["a"]?.failures.count == 4)
    }

    @Test func aBusyAddressStillLetsInAccountsThatHaveNotFailed() {
        var throttle = LoginThrottle(policy: policy)
        for i in 0..<10 { fail(&throttle, "user\(i)", from: "nat", at: t0) }
        #expect(throttle.begin(username: "user0", address: "nat", now: t0 + 1) == .refuse(retryAfter: 59))
        #expect(throttle.begin(username: "admin", address: "nat", now: t0 + 1) == .allow)
        #expect(throttle.begin(username: "user0", address: "elsewhere", now: t0 + 1) == .allow)
        // Once the window has passed, the address's failures are forgotten.
        #expect(throttle.begin(username: "user0", address: "nat", now: t0 + 61) == .allow)
    }

    @Test func anAddressSprayingManyNamesIsRefusedOutright() {
        var throttle = LoginThrottle(policy: policy)
        for i in 0..<policy.addressCeiling { fail(&throttle, "name\(i)", from: "sprayer", at: t0) }
        #expect(throttle.begin(username: "never-tried", address: "sprayer", now: t0 + 1) == .refuse(retryAfter: 59))
        #expect(throttle.begin(username: "never-tried", address: "elsewhere", now: t0 + 1) == .allow)
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        var throttle = LoginThrottle(policy: policy)
        fail(&throttle, "offA", from: "a", at: t0)
        fail(&throttle, "offA", from: "a", at: t0 + 30)
        fail(&throttle, "offA", from: "a", at: t0 + 70)  // the first has left the window
        #expect(throttle.begin(username: "offA", address: "a", now: t0 + 71) == .allow)
    }

    @Test func backOffStartsAgainAfterALongQuietSpell() {
        var throttle = LoginThrottle(policy: policy)
        for _ in 0..<3 { fail(&throttle, "offA", from: "a", at: t0) }
        #expect(throttle.begin(username: "offA", address: "a", now: t0) == .refuse(retryAfter: 60))
        let later = t0 + 60 + 401
        for _ in 0..<3 { fail(&throttle, "offA", from: "a", at: later) }
        #expect(throttle.begin(username: "offA", address: "a", now: later) == .refuse(retryAfter: 60))
    }

    @Test func aFloodOfNamesDoesNotGrowMemoryForEver() {
        var throttle = LoginThrottle(policy: policy)
        // Far more names than the cap, over a long time, each failing once from its own address.
        let total = 3 * LoginThrottle.memoryCap
        for i in 0..<total {
            let now = t0 + Double(i) / 100  // 100 a second: the window holds 6,000 of them
            throttle.failed(username: "n\(i)", address: "10.\(i >> 16).\(i >> 8 & 255).\(i & 255)", now: now)
        }
        #expect(throttle.recordCount <= 2 * LoginThrottle.memoryCap + 2)
        // What the rule still needs is kept: the newest failures.
        #expect(throttle.pairs[LoginThrottle.key("n\(total - 1)", "10.\((total - 1) >> 16).\((total - 1) >> 8 & 255).\((total - 1) & 255)")] != nil)
    }
}
