import Foundation
import Logging
import PinganApp
import ServiceLifecycle

/// Sweeps for overdue work every half minute (督办): opens and escalates supervision cases and
/// sends their reminders. Every instance sweeps; each sweep decides afresh from the store, and
/// versioned writes keep two instances from escalating one case twice.
struct SupervisionSweeper: Service {
    let supervision: SupervisionCommands
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let reminders = try await supervision.sweep()
                    if !reminders.isEmpty { logger.info("supervision reminders sent", metadata: ["count": "\(reminders.count)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("supervision sweep failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(30))
            }
        }
    }
}
