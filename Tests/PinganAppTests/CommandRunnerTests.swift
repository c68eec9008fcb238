import Foundation
import PinganApp
import PinganCore
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// Hears every commit, for the tests.
final class RecordingObserver: CommitObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(CommandName, Int)] = []

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        lock.withLock { seen.append((changes.command, recorded.count)) }
    }

    var commits: [(CommandName, Int)] { lock.withLock { seen } }
}

/// The one command runner on the real embedded store (issue 14).
@Suite("Command runner on SQLite")
struct CommandRunnerTests {
    struct World {
        let store: SQLiteStore
        let time: TestTime
        let observer: RecordingObserver
        let app: AppServices
        let fixtures: Fixtures
    }

    static func world() async throws -> World {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let time = TestTime(Date(timeIntervalSince1970: 1_790_000_000))
        let observer = RecordingObserver()
        let app = AppServices(store: store, time: time, observers: [observer])
        return World(store: store, time: time, observer: observer, app: app, fixtures: try await Fixtures.seed(app))
    }

    static func key(_ key: String, hash: String = "h") -> Idempotency<Incident> {
        Idempotency(key: key, requestHash: hash) { StoredReply(status: 200, body: "\($0.id.rawValue)|\($0.status.rawValue)|\($0.version)") }
    }

    @Test func everyCommitReachesTheObserversAfterItIsDurable() async throws {
        let w = try await Self.world()
        let before = w.observer.commits.count
        let incident = try await w.app.incidents.create(Fixtures.call(), by: w.fixtures.dispatcher).get()
        _ = try await w.app.incidents.assign(incident.id, units: [w.fixtures.unitsA[0].id], by: w.fixtures.dispatcher).get()
        let seen = Array(w.observer.commits.dropFirst(before))
        #expect(seen.map(\.0) == [.createIncident, .assignUnits])
        #expect(seen.map(\.1) == [1, 2])   // the assignment and the unit's status
        // A refused command commits nothing and tells nobody.
        await #expect(throws: DomainError.self) {
            _ = try await w.app.incidents.assign(incident.id, units: [w.fixtures.unitsA[0].id], by: w.fixtures.dispatcher)
        }
        #expect(w.observer.commits.count == before + 2)
    }

    @Test func eightRetriesAtOnceRunTheCommandOnceAndGetOneReply() async throws {
        let w = try await Self.world()
        let incident = try await w.app.incidents.create(Fixtures.call(), by: w.fixtures.dispatcher).get()
        let seq = try await w.store.lastSequence()
        let key = Self.key("disp:assign-1")
        let outcomes = try await withThrowingTaskGroup(of: Outcome<Incident>.self) { group in
            for _ in 0..<8 {
                group.addTask { try await w.app.incidents.assign(incident.id, units: [w.fixtures.unitsA[0].id], by: w.fixtures.dispatcher, idempotency: key) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let replies = outcomes.map { outcome -> String in
            switch outcome {
            case .done(_, let record?): record.body
            case .done(_, nil): "no record"
            case .replayed(let record): record.body
            }
        }
        #expect(Set(replies).count == 1)
        #expect(outcomes.filter { if case .done = $0 { true } else { false } }.count == 1)
        #expect(try await w.store.lastSequence() == seq + 2)
        #expect(try await w.store.idempotencyRecord(key: "disp:assign-1")?.body == replies[0])
    }

    @Test func aRefusedRequestStoresNoReplyAndMayBeRetried() async throws {
        let w = try await Self.world()
        let incident = try await w.app.incidents.create(Fixtures.call(), by: w.fixtures.dispatcher).get()
        let key = Self.key("disp:step")
        await #expect(throws: DomainError.self) {
            _ = try await w.app.incidents.transition(incident.id, to: .onScene, note: nil, by: w.fixtures.dispatcher, idempotency: key)
        }
        #expect(try await w.store.idempotencyRecord(key: "disp:step") == nil)
        // The same key for another request is refused once it holds a reply.
        _ = try await w.app.incidents.transition(incident.id, to: .cancelled, note: nil, by: w.fixtures.dispatcher, idempotency: key)
        await #expect(throws: IdempotencyError.self) {
            _ = try await w.app.incidents.transition(incident.id, to: .cancelled, note: nil, by: w.fixtures.dispatcher,
                                                     idempotency: Self.key("disp:step", hash: "other"))
        }
    }

    @Test func aRepeatThatChangesNothingStillKeepsItsReply() async throws {
        let w = try await Self.world()
        let hash = Fixtures.placeholderHash
        let crew = try await w.app.users.create(username: "crew", displayName: "crew", role: .fieldOfficer, jurisdictionID: w.fixtures.stationA.id,
                                                unitID: w.fixtures.unitsA[0].id, passwordHash: hash, by: .system, scope: .everything).get()
        let incident = try await w.app.incidents.create(Fixtures.call(), by: w.fixtures.dispatcher).get()
        _ = try await w.app.incidents.assign(incident.id, units: [w.fixtures.unitsA[0].id], by: w.fixtures.dispatcher).get()
        _ = try await w.app.incidents.accept(incident.id, by: crew).get()
        let seq = try await w.store.lastSequence()
        // Accepting again is no change: nothing appended, but the keyed reply is kept for retries.
        guard case .done(_, let record?) = try await w.app.incidents.accept(incident.id, by: crew, idempotency: Self.key("crew:accept")) else {
            Issue.record("the accept did not run")
            return
        }
        #expect(try await w.store.lastSequence() == seq)
        guard case .replayed(let again) = try await w.app.incidents.accept(incident.id, by: crew, idempotency: Self.key("crew:accept")) else {
            Issue.record("the retry was not a replay")
            return
        }
        #expect(again.body == record.body)
    }

    @Test func conflictingWritersAreDecidedAgainFromFreshState() async throws {
        let w = try await Self.world()
        let one = try await w.app.incidents.create(Fixtures.call("one"), by: w.fixtures.dispatcher).get()
        let two = try await w.app.incidents.create(Fixtures.call("two"), by: w.fixtures.dispatcher).get()
        let unit = w.fixtures.unitsA[1].id
        // Two runners, as two instances: each reads the free unit, one commit wins, the other is
        // decided again and refused for the unit now busy.
        let other = AppServices(store: w.store, time: w.time)
        func attempt(_ app: AppServices, _ id: IncidentID) async -> Result<Incident, any Error> {
            do { return .success(try await app.incidents.assign(id, units: [unit], by: w.fixtures.dispatcher).get()) } catch { return .failure(error) }
        }
        async let a = attempt(w.app, one.id)
        async let b = attempt(other, two.id)
        let results = await [a, b]
        #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
        let refusal = results.compactMap { if case .failure(let e) = $0 { e as? DomainError } else { nil } }.first
        #expect(refusal?.code == .unitAlreadyAssigned)
        #expect(try await w.store.verifyChain().isIntact)
    }
}
