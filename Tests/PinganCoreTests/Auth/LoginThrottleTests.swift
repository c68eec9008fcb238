import Foundation
import PinganCore
import Testing

/// The sign-in brake as a pure rule over a moved clock (issue 13).
@Suite("Login throttle")
struct LoginThrottleTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let policy = LoginThrottle.Policy(maxFailuresPerUser: 3, maxFailuresPerAddress: 10, window: 60, maxLockout: 400)

    @Test func anAccountLocksAfterItsLimitAndTheLockDoublesEachTime() {
        var throttle = LoginThrottle(policy: policy)
        var now = t0
        var locks: [Int] = []
        for _ in 0..<5 {
            for _ in 0..<3 {
                #expect(throttle.check(username: "offA", address: "a", now: now) == .allow)
                throttle.failed(username: "offA", address: "a", now: now)
            }
            guard case .refuse(let wait) = throttle.check(username: "OFFA", address: "b", now: now) else {
                Issue.record("not locked after three failures")
                return
            }
            locks.append(wait)
            now += Double(wait)
        }
        // 60, 120, 240, then capped at 400.
        #expect(locks == [60, 120, 240, 400, 400])
    }

    @Test func aSuccessClearsTheAccountButNotTheAddress() {
        var throttle = LoginThrottle(policy: policy)
        for i in 0..<2 { throttle.failed(username: "offA", address: "a", now: t0 + Double(i)) }
        throttle.succeeded(username: "offA")
        for i in 0..<2 { throttle.failed(username: "offA", address: "a", now: t0 + 10 + Double(i)) }
        #expect(throttle.check(username: "offA", address: "a", now: t0 + 20) == .allow)
    }

    @Test func aBusyAddressStillLetsInAccountsThatHaveNotFailed() {
        var throttle = LoginThrottle(policy: policy)
        for i in 0..<10 { throttle.failed(username: "user\(i)", address: "nat", now: t0) }
        #expect(throttle.check(username: "user0", address: "nat", now: t0 + 1) == .refuse(retryAfter: 59))
        #expect(throttle.check(username: "admin", address: "nat", now: t0 + 1) == .allow)
        #expect(throttle.check(username: "user0", address: "elsewhere", now: t0 + 1) == .allow)
        // Once the window has passed, the address's failures are forgotten.
        #expect(throttle.check(username: "user0", address: "nat", now: t0 + 61) == .allow)
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        var throttle = LoginThrottle(policy: policy)
        throttle.failed(username: "offA", address: "a", now: t0)
        throttle.failed(username: "offA", address: "a", now: t0 + 30)
        throttle.failed(username: "offA", address: "a", now: t0 + 70)  // the first has left the window
        #expect(throttle.check(username: "offA", address: "a", now: t0 + 71) == .allow)
    }

    @Test func backOffStartsAgainAfterALongQuietSpell() {
        var throttle = LoginThrottle(policy: policy)
        for _ in 0..<3 { throttle.failed(username: "offA", address: "a", now: t0) }
        #expect(throttle.check(username: "offA", address: "a", now: t0) == .refuse(retryAfter: 60))
        let later = t0 + 60 + 401
        for _ in 0..<3 { throttle.failed(username: "offA", address: "a", now: later) }
        #expect(throttle.check(username: "offA", address: "a", now: later) == .refuse(retryAfter: 60))
    }
}
