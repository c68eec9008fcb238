import ArgumentParser
import Foundation

/// `pingan bench registries`: a population list imported over HTTP and address search by typed
/// fragment over a million standard addresses (`RegistriesBenchmark`). Progress on stderr; the
/// last line is one JSON object with `import_100k_s` and `address_search_p99_ms`.
struct BenchRegistries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "registries",
                                                    abstract: "Population import and address search benchmark (prints one JSON object).")

    @Option(help: "Rows of the imported population list.") var rows = 100_000
    @Option(help: "Standard addresses in the registry when searching.") var addresses = 1_000_000
    @Option(help: "Searches timed (after 200 to warm up).") var queries = 5_000
    @Option(help: "PostgreSQL URL (a throwaway database) instead of a file-backed SQLite store.") var database: String?
    @Option(help: "Seed of the generated people and addresses.") var seed: UInt64 = 21

    func validate() throws {
        guard (1_000...1_000_000).contains(rows) else { throw ValidationError("--rows must be 1000 to 1000000") }
        guard (10_000...5_000_000).contains(addresses) else { throw ValidationError("--addresses must be 10000 to 5000000") }
        guard (100...1_000_000).contains(queries) else { throw ValidationError("--queries must be 100 to 1000000") }
    }

    func run() async throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        #if DEBUG
        log("debug build: these figures do not count (swift build -c release --product pingan)")
        #endif
        let r = try await RegistriesBenchmark(rows: rows, addresses: addresses, queries: queries, database: database, seed: seed).run(progress: log)
        func pct(_ l: [Double], _ q: Double) -> Double { l.isEmpty ? .nan : (l[min(l.count - 1, Int(Double(l.count) * q))] * 100).rounded() / 100 }
        log(String(format: "search over HTTP: p50 %.2f ms, p99 %.2f ms, max %.2f ms; in process for one station: p50 %.3f ms, p99 %.3f ms",
                   pct(r.searchMs, 0.5), pct(r.searchMs, 0.99), r.searchMs.last ?? .nan, pct(r.scopedSearchMs, 0.5), pct(r.scopedSearchMs, 0.99)))
        var object: [String: Any] = [
            "store": r.store, "street_source": r.streetSource, "streets": r.streets, "import_rows": r.importRows,
            "import_s": (r.importSeconds * 100).rounded() / 100, "import_addresses": r.householdAddresses,
            "import_one_per_address_s": (r.importSinglesSeconds * 100).rounded() / 100, "duplicates_planted": r.duplicatesPlanted, "duplicates_reported": r.duplicatesReported,
            "addresses": r.addresses, "address_load_s": (r.loadSeconds * 10).rounded() / 10, "index_load_s": (r.indexLoadSeconds * 100).rounded() / 100,
            "searches": r.searchMs.count, "empty_answers": r.emptyAnswers,
            "address_search_p50_ms": pct(r.searchMs, 0.5), "address_search_p99_ms": pct(r.searchMs, 0.99),
            "address_search_max_ms": ((r.searchMs.last ?? 0) * 100).rounded() / 100,
            "station_search_inprocess_p50_ms": pct(r.scopedSearchMs, 0.5), "station_search_inprocess_p99_ms": pct(r.scopedSearchMs, 0.99),
            "warnings_received": r.warningRows, "warnings_import_s": (r.warningSeconds * 100).rounded() / 100,
            "warnings_routed_by_registry": r.warningsByRegistry,
            "volunteer_positions": r.positions, "volunteer_positions_per_s": r.positionSeconds > 0 ? (Double(r.positions) / r.positionSeconds).rounded() : 0,
            "volunteer_position_p50_ms": pct(r.positionMs, 0.5), "volunteer_position_p99_ms": pct(r.positionMs, 0.99),
            "volunteer_patrol_read_ms": (r.patrolReadMs * 100).rounded() / 100,
        ]
        // The name for the import figure holds only for a list of 100,000 rows.
        object["import_100k_s"] = r.importRows == 100_000 ? (r.importSeconds * 100).rounded() / 100 : NSNull()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
