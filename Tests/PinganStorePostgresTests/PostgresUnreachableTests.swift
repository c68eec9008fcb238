import PinganStorePostgres
import PostgresNIO
import Testing

/// Startup against a server that is not there fails promptly instead of hanging; needs no server.
@Suite("PostgreSQL store without a server")
struct PostgresUnreachableTests {
    @Test(.timeLimit(.minutes(1)))
    func migrateFailsPromptly() async throws {
        // Port 1 on loopback: nothing listens, so every connection attempt is refused.
        var configuration = try PostgresURL.configuration("postgres://postgres@127.0.0.1:1/nothing?sslmode=disable")
        configuration.options.connectTimeout = .seconds(1)
        let store = PostgresStore(configuration: configuration)
        await #expect(throws: PostgresStore.Unreachable.self) { try await store.migrate() }
        await store.shutdown()
    }
}
