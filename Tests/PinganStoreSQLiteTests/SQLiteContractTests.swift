import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

@Suite("SQLite store contract")
struct SQLiteContractTests {
    @Test(arguments: StoreContract.cases)
    func inMemory(_ contract: StoreContract.Case) async throws {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        try await contract.run(store)
    }
}
