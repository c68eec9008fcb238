import Foundation

/// A flag a signal handler sets and the simulation polls, so Ctrl-C ends a long replay with a
/// partial report instead of killing it. A lock rather than `Mutex` because the package still
/// declares macOS 14, where `Synchronization.Mutex` is unavailable.
public final class ReplayStopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    public func stop() { lock.lock(); stopped = true; lock.unlock() }

    public var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }
}
