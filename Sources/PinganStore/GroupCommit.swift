import Foundation

/// Group commit: write jobs that arrive while a batch is running wait and then run together in
/// the next one. Every job still succeeds or fails on its own, but a burst of N writes costs one
/// transaction and one fsync instead of N — the difference between hundreds and thousands of
/// acknowledged writes per second on one disk.
///
/// Generic over the job type (a closure over SQLite's connection, a PostgreSQL changeset, a
/// counter key); the backend supplies `run`, which does a whole batch at once (one transaction,
/// one statement) and reports each job's own result. A job's result reaches its caller only
/// after the whole batch committed, so acknowledged still means durable.
public final class GroupCommit<Job: Sendable>: @unchecked Sendable {
    /// Runs the jobs in one transaction and returns one result per job, in order. Throwing means
    /// the transaction itself failed and every job fails with that error.
    public typealias Runner = @Sendable ([Job]) async throws -> [Result<any Sendable, any Error>]

    private let lock = NSLock()
    private var pending: [(job: Job, waiter: CheckedContinuation<any Sendable, any Error>)] = []
    private var draining = false
    private let maxBatch: Int
    private let run: Runner

    /// - Parameter maxBatch: The most jobs one transaction takes, so one slow batch cannot hold
    ///   the writer for long.
    public init(maxBatch: Int = 256, run: @escaping Runner) {
        self.maxBatch = maxBatch
        self.run = run
    }

    /// Runs `job` in the next group transaction and returns its result once that committed.
    ///
    /// A job that finds the writer idle runs at once on its own task, not on a task started for
    /// it: on an idle machine each hand-over between threads costs a wake-up (a few tenths of a
    /// millisecond on a VM), and a lone commit (a wanted car's alert) had two of them more than it
    /// needed. Jobs arriving while it runs wait and go in the next batch, drained by a task of
    /// their own, so the job that led is answered as soon as its own batch committed.
    public func submit<T: Sendable>(_ job: Job, as: T.Type = T.self) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<any Sendable, any Error>) in
            let lead = lock.withLock {
                guard !draining else {
                    pending.append((job, waiter))
                    return false
                }
                draining = true
                return true
            }
            if lead { waiter.resume(returning: Lead()) }
        }
        let result: any Sendable = value is Lead ? try await lead(job) : value
        guard let typed = result as? T else { preconditionFailure("a group-commit job returned \(type(of: result)), not \(T.self)") }
        return typed
    }

    /// What a job that found the writer idle is told, instead of a result: run your own batch.
    private struct Lead: Sendable {}

    /// Runs the leading job's batch, then leaves what arrived meanwhile to `drain`.
    private func lead(_ job: Job) async throws -> any Sendable {
        let results: [Result<any Sendable, any Error>]
        do { results = try await run([job]) } catch {
            handOff()
            throw error
        }
        handOff()
        return try results[0].get()
    }

    /// Ends a batch: the writer is idle again, or a task drains the jobs that queued meanwhile.
    private func handOff() {
        let more = lock.withLock {
            if pending.isEmpty { draining = false }
            return !pending.isEmpty
        }
        if more { Task { await self.drain() } }
    }

    private func drain() async {
        while true {
            let batch = lock.withLock {
                let taken = Array(pending.prefix(maxBatch))
                pending.removeFirst(taken.count)
                if taken.isEmpty { draining = false }
                return taken
            }
            if batch.isEmpty { return }
            do {
                let results = try await run(batch.map(\.job))
                for (result, entry) in zip(results, batch) { entry.waiter.resume(with: result) }
            } catch {
                for entry in batch { entry.waiter.resume(throwing: error) }
            }
        }
    }
}
