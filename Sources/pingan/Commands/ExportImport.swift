import ArgumentParser
import Foundation
import PinganStore

/// `pingan export`: writes the whole deployment (event log, projections, counters) as JSON Lines.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export the whole deployment to a JSON Lines archive.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Archive file to write.") var out: String

    func run() async throws {
        guard FileManager.default.createFile(atPath: out, contents: nil) else { throw ValidationError("cannot write \(out)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        let summary = try await storeOptions.open().use { try await DeploymentArchive.export($0, to: handle) }
        try handle.close()
        print("Exported \(summary.events) events, \(summary.entities) entities, \(summary.counters) counters to \(out)")
    }
}

/// `pingan import`: restores an archive into an empty deployment and verifies the chain.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import an archive written by `pingan export` into an empty deployment.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("in"), help: "Archive file to read.") var input: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: input) else { throw ValidationError("no such file \(input)") }
        let (summary, report) = try await storeOptions.open().use { store in
            let summary = try await DeploymentArchive.restore(from: URL(fileURLWithPath: input), into: store)
            return (summary, try await store.verifyChain())
        }
        print("Imported \(summary.events) events, \(summary.entities) entities, \(summary.counters) counters")
        if let broken = report.firstBreak {
            print("BROKEN at row \(broken.seq): \(broken.reason)")
            throw ExitCode(1)
        }
        print("OK: \(report.rows) events, chain intact, head \(report.lastHash)")
    }
}
