import Foundation
import PinganApp
import PinganCore
import PinganStore
import PinganStorePostgres
import PinganTestSupport
import Testing

/// Several instances on one database, as in a multi-node deployment: each `PostgresStore` has its
/// own pool, so to the server they are as separate as two processes.
@Suite("PostgreSQL store with several writers", .enabled(if: TestDatabase.isConfigured,
                                                         "set PINGAN_TEST_POSTGRES_URL (scripts/start-test-postgres.sh prints one) to run it"))
struct PostgresMultiWriterTests {
    @Test("two instances committing at once keep one intact chain")
    func twoInstancesShareOneChain() async throws {
        try await TestDatabase.with { url, _ in
            let a = try PostgresStore(url: url, maximumConnections: TestDatabase.connectionsPerStore)
            let b = try PostgresStore(url: url, maximumConnections: TestDatabase.connectionsPerStore)
            do {
                // Both start on an empty database at once: the advisory lock lets one migrate.
                async let migratedA: Void = a.migrate()
                async let migratedB: Void = b.migrate()
                _ = try await (migratedA, migratedB)

                let time = TestTime()
                let serviceA = AppServices(store: a, time: time)
                let serviceB = AppServices(store: b, time: time)
                let f = try await Fixtures.seed(serviceA)
                let seeded = try await b.lastSequence()

                let perWriter = 50
                let created = try await withThrowingTaskGroup(of: Incident.self) { group in
                    for i in 0..<perWriter {
                        group.addTask { try await serviceA.incidents.create(Fixtures.call("writer A \(i)"), by: f.dispatcher).get() }
                        group.addTask { try await serviceB.incidents.create(Fixtures.call("writer B \(i)"), by: f.dispatcher).get() }
                    }
                    var all: [Incident] = []
                    for try await incident in group { all.append(incident) }
                    return all
                }
                #expect(created.count == 2 * perWriter)
                #expect(Set(created.map(\.number)).count == 2 * perWriter)

                for store in [a, b] {
                    let listed = try await store.incidents(IncidentQuery(limit: IncidentQuery.maxLimit), scope: .everything)
                    #expect(listed.total == 2 * perWriter)
                    #expect(Set(listed.items.map(\.id)) == Set(created.map(\.id)))
                }
                let report = try await a.verifyChain()
                #expect(report.isIntact, "\(String(describing: report.firstBreak))")
                #expect(report.rows == seeded + Int64(2 * perWriter))
                #expect(try await b.verifyChain() == report)
                let events = try await b.events(after: seeded, scope: .everything, limit: 1000)
                #expect(events.map(\.seq) == Array((seeded + 1)...(seeded + Int64(2 * perWriter))))
                #expect(Set(events.map(\.subject)) == Set(created.map(\.id.rawValue)))
                await a.shutdown()
                await b.shutdown()
            } catch {
                await a.shutdown()
                await b.shutdown()
                throw error
            }
        }
    }

    @Test("one idempotency key raced from two instances is stored once and replayed")
    func idempotencyRace() async throws {
        try await TestDatabase.with { url, _ in
            let a = try PostgresStore(url: url, maximumConnections: TestDatabase.connectionsPerStore)
            let b = try PostgresStore(url: url, maximumConnections: TestDatabase.connectionsPerStore)
            do {
                try await a.migrate()
                for round in 0..<10 {
                    let key = "u:race-\(round)"
                    let attempt = { @Sendable (store: PostgresStore, body: String) async -> Result<Void, StoreError> in
                        let record = IdempotencyRecord(key: key, requestHash: "h", status: 201, body: body, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
                        let event = Event(type: .userLoggedIn, subject: body, path: "/", data: .null)
                        do {
                            try await store.commit(Changeset(actor: .system, command: .login, at: Date(timeIntervalSince1970: 1_790_000_000),
                                                             events: [event], writes: [], idempotency: record))
                            return .success(())
                        } catch let error as StoreError {
                            return .failure(error)
                        } catch {
                            return .failure(StoreError(.corrupt, "unexpected \(String(reflecting: error))"))
                        }
                    }
                    async let first = attempt(a, "from-a")
                    async let second = attempt(b, "from-b")
                    let results = await [first, second]
                    let stored = try #require(try await a.idempotencyRecord(key: key))
                    let failures = results.compactMap { if case .failure(let e) = $0 { e } else { nil } }
                    #expect(failures.count == 1)
                    #expect(failures.first?.kind == .idempotencyReplay, "\(failures)")
                    #expect(failures.first?.record == stored)
                }
                #expect(try await b.lastSequence() == 10)
                #expect(try await b.verifyChain().isIntact)
                await a.shutdown()
                await b.shutdown()
            } catch {
                await a.shutdown()
                await b.shutdown()
                throw error
            }
        }
    }
}
