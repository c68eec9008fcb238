import Foundation

/// Counts failed sign-ins per username and per client address, so password guessing is slowed
/// whether it aims at one account from many places or at many accounts from one place.
/// In memory: a restart forgets, which is acceptable for a brake on guessing.
actor LoginLimiter {
    let maxFailures: Int
    let window: TimeInterval
    /// Failure instants per key (`user:NAME`, `client:ADDR`), oldest first.
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int, window: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds until the first blocked key frees up, or nil when none is blocked.
    func retryAfter(keys: [String], now: Date) -> Int? {
        var wait: TimeInterval?
        for key in keys {
            let recent = prune(key, now: now)
            if recent.count >= maxFailures, let oldest = recent.first {
                let w = oldest.addingTimeInterval(window).timeIntervalSince(now)
                wait = max(wait ?? 0, w)
            }
        }
        return wait.map { max(1, Int($0.rounded(.up))) }
    }

    func recordFailure(keys: [String], now: Date) {
        for key in keys {
            var recent = prune(key, now: now)
            recent.append(now)
            failures[key] = recent
        }
        if failures.count > 100_000 { failures = failures.filter { !($0.value.last.map { now.timeIntervalSince($0) > window } ?? true) } }
    }

    func reset(key: String) { failures[key] = nil }

    private func prune(_ key: String, now: Date) -> [Date] {
        guard let list = failures[key] else { return [] }
        let recent = list.filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
