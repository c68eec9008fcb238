import Foundation
import PinganCore
import PinganStore

/// What a command's alert drafts become: each folded into an open alert of the same cause within
/// its storm window (or into an earlier draft of the same command), the rest standing on their
/// own with the nearest free units proposed. Shared by the sensors' alerts and the patrol watch's.
struct AlertFolding: Sendable {
    let store: any Projections
    let proposer: (any AlertProposer)?

    /// Folds drafts into open alerts of the same cause (and into each other), and proposes units
    /// for the ones that stand on their own.
    func fold(_ drafts: [Alert]) async throws -> AlertDecider.Decision {
        var heads: [String: Alert] = [:]
        var byID: [AlertID: Alert] = [:]
        var order: [AlertID] = []
        var events: [Event] = []
        // The version each alert had in the store (none for new ones): one decision may fold
        // several drafts into one head, but it writes each alert once, one version up.
        var stored: [AlertID: Int] = [:]
        for var draft in drafts {
            let head: Alert?
            if let h = heads[draft.cause] { head = h }
            else { head = try await store.openAlert(cause: draft.cause, since: draft.raisedAt.addingTimeInterval(-AlertDecider.stormWindow(draft.kind))) }
            if head == nil || head!.status.isClosed, let proposer {
                draft.proposedUnits = await proposer.propose(at: draft.location, path: draft.path, category: AlertDrafts.category(of: draft.kind),
                                                             priority: AlertDrafts.priority(of: draft.severity))
            }
            if let head, stored[head.id] == nil, heads[draft.cause] == nil { stored[head.id] = head.version }
            let d = try AlertDecider.raise(draft, into: head)
            events += d.events
            for a in d.alerts {
                if byID[a.id] == nil { order.append(a.id) }
                byID[a.id] = a
                if a.groupID == nil { heads[a.cause] = a }
            }
        }
        return AlertDecider.Decision(events: events, alerts: order.map { id in
            var a = byID[id]!
            a.version = (stored[id] ?? 0) + 1
            return a
        })
    }
}
