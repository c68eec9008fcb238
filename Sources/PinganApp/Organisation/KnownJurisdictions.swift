import Foundation
import PinganCore
import PinganStore

/// Jurisdictions this process has read, by ID. No command edits, moves or deletes a
/// jurisdiction once created, so a copy never goes stale, and an incident create (which names
/// its station) needs no database read for it. Scope is still checked on every use. (A command
/// that edits jurisdictions, `jurisdiction.updated` in the event names, would have to refresh
/// this on every instance first.)
final class KnownJurisdictions: @unchecked Sendable {
    private let lock = NSLock()
    private var byID: [JurisdictionID: Jurisdiction] = [:]

    /// The jurisdiction if it is known and inside `scope`; nil says "ask the store".
    func lookup(_ id: JurisdictionID, in scope: Scope) -> Jurisdiction? {
        guard let j = lock.withLock({ byID[id] }) else { return nil }
        let (lower, upper) = ProjectionRow.range(of: scope)
        return j.path >= lower && j.path < upper ? j : nil
    }

    func remember(_ j: Jurisdiction) {
        lock.withLock { byID[j.id] = j }
    }
}
