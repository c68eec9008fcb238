import Foundation
import PinganCore
import PinganStore

/// A `Store` that tells the live hub after every successful commit, so subscribers hear about a
/// write within milliseconds instead of at the next poll, and that hands committed unit and zone
/// writes to the position tracker (when a road network is loaded), so a unit that stops being
/// available is out of the recommendations before the request that changed it answers.
/// Everything else passes straight through.
struct NotifyingStore: Store {
    let base: any Store
    let hub: LiveHub
    let metrics: ServerMetrics
    var positions: PositionService? = nil

    func migrate() async throws { try await base.migrate() }

    @discardableResult
    func commit(_ changes: Changeset) async throws -> [RecordedEvent] {
        let recorded = try await base.commit(changes)
        if !recorded.isEmpty {
            metrics.appended(recorded.count)
            hub.poke()
        }
        if let positions {
            var zonesChanged = false
            for write in changes.writes {
                switch write {
                case .unit(let unit): await positions.unitChanged(unit)
                case .zone: zonesChanged = true
                default: break
                }
            }
            if zonesChanged { await positions.zonesChanged() }
        }
        return recorded
    }

    func jurisdictions(scope: Scope) async throws -> [Jurisdiction] { try await base.jurisdictions(scope: scope) }
    func posts(scope: Scope) async throws -> [Post] { try await base.posts(scope: scope) }
    func zones(scope: Scope) async throws -> [PatrolZone] { try await base.zones(scope: scope) }
    func units(scope: Scope) async throws -> [PoliceUnit] { try await base.units(scope: scope) }
    func users(scope: Scope) async throws -> [User] { try await base.users(scope: scope) }
    func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction? { try await base.jurisdiction(id, scope: scope) }
    func post(_ id: PostID, scope: Scope) async throws -> Post? { try await base.post(id, scope: scope) }
    func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone? { try await base.zone(id, scope: scope) }
    func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit? { try await base.unit(id, scope: scope) }
    func user(_ id: UserID, scope: Scope) async throws -> User? { try await base.user(id, scope: scope) }
    func user(username: String) async throws -> User? { try await base.user(username: username) }
    func incident(_ id: IncidentID, scope: Scope) async throws -> Incident? { try await base.incident(id, scope: scope) }
    func incidents(_ query: IncidentQuery, scope: Scope) async throws -> Page<Incident> { try await base.incidents(query, scope: scope) }
    func message(_ id: MessageID, scope: Scope) async throws -> Message? { try await base.message(id, scope: scope) }
    func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message] { try await base.messages(query, scope: scope) }
    func nextValue(of counter: String) async throws -> Int { try await base.nextValue(of: counter) }
    func idempotencyRecord(key: String) async throws -> IdempotencyRecord? { try await base.idempotencyRecord(key: key) }
    func events(after seq: Int64, scope: Scope, limit: Int) async throws -> [RecordedEvent] {
        try await base.events(after: seq, scope: scope, limit: limit)
    }
    func lastSequence() async throws -> Int64 { try await base.lastSequence() }
    func verifyChain() async throws -> ChainReport { try await base.verifyChain() }
    func counters() async throws -> [String: Int] { try await base.counters() }
    func restore(_ batch: RestoreBatch) async throws {
        try await base.restore(batch)
        hub.poke()
    }
    func appendTrackPoints(_ points: [TrackRecord]) async throws { try await base.appendTrackPoints(points) }
    func latestPositions() async throws -> [TrackRecord] { try await base.latestPositions() }
    func track(of unit: UnitID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [TrackRecord] {
        try await base.track(of: unit, from: from, to: to, scope: scope, limit: limit)
    }
    func saveSession(_ session: Session) async throws { try await base.saveSession(session) }
    func session(tokenHash: String) async throws -> Session? { try await base.session(tokenHash: tokenHash) }
    func deleteSession(tokenHash: String) async throws { try await base.deleteSession(tokenHash: tokenHash) }
}
