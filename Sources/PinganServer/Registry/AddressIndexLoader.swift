import Foundation
import Logging
import PinganApp
import ServiceLifecycle

/// Reads the standard addresses into the search index when the server starts, so the first
/// officer to search does not wait the seconds a city's million addresses take; a failure is
/// logged, and the first search tries again.
struct AddressIndexLoader: Service {
    let directory: AddressDirectory
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let started = ContinuousClock.now
            do {
                try await directory.warm()
                let count = await directory.count
                if count > 0 { logger.info("address index loaded", metadata: ["addresses": "\(count)", "seconds": "\(ContinuousClock.now - started)"]) }
            } catch is CancellationError {
            } catch {
                logger.warning("address index load failed; the first search tries again", metadata: ["error": "\(error)"])
            }
        }
        // Then stay until the server stops: a service that returns ends the whole service group.
        try? await gracefulShutdown()
    }
}
