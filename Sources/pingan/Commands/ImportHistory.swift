import ArgumentParser
import Foundation
import PinganApp
import PinganCore
import PinganStore

/// `pingan import-history`: a city's past incidents from a CSV, straight into the store, for an
/// installation done at the shell (the API's `POST /v1/import/incidents` runs the same command).
struct ImportHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-history",
        abstract: "Import closed past incidents (导入历史警情) from a CSV; bad rows are listed by line and nothing is stored.",
        discussion: """
            Columns (a header row, any order): received_at, closed_at, category, priority, lat, lon (required); dispatched_at, \
            arrived_at, resolved_at, station, address, description, source_id, feedback (optional, may be empty). Times are ISO 8601 \
            with an offset (2025-03-01T08:15:30+08:00); the steps must be in order and closed in the past. station is a \
            jurisdiction code; empty: the station whose area holds lat/lon. Rows whose source_id was imported before are skipped, \
            so a file can be imported again. At most \(HistoryImport.maxRows) rows a file.
            """)
    @Option(help: "The CSV file.") var file: String
    @Flag(help: "Check and count only; store nothing.") var dryRun = false
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8") }
        let started = Date()
        do {
            let summary = try await storeOptions.open().use { store in
                try await AppServices(store: store).history.run(csv: text, dryRun: dryRun, by: .shellOperator)
            }
            let seconds = Date().timeIntervalSince(started)
            let span = [summary.from, summary.to].compactMap { $0.map(Timestamp.format) }.joined(separator: " … ")
            print("\(summary.rows) rows\(span.isEmpty ? "" : " (\(span))"): \(dryRun ? "would import" : "imported") \(summary.imported), "
                  + "skipped \(summary.skipped) imported before")
            for (code, n) in summary.stations.sorted(by: { $0.key < $1.key }) { print("  \(code): \(n)") }
            print(String(format: "%@ in %.2f s (%.0f rows/s)", dryRun ? "checked" : "imported", seconds, Double(summary.rows) / max(seconds, 0.001)))
        } catch let rejected as HistoryImport.Rejected {
            var err = FileHandleOutputStream.standardError
            for p in rejected.problems { print("\(file):\(p.line): \(p.field.map { "\($0): " } ?? "")\(p.message)", to: &err) }
            throw ValidationError("\(rejected.problems.count) bad row(s); nothing was stored")
        } catch let error as DomainError {
            throw ValidationError(error.message)
        }
    }
}
