import Foundation
import PinganCore
import PinganStore

/// The standard addresses held ready for search by fragment (`AddressSearchIndex`). Built from
/// the store the first time it is needed; this instance's own commits apply at once, and other
/// instances' registrations are read from the event log at most `lifetime` after they happened.
public actor AddressDirectory: CommitObserver {
    private let store: any Store
    private var index = AddressSearchIndex()
    private var loading: Task<Void, any Error>?
    private var loaded = false
    /// This instance's registrations committed while the index was being read: applied once it
    /// is, whether or not the read saw them.
    private var whileLoading: [StandardAddress] = []
    /// The last event of the log the index has seen, for catching up with other instances.
    private var upto: Int64 = 0
    private var caughtUp = ContinuousClock.now
    let lifetime: Duration = .seconds(5)

    public init(store: any Store) { self.store = store }

    public func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        for write in changes.writes {
            guard case .address(let a) = write else { continue }
            if loaded { apply(a) } else if loading != nil { whileLoading.append(a) }   // before any load, the load reads it
        }
        if loaded, let first = recorded.first, first.seq == upto + 1, let last = recorded.last { upto = last.seq }
    }

    /// Builds the index now rather than on the first search: a server with a city's million
    /// addresses takes seconds to read them, which the first officer to search should not wait.
    public func warm() async throws { try await current() }

    /// Up to `limit` ids of addresses whose text holds `fragment`, among those `scope` holds.
    public func search(_ fragment: String, scope: Scope, limit: Int) async throws -> [AddressID] {
        try await current()
        return index.search(fragment, limit: limit) { scope.contains(path: $0) }
    }

    /// Addresses held, once loaded.
    public var count: Int { index.count }

    private func apply(_ a: StandardAddress) {
        if a.active { index.put(a.id, text: a.text, path: a.path) } else { index.remove(a.id) }
    }

    private func current() async throws {
        if !loaded {
            if loading == nil { loading = Task { try await self.load() } }
            do { try await loading?.value } catch { loading = nil; throw error }
            return
        }
        guard ContinuousClock.now - caughtUp >= lifetime else { return }
        caughtUp = .now
        while true {
            let events = try await store.events(after: upto, scope: .everything, limit: 1000)
            for e in events where e.type == .addressRegistered || e.type == .addressChecked {
                apply(try JSONCoding.decoder.decode(AddressEventData.self, from: Data(e.payload.utf8)).address)
            }
            guard let last = events.last else { break }
            upto = last.seq
        }
    }

    private func load() async throws {
        let seq = try await store.lastSequence()
        var fresh = AddressSearchIndex()
        for row in try await store.addressIndexRows() { fresh.put(row.id, text: row.text, path: row.path) }
        index = fresh
        upto = seq
        caughtUp = .now
        loaded = true
        for a in whileLoading { apply(a) }
        whileLoading = []
    }
}
