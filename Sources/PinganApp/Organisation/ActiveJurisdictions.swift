import Foundation
import PinganCore
import PinganStore

/// Every active jurisdiction of the tree, areas included, held for deciding which station files
/// a new incident (`IncidentOwnership`): reading and decoding a thousand station areas for each
/// call would cost more than the rest of the create. A jurisdiction commit on this instance
/// drops the copy at once; a copy older than `lifetime` is read again, which bounds how long an
/// area redrawn on *another* instance takes to apply here.
final class ActiveJurisdictions: CommitObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var cached: (all: [Jurisdiction], at: UInt64)?
    let lifetime: UInt64 = 2_000_000_000

    func all(from store: any Projections) async throws -> [Jurisdiction] {
        let now = DispatchTime.now().uptimeNanoseconds
        if let c = lock.withLock({ cached }), now - c.at < lifetime { return c.all }
        let fresh = try await store.jurisdictions(scope: .everything).filter(\.active)
        lock.withLock { cached = (fresh, now) }
        return fresh
    }

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        if changes.writes.contains(where: { if case .jurisdiction = $0 { true } else { false } }) { lock.withLock { cached = nil } }
    }
}
