import Foundation
import PinganCore
import PinganStore

/// Jurisdictions this process has read, by ID, so an incident create (which names its station)
/// needs no database read for it. Jurisdictions are edited now and then (renamed, recoded,
/// retired, their policy set): a commit on this instance replaces the copy at once, and a copy
/// older than `lifetime` is read again, which bounds what an edit made on *another* instance
/// may take to apply here. Scope is still checked on every use.
final class KnownJurisdictions: CommitObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var byID: [JurisdictionID: (jurisdiction: Jurisdiction, at: UInt64)] = [:]
    let lifetime: UInt64 = 2_000_000_000

    /// The jurisdiction if it is known, fresh and inside `scope`; nil says "ask the store".
    func lookup(_ id: JurisdictionID, in scope: Scope) -> Jurisdiction? {
        let now = DispatchTime.now().uptimeNanoseconds
        guard let entry = lock.withLock({ byID[id] }), now - entry.at < lifetime else { return nil }
        let (lower, upper) = ProjectionRow.range(of: scope)
        return entry.jurisdiction.path >= lower && entry.jurisdiction.path < upper ? entry.jurisdiction : nil
    }

    /// The jurisdiction from memory when fresh, else read from `store` and remembered.
    func jurisdiction(_ id: JurisdictionID, in scope: Scope, from store: any Projections) async throws -> Jurisdiction? {
        if let j = lookup(id, in: scope) { return j }
        guard let j = try await store.jurisdiction(id, scope: scope) else { return nil }
        remember(j)
        return j
    }

    func remember(_ j: Jurisdiction) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock {
            if let old = byID[j.id], old.jurisdiction.version > j.version { return }
            byID[j.id] = (j, now)
        }
    }

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        for case .jurisdiction(let j) in changes.writes { remember(j) }
    }
}
