import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganStore

/// The last 90 days of calls held in memory for duplicate detection (重复警情) and repeat
/// counts: loaded from the store when the server starts, kept current from every commit on
/// this instance. A check is a read of this index, never a query of the store, so it costs the
/// dispatcher microseconds (`pingan bench triage`).
final class DuplicateWatch: CommitObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var index = DuplicateIndex()
    /// How far back the index reaches: the long look-back of the repeat counts.
    static let window: TimeInterval = 90 * 86_400

    /// Loads the calls received in the window, a page at a time.
    func load(from store: any Projections, now: Date) async throws {
        try await Pages.each(of: IncidentQuery.maxLimit, {
            try await store.incidents(IncidentQuery(receivedFrom: now - Self.window, limit: IncidentQuery.maxLimit, offset: $0), scope: .everything).items
        }) { page in
            lock.withLock { for incident in page { try? index.upsert(Self.summary(incident)) } }
        }
    }

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        var seen: [Incident] = []
        for write in changes.writes { if case .incident(let i) = write { seen.append(i) } }
        guard !seen.isEmpty else { return }
        let cutoff = changes.at - Self.window
        lock.withLock {
            for incident in seen where incident.times.receivedAt >= cutoff {   // imported history stays out
                // A merged call is the same call as its primary: it proposes nothing twice.
                if incident.mergedInto != nil { _ = index.remove(id: incident.id.rawValue) } else { try? index.upsert(Self.summary(incident)) }
            }
            if Int.random(in: 0..<512) == 0 { _ = index.prune(before: cutoff) }
        }
    }

    /// The likely duplicates of `incident` that `scope` may see, best first, and its repeat counts.
    func check(_ incident: Incident, scope: Scope, now: Date) -> (candidates: [DuplicateCandidate], repeats: RepeatCounts) {
        let call = Self.summary(incident)
        return lock.withLock {
            let candidates = index.candidates(for: call, now: now, limit: 5, scope: scope.path)
            return (candidates, index.repeats(for: call, now: now))
        }
    }

    static func summary(_ i: Incident) -> CallSummary {
        CallSummary(id: i.id.rawValue, receivedAt: i.times.receivedAt, location: i.location, callerPhone: i.caller.phone, category: i.category,
                    description: i.description, path: i.path, open: i.status.isOpen, addressID: i.addressID?.rawValue)
    }
}
