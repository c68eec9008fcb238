import Foundation

public typealias WatchlistID = Identifier<Watchlist>
public typealias WatchlistEntryID = Identifier<WatchlistEntry>

/// A control list (布控): plates, documents or persons to look out for, owned by one
/// jurisdiction, valid for a window, seen only by the jurisdictions it names. Its hits are alerts
/// that carry the list's audience, so a station the list is not shared with never learns that a
/// plate on it passed its own gate.
public struct Watchlist: Codable, Sendable, Hashable, Versioned {
    public var id: WatchlistID
    public var name: String
    /// Why these people and vehicles are sought (a case number, a warrant); shown with every hit.
    public var reason: String
    /// The jurisdiction that keeps the list.
    public var jurisdictionID: JurisdictionID
    public var severity: AlertSeverity
    public var validFrom: Date
    /// Nil: until withdrawn.
    public var validUntil: Date?
    /// Jurisdictions (with their subtrees) that may see the list and its hits besides the owner's.
    public var visibleTo: [JurisdictionID]
    /// The owner's path followed by the paths of `visibleTo`, as `Audience` keeps them.
    public var audience: Audience
    public var path: String
    public var version: Int
    @DefaultTrue public var active: Bool

    public init(id: WatchlistID, name: String, reason: String, jurisdictionID: JurisdictionID, severity: AlertSeverity, validFrom: Date,
                validUntil: Date? = nil, visibleTo: [JurisdictionID] = [], audience: Audience, path: String, version: Int = 1, active: Bool = true) {
        self.id = id
        self.name = name
        self.reason = reason
        self.jurisdictionID = jurisdictionID
        self.severity = severity
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.visibleTo = visibleTo
        self.audience = audience
        self.path = path
        self.version = version
        self.active = active
    }

    /// Whether hits count at `now`: active and inside the validity window.
    public func isInForce(at now: Date) -> Bool {
        active && now >= validFrom && (validUntil.map { now < $0 } ?? true)
    }
}

/// Who may see something beyond the plain scope rule: the keeping jurisdiction's own staff and
/// those above it, and the jurisdictions it is shared with, with their subtrees. A station under
/// the keeper does not see the list unless it is shared with it: a control list is pushed to
/// the units that must act on it, not to everyone below. Stored as one text column
/// (`|/c/d1/#|/c/d2/s3/|`: the keeper marked `#`, each shared subtree `|`) so a store can apply
/// it inside the query; empty means "anyone whose scope holds the thing".
public struct Audience: Codable, Sendable, Hashable {
    /// The keeper's path: seen from it and from above it.
    public var owner: String?
    /// Shared subtrees: seen from anywhere inside them, and from above them.
    public var paths: [String]

    public init(owner: String? = nil, paths: [String]) {
        self.owner = owner
        self.paths = paths
    }

    public static let everyone = Audience(paths: [])

    public var isEveryone: Bool { owner == nil && paths.isEmpty }

    /// The column value; `""` for everyone.
    public var column: String {
        guard !isEveryone else { return "" }
        return (owner.map { "|\($0)#" } ?? "") + paths.map { "|\($0)" }.joined() + (paths.isEmpty ? "" : "|")
    }

    /// Whether a user whose scope is `scope` may see it.
    public func admits(_ scope: Scope) -> Bool {
        isEveryone || (owner.map { $0.hasPrefix(scope.path) } ?? false)
            || paths.contains { $0.hasPrefix(scope.path) || scope.path.hasPrefix($0) }
    }

    /// The ancestors of `scope` (itself included), as the store's query tests them against the
    /// column (`|ancestor|` marks a shared subtree that holds the scope; `|scope` followed by
    /// anything marks a keeper or shared path at or below it).
    public static func ancestors(of scope: Scope) -> [String] {
        var result: [String] = []
        var prefix = "/"
        result.append(prefix)
        for part in scope.path.split(separator: "/") {
            prefix += part + "/"
            result.append(prefix)
        }
        return result
    }
}

/// One plate, document or person on a list.
public struct WatchlistEntry: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable { case plate, document, person }

    public var id: WatchlistEntryID
    public var watchlistID: WatchlistID
    public var kind: Kind
    /// The normalised plate, for a plate entry.
    public var plate: PlateNumber?
    /// Keyed hash of the normalised document number, for a document or person entry.
    public var documentHash: String?
    /// The number as people may see it.
    public var documentMasked: String?
    /// The person's name, for a person entry (matched with the document when both are given).
    public var name: String?
    /// Also match reads one edit or one confusable character away (plates only).
    public var fuzzy: Bool
    public var note: String
    public var path: String
    public var version: Int
    @DefaultTrue public var active: Bool

    public init(id: WatchlistEntryID, watchlistID: WatchlistID, kind: Kind, plate: PlateNumber? = nil, documentHash: String? = nil,
                documentMasked: String? = nil, name: String? = nil, fuzzy: Bool = false, note: String = "", path: String, version: Int = 1,
                active: Bool = true) {
        self.id = id
        self.watchlistID = watchlistID
        self.kind = kind
        self.plate = plate
        self.documentHash = documentHash
        self.documentMasked = documentMasked
        self.name = name
        self.fuzzy = fuzzy
        self.note = note
        self.path = path
        self.version = version
        self.active = active
    }

    /// What the console shows for the entry: the plate, or the masked number and name.
    public var label: String {
        if let plate { return plate.text }
        return [name, documentMasked].compactMap { $0 }.joined(separator: " ")
    }
}
