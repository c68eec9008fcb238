import Foundation

/// Merges a duplicate call under the incident that carries the work (重复警情), and undoes it.
/// Pure, like every decider.
///
/// The duplicate keeps its number, caller and description and is marked merged (cancelled, with
/// a `MergeLink` saying into what, by whom and from which status); the incident it joins lists
/// it. Only a call nobody has acted on yet — received or reopened, no units, no open referral —
/// may be merged, and only into an incident that is not itself merged, so an undo always gives
/// back exactly what was there.
public enum IncidentMerge {
    public struct Decision: Sendable, Hashable {
        public var events: [Event]
        public var duplicate: Incident
        public var primary: Incident
    }

    public static func merge(_ duplicate: Incident, into primary: Incident, by: String, score: Double?, reasons: [String]?,
                             now: Date) throws(DomainError) -> Decision {
        guard duplicate.id != primary.id else { throw DomainError.invalid("into", "an incident cannot be merged into itself") }
        if let link = duplicate.mergedInto {
            throw DomainError(.illegalTransition, field: "status", "\(duplicate.number) is already merged into \(link.intoNumber)")
        }
        if let link = primary.mergedInto {
            throw DomainError(.illegalTransition, field: "into", "\(primary.number) is itself merged into \(link.intoNumber)")
        }
        guard primary.status != .cancelled else {
            throw DomainError(.illegalTransition, field: "into", "\(primary.number) is cancelled")
        }
        guard duplicate.status == .received || duplicate.status == .reopened else {
            throw DomainError(.illegalTransition, field: "status", "only a call nobody has acted on can be merged; \(duplicate.number) is \(duplicate.status.rawValue)")
        }
        guard duplicate.unitIDs.isEmpty else {
            throw DomainError(.illegalTransition, field: "status", "release the units on \(duplicate.number) before merging it")
        }
        guard duplicate.openReferral == nil else { throw DomainError(.referralOpen, field: "status", "\(duplicate.number) is referred") }
        guard (duplicate.mergedIncidentIDs ?? []).isEmpty else {
            throw DomainError(.illegalTransition, field: "status", "\(duplicate.number) has calls merged under it; merge those into \(primary.number) instead")
        }
        var d = duplicate
        d.version += 1
        d.status = .cancelled
        d.times.cancelledAt = now
        d.mergedInto = MergeLink(into: primary.id, intoNumber: primary.number, by: by, at: now, previousStatus: duplicate.status,
                                 score: score, reasons: reasons)
        var p = primary
        p.version += 1
        p.mergedIncidentIDs = (primary.mergedIncidentIDs ?? []) + [duplicate.id]
        return try decision(.incidentMerged, d, p, from: duplicate.status, note: "\(duplicate.number) → \(primary.number)")
    }

    /// Gives the duplicate back its own life, as it was before the merge.
    public static func unmerge(_ duplicate: Incident, from primary: Incident?) throws(DomainError) -> Decision {
        guard let link = duplicate.mergedInto else { throw DomainError(.notMerged, field: "status", "\(duplicate.number) is not merged") }
        guard let primary, primary.id == link.into else {
            throw DomainError(.notMerged, field: "status", "\(link.intoNumber) is not found")
        }
        var d = duplicate
        d.version += 1
        d.status = link.previousStatus
        d.times.cancelledAt = nil
        d.mergedInto = nil
        var p = primary
        p.version += 1
        p.mergedIncidentIDs = (primary.mergedIncidentIDs ?? []).filter { $0 != duplicate.id }
        if p.mergedIncidentIDs?.isEmpty == true { p.mergedIncidentIDs = nil }
        return try decision(.incidentUnmerged, d, p, from: .cancelled, note: "\(duplicate.number) ← \(primary.number)")
    }

    private static func decision(_ type: EventType, _ d: Incident, _ p: Incident, from: IncidentStatus, note: String) throws(DomainError) -> Decision {
        do {
            return Decision(events: [
                try Event(type, subject: d.id.rawValue, path: d.path, payload: IncidentEventData(incident: d, from: from, to: d.status, note: note)),
                try Event(type, subject: p.id.rawValue, path: p.path, payload: IncidentEventData(incident: p, note: note)),
            ], duplicate: d, primary: p)
        } catch {
            throw DomainError(.invalidField, "merge could not be encoded: \(error)")
        }
    }
}
