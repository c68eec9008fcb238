import Foundation
import PinganApp
import PinganCore
import PinganStore
@testable import PinganStorePostgres
import PinganTestSupport
import PostgresNIO
import Testing

/// What the schema itself guarantees beyond the contract: migrations that apply once, a log the
/// database refuses to edit, and a chain check that notices when someone edits it anyway.
@Suite("PostgreSQL store schema", .enabled(if: TestDatabase.isConfigured,
                                           "set PINGAN_TEST_POSTGRES_URL (scripts/start-test-postgres.sh prints one) to run it"))
struct PostgresSchemaTests {
    @Test("migrating again changes nothing")
    func migrateTwice() async throws {
        try await TestDatabase.withStore { store, _, admin in
            try await store.migrate()
            let applied = try await admin.query("SELECT count(*) FROM pingan_migrations").decode(Int.self).reduce(0) { $0 + $1 }
            #expect(applied == PostgresMigrations.all.count)
            #expect(try await store.verifyChain() == ChainReport(rows: 0, lastHash: AuditChain.genesis, firstBreak: nil))
        }
    }

    @Test("refusals carry the same kinds as in SQLite")
    func errorKinds() async throws {
        try await TestDatabase.withStore { store, _, _ in
            let time = TestTime()
            let service = AppServices(store: store, time: time)
            let f = try await Fixtures.seed(service)
            let event = Event(type: .userCreated, subject: "x", path: "/", data: .null)
            func kind(of write: EntityWrite) async -> StoreError.Kind? {
                do {
                    try await store.commit(Changeset(actor: .system, command: .createUser, at: time.now(), events: [event], writes: [write]))
                    return nil
                } catch let error as StoreError {
                    return error.kind
                } catch {
                    Issue.record("not a StoreError: \(String(reflecting: error))")
                    return nil
                }
            }
            var taken = f.dispatcher
            taken.id = UserID("someone-new")
            #expect(await kind(of: .user(taken)) == .duplicate)
            var again = f.officerA
            again.displayName = "Again"
            #expect(await kind(of: .user(again)) == .conflict)
            var stale = f.unitsA[0]
            stale.version = 3
            #expect(await kind(of: .unit(stale)) == .conflict)
            var next = f.unitsA[0]
            next.version = 2
            #expect(await kind(of: .unit(next)) == nil)
            #expect(try await store.unit(next.id, scope: .everything)?.version == 2)
        }
    }

    @Test("the event log refuses UPDATE, DELETE and TRUNCATE")
    func appendOnly() async throws {
        try await TestDatabase.withStore { store, _, admin in
            _ = try await Fixtures.seed(AppServices(store: store, time: TestTime()))
            let before = try await store.lastSequence()
            await #expect(throws: PSQLError.self) { try await admin.query("UPDATE events SET payload = 'null' WHERE seq = 1") }
            await #expect(throws: PSQLError.self) { try await admin.query("DELETE FROM events WHERE seq = \(before)") }
            await #expect(throws: PSQLError.self) { try await admin.query("TRUNCATE events") }
            #expect(try await store.lastSequence() == before)
            #expect(try await store.verifyChain().isIntact)
        }
    }

    @Test("an edited row and a cut-off tail are found")
    func tamperingIsFound() async throws {
        try await TestDatabase.withStore { store, _, admin in
            _ = try await Fixtures.seed(AppServices(store: store, time: TestTime()))
            let last = try await store.lastSequence()
            // A superuser can switch the triggers off; the hash chain still tells.
            let original = try #require(try await store.events(after: 2, scope: .everything, limit: 1).first?.actor.name)
            try await admin.query("ALTER TABLE events DISABLE TRIGGER USER")
            try await admin.query("UPDATE events SET actor_name = 'someone else' WHERE seq = 3")
            let edited = try await store.verifyChain()
            #expect(edited.firstBreak?.seq == 3)
            #expect(!edited.isIntact)

            try await admin.query("UPDATE events SET actor_name = \(original) WHERE seq = 3")
            #expect(try await store.verifyChain().isIntact)
            try await admin.query("DELETE FROM events WHERE seq = \(last)")
            let cut = try await store.verifyChain()
            #expect(cut.firstBreak?.seq == last)
            #expect(cut.rows == last - 1)
        }
    }

    @Test("paths and IDs compare byte by byte even where the database's collation would not")
    func byteOrder() async throws {
        // An ICU en-US database sorts "/a-b/" before "/a/" and ignores case at first; the "C"
        // columns must not care.
        try await TestDatabase.withStore(icuLocale: "en-US") { store, _, _ in
            let paths = ["/a/", "/a/b/", "/a-b/", "/A/", "/aa/", "/a/é/", "/a/\u{4E0A}/", "/a0/", "/b/", "/a/Z/"]
            let writes = paths.enumerated().map { i, path in
                EntityWrite.jurisdiction(Jurisdiction(id: JurisdictionID("j\(path)"), parentID: nil, level: .city, code: "C\(i)", name: "n\(i)", path: path))
            }
            let event = Event(type: .jurisdictionCreated, subject: "all", path: "/", data: .null)
            try await store.commit(Changeset(actor: .system, command: .createJurisdiction, at: Date(timeIntervalSince1970: 1_790_000_000), events: [event], writes: writes))
            func byteSorted(_ ids: [String]) -> [String] { ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
            let everything = try await store.jurisdictions(scope: .everything).map(\.id.rawValue)
            #expect(everything == byteSorted(paths.map { "j\($0)" }))
            for scopePath in ["/a/", "/a", "/a/b/", "/A/"] {
                let scope = Scope(path: scopePath)
                let found = try await store.jurisdictions(scope: scope).map(\.path)
                #expect(found == byteSorted(paths.filter { $0.hasPrefix(scopePath) }), "scope \(scopePath)")
            }
        }
    }
}
