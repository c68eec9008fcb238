import Foundation
import PinganStore
import Testing

/// The group commit both backends write through: a job that finds the writer idle runs at once
/// on its own, jobs that arrive meanwhile share the next batches, and each job gets its own
/// result or error whichever way it ran.
@Suite("Group commit", .timeLimit(.minutes(1)))
struct GroupCommitTests {
    /// What the runner saw, shared with the test.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var _batches: [[Int]] = []
        var batches: [[Int]] { lock.withLock { _batches } }
        func add(_ batch: [Int]) { lock.withLock { _batches.append(batch) } }
    }

    /// Doubles each job after a pause; fails a job of -1 on its own and a batch holding -2 whole.
    static func runner(_ seen: Seen, pause: Duration) -> GroupCommit<Int>.Runner {
        { jobs in
            seen.add(jobs)
            try await Task.sleep(for: pause)
            if jobs.contains(-2) { throw CancellationError() }
            return jobs.map { j in j == -1 ? .failure(StoreError(.conflict, "job -1")) : .success(j * 2) }
        }
    }

    @Test("a lone job is its own batch; jobs arriving while it runs share later ones of at most maxBatch, each with its own result")
    func leaderThenBatches() async throws {
        let seen = Seen()
        let group = GroupCommit<Int>(maxBatch: 8, run: Self.runner(seen, pause: .milliseconds(30)))
        async let first: Int = group.submit(0)
        while seen.batches.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
        let others = try await withThrowingTaskGroup(of: (Int, Int).self) { tasks in
            for j in 1...40 { tasks.addTask { (j, try await group.submit(j)) } }
            var got: [Int: Int] = [:]
            for try await (j, r) in tasks { got[j] = r }
            return got
        }
        #expect(try await first == 0)
        #expect(others.count == 40 && others.allSatisfy { $0.value == 2 * $0.key })
        let batches = seen.batches
        #expect(batches.first == [0])
        #expect(batches.dropFirst().allSatisfy { $0.count <= 8 })
        #expect(batches.flatMap { $0 }.sorted() == Array(0...40))
        // The forty arrived while the first slept: they went in shared batches, not one by one.
        #expect(batches.count < 41)
        // Idle again: the next job leads a batch of its own.
        #expect(try await group.submit(100) == 200)
        #expect(seen.batches.last == [100])
    }

    @Test("a job's own failure fails only it; a failed transaction fails its batch; neither leaves the writer stuck")
    func failures() async throws {
        let seen = Seen()
        let group = GroupCommit<Int>(run: Self.runner(seen, pause: .milliseconds(1)))
        await #expect(throws: StoreError.self) { try await group.submit(-1) as Int }
        await #expect(throws: CancellationError.self) { try await group.submit(-2) as Int }
        #expect(try await group.submit(3) == 6)
        // The same within shared batches.
        async let lead: Int = group.submit(1)
        let results = await withTaskGroup(of: (Int, Bool).self) { tasks in
            for j in [-1, 5, 6] { tasks.addTask { (j, (try? await group.submit(j) as Int) != nil) } }
            var out: [Int: Bool] = [:]
            for await (j, ok) in tasks { out[j] = ok }
            return out
        }
        #expect(try await lead == 2)
        #expect(results == [-1: false, 5: true, 6: true])
        #expect(try await group.submit(7) == 14)
    }
}
