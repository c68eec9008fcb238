import Dispatch
import Foundation
import PinganCore

extension Changeset {
    /// The rows and sealed-to-be events a backend writes for this changeset, encoded on every
    /// core when there are many (a population import commits hundreds of thousands): each is
    /// encoded on its own, and the order is kept.
    public func prepared() throws -> (rows: [ProjectionRow], events: [AuditChain.PendingEvent]) {
        (try Self.concurrentMap(writes, ProjectionRow.init), Self.concurrentMap(events, AuditChain.PendingEvent.init))
    }

    /// `items.map(transform)`, split over the cores when there are at least `threshold` items;
    /// the first error thrown, if any, is rethrown.
    static func concurrentMap<T: Sendable, R>(_ items: [T], threshold: Int = 4_000, _ transform: (T) throws -> R) rethrows -> [R] {
        // The core count only when it matters: Foundation reads it from the cgroup's files on
        // every call, and every commit comes through here.
        guard items.count >= threshold else { return try items.map(transform) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, items.count / max(threshold / 2, 1))
        guard workers > 1 else { return try items.map(transform) }
        var results = [R?](repeating: nil, count: items.count)
        var failure: (any Error)?
        let lock = NSLock()
        try withoutActuallyEscaping(transform) { transform in
            results.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer
                nonisolated(unsafe) let f = transform
                nonisolated(unsafe) var failed = failure
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for i in items.count * w / workers..<items.count * (w + 1) / workers {
                        do { out[i] = try f(items[i]) } catch {
                            lock.withLock { if failed == nil { failed = error } }
                            return
                        }
                    }
                }
                failure = failed
            }
            if let failure { throw failure }
        }
        return results.map { $0! }
    }
}
