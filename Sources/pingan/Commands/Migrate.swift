import ArgumentParser

/// `pingan migrate`: creates or upgrades the schema and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await storeOptions.open().use { _ in print("Migrations applied.") }
    }
}
