import Foundation
import PinganCore
import PinganStore

/// Records this process has read or committed, by ID, for the paths that need one on every
/// request: an incident create names its station, a sensor's every batch names the sensor. Such
/// records are edited now and then (a station renamed or its policy set, a sensor moved or
/// retired): a commit on this instance replaces the copy at once, a copy never gives way to an
/// older version read concurrently, and a copy older than `lifetime` is read again, which bounds
/// what an edit made on *another* instance may take to apply here. Scope is checked on every use.
final class KnownRecords<ID: Hashable & Sendable, Record: Versioned>: CommitObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var byID: [ID: (record: Record, at: UInt64)] = [:]
    let lifetime: UInt64 = 2_000_000_000
    private let id: @Sendable (Record) -> ID
    private let written: @Sendable (EntityWrite) -> Record?

    /// - Parameters:
    ///   - id: A record's ID.
    ///   - written: The record a commit's write stores, when it is one of these.
    init(id: @escaping @Sendable (Record) -> ID, written: @escaping @Sendable (EntityWrite) -> Record?) {
        self.id = id
        self.written = written
    }

    /// The record if it is known, fresh and inside `scope`; nil says "ask the store".
    func lookup(_ id: ID, in scope: Scope) -> Record? {
        let now = DispatchTime.now().uptimeNanoseconds
        guard let entry = lock.withLock({ byID[id] }), now - entry.at < lifetime else { return nil }
        let (lower, upper) = ProjectionRow.range(of: scope)
        return entry.record.path >= lower && entry.record.path < upper ? entry.record : nil
    }

    /// The record from memory when fresh, else the one `read` finds, remembered.
    func record(_ id: ID, in scope: Scope, read: () async throws -> Record?) async throws -> Record? {
        if let r = lookup(id, in: scope) { return r }
        guard let r = try await read() else { return nil }
        remember(r)
        return r
    }

    func remember(_ r: Record) {
        let now = DispatchTime.now().uptimeNanoseconds
        let key = id(r)
        lock.withLock {
            if let old = byID[key], old.record.version > r.version { return }
            byID[key] = (r, now)
        }
    }

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        for w in changes.writes { if let r = written(w) { remember(r) } }
    }
}

typealias KnownJurisdictions = KnownRecords<JurisdictionID, Jurisdiction>
typealias KnownSensors = KnownRecords<SensorID, Sensor>

extension KnownRecords where ID == JurisdictionID, Record == Jurisdiction {
    convenience init() {
        self.init(id: \.id) { if case .jurisdiction(let j) = $0 { j } else { nil } }
    }

    /// The jurisdiction from memory when fresh, else read from `store` and remembered.
    func jurisdiction(_ id: JurisdictionID, in scope: Scope, from store: any Projections) async throws -> Jurisdiction? {
        try await record(id, in: scope) { try await store.jurisdiction(id, scope: scope) }
    }
}

extension KnownRecords where ID == SensorID, Record == Sensor {
    convenience init() {
        self.init(id: \.id) { if case .sensor(let s) = $0 { s } else { nil } }
    }
}
