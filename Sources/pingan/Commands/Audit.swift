import ArgumentParser
import Foundation
import PinganStore

/// `pingan audit …`: checks on the tamper-evident event log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Audit log tools.", subcommands: [Verify.self])

    /// `pingan audit verify`: walks the hash chain; exits 1 at the first broken link.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the audit chain; exit non-zero at the first broken link.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let report = try await storeOptions.open().use { try await $0.verifyChain() }
            if let broken = report.firstBreak {
                print("BROKEN at row \(broken.seq): \(broken.reason)")
                print("rows verified before the break: \(max(0, broken.seq - 1))")
                throw ExitCode(1)
            }
            print("OK: \(report.rows) events, chain intact, head \(report.lastHash)")
        }
    }
}
