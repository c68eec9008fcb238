import Foundation
import PinganStorePostgres
import PostgresNIO
import Testing

/// A database of its own for each test, created on the server named by
/// `PINGAN_TEST_POSTGRES_URL` (see `scripts/start-test-postgres.sh`) and dropped afterwards, so
/// tests run in parallel without seeing each other's rows.
enum TestDatabase {
    static let adminURL = ProcessInfo.processInfo.environment["PINGAN_TEST_POSTGRES_URL"]
    static var isConfigured: Bool { adminURL != nil }

    /// Connections per store in tests: enough for the contract's concurrency, few enough that a
    /// server with the default `max_connections` (100) holds every test running at once.
    static let connectionsPerStore = 4

    /// Runs `body` with the URL of a fresh, empty database and an admin client on it.
    /// - Parameter icuLocale: a default collation for the database other than the server's.
    static func with<T: Sendable>(icuLocale: String? = nil, _ body: (_ url: String, _ admin: PostgresClient) async throws -> T) async throws -> T {
        let adminURL = try #require(adminURL, "PINGAN_TEST_POSTGRES_URL is not set")
        // Only [a-z0-9_], so it can be spliced into CREATE DATABASE, which takes no parameters.
        let name = "pingan_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var components = try #require(URLComponents(string: adminURL))
        components.path = "/" + name
        // The whole suite on two cores has kept a new store's first answer waiting past the
        // default 15 s (25 tests at once, while databases were being created beside them).
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "connect_timeout", value: "120")]
        let url = try #require(components.string)

        try await withClient(adminURL) { (server: PostgresClient) -> Void in
            if let icuLocale {
                precondition(icuLocale.allSatisfy { $0.isLetter || $0 == "-" })
                try await server.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '\(unescaped: icuLocale)' LOCALE 'C.UTF-8'")
            } else {
                try await server.query("CREATE DATABASE \(unescaped: name)")
            }
        }
        do {
            let result = try await withClient(url) { admin in try await body(url, admin) }
            try await drop(name, adminURL)
            return result
        } catch {
            try? await drop(name, adminURL)
            throw error
        }
    }

    /// Runs `body` with a fresh migrated store on a fresh database, shutting it down afterwards.
    static func withStore<T: Sendable>(icuLocale: String? = nil,
                                       _ body: (PostgresStore, _ url: String, _ admin: PostgresClient) async throws -> T) async throws -> T {
        try await with(icuLocale: icuLocale) { url, admin in
            let store = try PostgresStore(url: url, maximumConnections: connectionsPerStore)
            do {
                try await store.migrate()
                let result = try await body(store, url, admin)
                await store.shutdown()
                return result
            } catch {
                await store.shutdown()
                throw error
            }
        }
    }

    private static func drop(_ name: String, _ adminURL: String) async throws {
        try await withClient(adminURL) { (server: PostgresClient) -> Void in
            try await server.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)")
        }
    }

    /// A one-connection client kept running for the duration of `body`.
    private static func withClient<T: Sendable>(_ url: String, _ body: (PostgresClient) async throws -> T) async throws -> T {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration)
        let runner = Task { await client.run() }
        do {
            let result = try await body(client)
            runner.cancel()
            await runner.value
            return result
        } catch {
            runner.cancel()
            await runner.value
            throw error
        }
    }
}
