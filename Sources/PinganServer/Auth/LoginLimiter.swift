import Foundation
import PinganCore

/// The server's one `LoginThrottle`, behind an actor because sign-ins arrive concurrently.
/// In memory: a restart forgets, which is acceptable for a brake on guessing.
actor LoginLimiter {
    private var throttle: LoginThrottle

    init(policy: LoginThrottle.Policy) { throttle = LoginThrottle(policy: policy) }

    func begin(username: String, address: String, now: Date) -> LoginThrottle.Verdict {
        throttle.begin(username: username, address: address, now: now)
    }

    func failed(username: String, address: String, now: Date) { throttle.failed(username: username, address: address, now: now) }

    func succeeded(username: String, address: String) { throttle.succeeded(username: username, address: address) }
}
