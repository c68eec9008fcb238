import Foundation
import PinganCore
import PinganStore

/// Every active watchlist entry, held ready for matching a checkpoint's reads: plates in a
/// `PlateIndex` (exact and fuzzy), documents by keyed hash, persons by name. Built from the
/// store when first needed; a watchlist commit on this instance drops it at once, and a copy
/// older than `lifetime` is rebuilt in the background while it goes on serving, which bounds how
/// long a list edited on another instance takes to apply here (the lifetime and one rebuild):
/// a gate's batch never waits for a million entries to be read again.
public final class WatchlistMatcher: CommitObserver, @unchecked Sendable {
    /// One entry a record matched, with its list.
    public struct Hit: Sendable {
        public var entry: WatchlistEntry
        public var list: Watchlist
        public var fuzzy: Bool
    }

    struct Snapshot {
        var plates: PlateIndex
        var entries: [WatchlistEntry]
        var lists: [WatchlistID: Watchlist]
        var byDocument: [String: [Int]]
        var byName: [String: [Int]]
        var builtAt: UInt64
    }

    private let lock = NSLock()
    private var snapshot: Snapshot?
    /// Bumped by every local watchlist commit: a build that began before one is not kept.
    private var generation = 0
    private var refreshing = false
    private let store: any Projections
    let lifetime: UInt64 = 5_000_000_000

    init(store: any Projections) { self.store = store }

    public func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        let touched = changes.writes.contains {
            switch $0 {
            case .watchlist, .watchlistEntry: true
            default: false
            }
        }
        if touched { lock.withLock { snapshot = nil; generation += 1 } }
    }

    /// The hits of `records`, each with the index of its record, from lists in force at the
    /// record's time.
    public func match(_ records: [SensorRecord]) async throws -> [(record: Int, hit: Hit)] {
        let s = try await current()
        guard !s.entries.isEmpty else { return [] }
        var hits: [(Int, Hit)] = []
        var found: [PlateMatch] = []
        func add(_ i: Int, _ entryIndex: Int, fuzzy: Bool) {
            let entry = s.entries[entryIndex]
            guard let list = s.lists[entry.watchlistID], list.isInForce(at: records[i].at) else { return }
            hits.append((i, Hit(entry: entry, list: list, fuzzy: fuzzy)))
        }
        for (i, r) in records.enumerated() {
            if let plate = r.plate {
                found.removeAll(keepingCapacity: true)
                s.plates.matches(plate, into: &found)
                for m in found { add(i, Int(m.entry), fuzzy: !m.exact) }
            }
            if let hash = r.documentHash, let list = s.byDocument[hash] {
                for e in list { add(i, e, fuzzy: false) }
            }
            if r.kind == .person, let name = r.text, let list = s.byName[name] {
                for e in list { add(i, e, fuzzy: false) }
            }
        }
        return hits
    }

    /// Plate look-up alone, for the console's "check a plate" and the benchmark.
    public func lookUp(plate: PlateNumber, at: Date) async throws -> [Hit] {
        let r = SensorRecord(sensorID: SensorID(""), batchID: "", seq: 0, at: at, kind: .plate, path: "/", plate: plate)
        return try await match([r]).map(\.hit)
    }

    /// Document look-up alone (by keyed hash).
    public func lookUp(documentHash: String, at: Date) async throws -> [Hit] {
        let r = SensorRecord(sensorID: SensorID(""), batchID: "", seq: 0, at: at, kind: .document, path: "/", documentHash: documentHash)
        return try await match([r]).map(\.hit)
    }

    private func current() async throws -> Snapshot {
        let now = DispatchTime.now().uptimeNanoseconds
        let (held, refresh) = lock.withLock { () -> (Snapshot?, Bool) in
            guard let s = snapshot else { return (nil, false) }
            guard now - s.builtAt >= lifetime, !refreshing else { return (s, false) }
            refreshing = true
            return (s, true)
        }
        if refresh {
            Task {
                _ = try? await build()
                lock.withLock { refreshing = false }
            }
        }
        if let held { return held }
        return try await build()
    }

    /// Reads every active entry and keeps the index, unless a local commit came meanwhile.
    private func build() async throws -> Snapshot {
        let (started, now) = (lock.withLock { generation }, DispatchTime.now().uptimeNanoseconds)
        let lists = Dictionary(uniqueKeysWithValues: try await store.allWatchlists().filter(\.active).map { ($0.id, $0) })
        var entries: [WatchlistEntry] = []
        var after: WatchlistEntryID?
        while true {
            let page = try await store.activeWatchlistEntries(after: after, limit: 10_000)
            entries += page.filter { lists[$0.watchlistID] != nil }
            guard page.count == 10_000, let last = page.last else { break }
            after = last.id
        }
        var plates: [(plate: PlateNumber, entry: UInt32, fuzzy: Bool)] = []
        var byDocument: [String: [Int]] = [:], byName: [String: [Int]] = [:]
        for (i, e) in entries.enumerated() {
            if let p = e.plate { plates.append((p, UInt32(i), e.fuzzy)) }
            if let h = e.documentHash { byDocument[h, default: []].append(i) }
            else if let n = e.name { byName[n, default: []].append(i) }
        }
        let s = Snapshot(plates: PlateIndex(plates), entries: entries, lists: lists, byDocument: byDocument, byName: byName, builtAt: now)
        lock.withLock { if generation == started { snapshot = s } }
        return s
    }
}
