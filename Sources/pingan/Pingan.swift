import ArgumentParser

/// The `pingan` command: a thin shell over the library targets. It is the composition root that
/// picks the store (embedded SQLite or PostgreSQL) and hands it to the server.
@main
struct Pingan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pingan (平安): public-safety command, dispatch and prevention-control platform.",
        subcommands: [Serve.self, Migrate.self, Export.self, Import.self, UserCommand.self, OrganisationCommand.self, ImportHistory.self, Audit.self, ImportOSM.self, Route.self, Replay.self, TriageCommand.self, ForecastCommand.self, ReportCommand.self, Bench.self]
    )
}

/// `pingan bench …`: benchmarks that print one JSON object each.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks; each prints one JSON object.",
        subcommands: [BenchRouting.self, BenchDispatch.self, BenchAudit.self, BenchPlaces.self, BenchSensing.self, BenchTriage.self, BenchStats.self, BenchForecast.self, BenchReport.self, BenchPatrol.self, BenchRegistries.self]
    )
}
