import Foundation
import PinganCore
import PinganStore

/// Control lists (布控) and their entries. Every read of a list's entries and every look-up is
/// recorded in the audit log with who asked and what for (`watchlist.queried`), because a list
/// says whom the police are looking for, and a look-up says whom someone was curious about.
public struct WatchlistCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections
    let matcher: WatchlistMatcher
    let hasher: DocumentHasher

    public struct NewWatchlist: Codable, Sendable, Hashable {
        public var name: String
        public var reason: String
        public var severity: AlertSeverity
        /// The keeping jurisdiction; the caller's own when nil.
        public var jurisdictionID: JurisdictionID?
        public var validFrom: Date?
        public var validUntil: Date?
        public var visibleTo: [JurisdictionID]?

        public init(name: String, reason: String, severity: AlertSeverity, jurisdictionID: JurisdictionID? = nil, validFrom: Date? = nil,
                    validUntil: Date? = nil, visibleTo: [JurisdictionID]? = nil) {
            self.name = name
            self.reason = reason
            self.severity = severity
            self.jurisdictionID = jurisdictionID
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.visibleTo = visibleTo
        }
    }

    public struct NewEntry: Codable, Sendable, Hashable {
        public var kind: WatchlistEntry.Kind
        /// The plate, or the document number (for a person, optional when a name is given).
        public var value: String?
        public var name: String?
        public var fuzzy: Bool?
        public var note: String?

        public init(kind: WatchlistEntry.Kind, value: String? = nil, name: String? = nil, fuzzy: Bool? = nil, note: String? = nil) {
            self.kind = kind
            self.value = value
            self.name = name
            self.fuzzy = fuzzy
            self.note = note
        }
    }

    public func create(_ input: NewWatchlist, by user: User, idempotency: Idempotency<Watchlist>? = nil) async throws -> Outcome<Watchlist> {
        try await runner.run(.createWatchlist, by: Actor(user), idempotency: idempotency) { now in
            let ownerID = input.jurisdictionID ?? user.jurisdictionID
            guard ownerID != Jurisdiction.root.id else {
                throw DomainError.invalid("jurisdictionID", "name the jurisdiction that keeps the list (the whole tree keeps none)")
            }
            guard let owner = try await store.jurisdiction(ownerID, scope: user.scope) else { throw DomainError.notFound("jurisdiction", ownerID.rawValue) }
            let shared = try await jurisdictions(input.visibleTo ?? [], user: user)
            let (w, e) = try SensingDecider.watchlist(id: .random(), name: input.name, reason: input.reason, owner: owner, severity: input.severity,
                                                      validFrom: input.validFrom ?? Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)), validUntil: input.validUntil, visibleTo: shared)
            return Decision(events: [e], writes: [.watchlist(w)], output: w)
        }
    }

    public func update(_ id: WatchlistID, _ edit: SensingDecider.WatchlistEdit, by user: User,
                       idempotency: Idempotency<Watchlist>? = nil) async throws -> Outcome<Watchlist> {
        try await runner.run(.updateWatchlist, by: Actor(user), idempotency: idempotency) { _ in
            let list = try await owned(id, user: user)
            guard let owner = try await store.jurisdiction(list.jurisdictionID, scope: .everything) else { throw DomainError.notFound("jurisdiction", list.jurisdictionID.rawValue) }
            var shared: [Jurisdiction]?
            if let ids = edit.visibleTo { shared = try await jurisdictions(ids, user: user) }
            let (w, e) = try SensingDecider.edit(list, edit, owner: owner, visibleTo: shared)
            return Decision(events: [e], writes: [.watchlist(w)], output: w)
        }
    }

    public func add(_ input: NewEntry, to id: WatchlistID, by user: User,
                    idempotency: Idempotency<WatchlistEntry>? = nil) async throws -> Outcome<WatchlistEntry> {
        var plate: PlateNumber?, hash: String?, masked: String?
        switch input.kind {
        case .plate:
            do throws(PlateError) { plate = try PlateNumber.normalise(input.value ?? "") }
            catch { throw DomainError(.init(rawValue: "malformed_plate"), field: "value", error.message) }
        case .document, .person:
            if let raw = input.value, !(input.kind == .person && raw.isEmpty) {
                do throws(DocumentError) {
                    let doc = try ResidentID.normalise(raw)
                    hash = hasher.hash(doc.text)
                    masked = doc.masked
                } catch { throw DomainError(.init(rawValue: "malformed_document"), field: "value", error.message) }
            }
        }
        return try await runner.run(.addWatchlistEntry, by: Actor(user), idempotency: idempotency) { _ in
            let list = try await owned(id, user: user)
            let (e, event) = try SensingDecider.entry(id: .random(), in: list, kind: input.kind, plate: plate, documentHash: hash, documentMasked: masked,
                                                      name: input.name, fuzzy: input.fuzzy ?? false, note: input.note ?? "")
            return Decision(events: [event], writes: [.watchlistEntry(e)], output: e)
        }
    }

    public func remove(_ entryID: WatchlistEntryID, from id: WatchlistID, by user: User,
                       idempotency: Idempotency<WatchlistEntry>? = nil) async throws -> Outcome<WatchlistEntry> {
        try await runner.run(.removeWatchlistEntry, by: Actor(user), idempotency: idempotency) { _ in
            _ = try await owned(id, user: user)
            guard let entry = try await store.watchlistEntry(entryID, scope: user.scope), entry.watchlistID == id else {
                throw DomainError.notFound("watchlist entry", entryID.rawValue)
            }
            guard let (e, event) = try SensingDecider.remove(entry) else { return .unchanged(entry) }
            return Decision(events: [event], writes: [.watchlistEntry(e)], output: e)
        }
    }

    /// The list's entries, recorded as read by `user`.
    public func entries(of id: WatchlistID, limit: Int, offset: Int, by user: User) async throws -> [WatchlistEntry] {
        guard let list = try await store.watchlist(id, scope: user.scope) else { throw DomainError.notFound("watchlist", id.rawValue) }
        let entries = try await store.watchlistEntries(of: id, scope: user.scope, limit: limit, offset: offset)
        try await audit(subject: list.id.rawValue, path: list.path, QueryData(what: "entries", watchlistID: list.id, looked: nil, hits: entries.count), by: user)
        return entries
    }

    /// What a look-up found: the entries of lists visible to the asker.
    public struct CheckResult: Codable, Sendable, Hashable {
        /// The value as normalised (a plate) or masked (a document).
        public var value: String
        public var hits: [CheckHit]
    }

    public struct CheckHit: Codable, Sendable, Hashable {
        public var entry: WatchlistEntry
        public var watchlistID: WatchlistID
        public var watchlistName: String
        public var severity: AlertSeverity
        public var reason: String
        public var fuzzy: Bool
    }

    /// Looks a plate or document up against every list in force that `user` may see; recorded.
    public func check(kind: WatchlistEntry.Kind, value: String, by user: User) async throws -> CheckResult {
        let now = runner.time.now()
        let shown: String
        let hits: [WatchlistMatcher.Hit]
        switch kind {
        case .plate:
            let plate: PlateNumber
            do throws(PlateError) { plate = try PlateNumber.normalise(value) }
            catch { throw DomainError(.init(rawValue: "malformed_plate"), field: "value", error.message) }
            shown = plate.text
            hits = try await matcher.lookUp(plate: plate, at: now)
        case .document, .person:
            let doc: ResidentID
            do throws(DocumentError) { doc = try ResidentID.normalise(value) }
            catch { throw DomainError(.init(rawValue: "malformed_document"), field: "value", error.message) }
            shown = doc.masked
            hits = try await matcher.lookUp(documentHash: hasher.hash(doc.text), at: now)
        }
        let visible = hits.filter { $0.list.audience.admits(user.scope) }
        try await audit(subject: user.id.rawValue, path: user.path, QueryData(what: kind.rawValue, watchlistID: nil, looked: shown, hits: visible.count), by: user)
        return CheckResult(value: shown, hits: visible.map {
            CheckHit(entry: $0.entry, watchlistID: $0.list.id, watchlistName: $0.list.name, severity: $0.list.severity, reason: $0.list.reason, fuzzy: $0.fuzzy)
        })
    }

    /// The payload of `watchlist.queried`.
    public struct QueryData: EventPayload, Hashable {
        /// `entries` (a list read), `plate`, `document` or `person` (a look-up).
        public var what: String
        public var watchlistID: WatchlistID?
        /// The plate or masked number looked up.
        public var looked: String?
        public var hits: Int
    }

    func audit(subject: String, path: String, _ data: QueryData, by user: User) async throws {
        let event = try Event(.watchlistQueried, subject: subject, path: path, payload: data)
        _ = try await runner.run(.queryWatchlists, by: Actor(user)) { _ in Decision(events: [event], writes: [], output: ()) }
    }

    /// A list the user may change: visible, and kept at or below their own jurisdiction.
    func owned(_ id: WatchlistID, user: User) async throws -> Watchlist {
        guard let list = try await store.watchlist(id, scope: user.scope) else { throw DomainError.notFound("watchlist", id.rawValue) }
        guard user.scope.contains(path: list.path) else {
            throw DomainError(.forbidden, "watchlist \(list.name) is kept by another jurisdiction; only it may change the list")
        }
        return list
    }

    func jurisdictions(_ ids: [JurisdictionID], user: User) async throws -> [Jurisdiction] {
        guard ids.count <= 100 else { throw DomainError.invalid("visibleTo", "share a list with at most 100 jurisdictions") }
        var result: [Jurisdiction] = []
        for id in ids {
            guard let j = try await store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            result.append(j)
        }
        return result
    }
}
