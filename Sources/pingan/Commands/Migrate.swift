import ArgumentParser

/// `pingan migrate`: creates or upgrades the schema and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        _ = try await storeOptions.open()
        print("Migrations applied.")
    }
}
