import Foundation

/// One piece of upkeep at a time, run off the caller's path. `arrived` counts the work that
/// comes in and starts the job once `threshold` has come since it was last started, so a caller
/// that brings little costs neither a task nor a look at the database; if the job is running
/// then, it runs once more when it ends (what came due meanwhile is not left for a later
/// caller). `idle()` waits until it has stopped.
final class BackgroundJob: @unchecked Sendable {
    private let lock = NSLock()
    private var running: Task<Void, Never>?
    private var again = false
    /// Work arrived since the job was last started; nil until the first arrival, since what
    /// waited from before (another process, the last run) is not known.
    private var waiting: Int?

    func arrived(_ amount: Int, threshold: Int, _ work: @escaping @Sendable () async -> Void) {
        let due = lock.withLock {
            let total = (waiting ?? threshold) + amount
            waiting = total >= threshold ? 0 : total
            return total >= threshold
        }
        if due { start(work) }
    }

    private func start(_ work: @escaping @Sendable () async -> Void) {
        lock.withLock {
            guard running == nil else { again = true; return }
            // The task takes the lock before it ends, so it cannot clear `running` before it is set.
            running = Task {
                repeat { await work() } while self.lock.withLock({
                    if self.again { self.again = false; return true }
                    self.running = nil
                    return false
                })
            }
        }
    }

    func idle() async {
        while let task = lock.withLock({ running }) { await task.value }
    }
}
