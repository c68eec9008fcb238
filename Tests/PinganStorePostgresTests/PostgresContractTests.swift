import PinganStore
import PinganStorePostgres
import PinganTestSupport
import Testing

/// The contract every store meets, run against a real PostgreSQL server: one fresh database per
/// case. Skipped (and reported as skipped) when no server is given.
@Suite("PostgreSQL store contract", .enabled(if: TestDatabase.isConfigured,
                                             "set PINGAN_TEST_POSTGRES_URL (scripts/start-test-postgres.sh prints one) to run it"))
struct PostgresContractTests {
    @Test(arguments: StoreContract.cases)
    func contract(_ contract: StoreContract.Case) async throws {
        try await TestDatabase.withStore { store, _, _ in
            try await contract.run(store)
        }
    }
}
