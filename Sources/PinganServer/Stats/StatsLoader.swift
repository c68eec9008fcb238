import Foundation
import Logging
import PinganCore
import PinganStore
import ServiceLifecycle

/// Loads `StatsWatch` from the store in the background once the server runs, so a long
/// history delays the statistics, not the server. A failed load is retried every 30 seconds;
/// the stats routes answer 503 meanwhile.
struct StatsLoader: Service {
    let stats: StatsWatch
    let store: any Store
    let time: any TimeSource
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await loadUntilDone() }
        // Then stay until the server stops: a service that returns ends the whole service group.
        try? await gracefulShutdown()
    }

    private func loadUntilDone() async {
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                try await stats.load(from: store, now: time.now())
                let count = stats.read { facts, _, _ in facts.count }
                logger.info("statistics loaded", metadata: ["incidents": "\(count)", "seconds": "\(ContinuousClock.now - started)"])
                return
            } catch is CancellationError {
                return
            } catch {
                stats.failed(error)
                logger.warning("statistics load failed; retrying in 30 s", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(30))
        }
    }
}
