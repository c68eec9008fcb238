import Foundation
import Logging
import PinganApp
import PinganCore
import ServiceLifecycle

/// The sensors' clock-driven work: every half minute, sensors silent too long are declared
/// offline (each with an alert) and alarm presses left without their incident (the process
/// stopped between raising the alert and filing it) are filed; every hour, records past the retention period are purged (an
/// audited event says how many). Both run on every instance; each change is decided afresh
/// from the store, so two instances never both mark one sensor.
struct SensingHousekeeping: Service {
    let sensors: SensorCommands
    let time: any TimeSource
    let retention: TimeInterval
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastPurge = Date.distantPast
            while !Task.isCancelled {
                do {
                    try await sensors.sweepOffline()
                    let filed = try await sensors.fileMissedAlarms()
                    if filed > 0 { logger.warning("filed alarm presses left without an incident", metadata: ["count": "\(filed)"]) }
                    let now = time.now()
                    if now.timeIntervalSince(lastPurge) >= 3600 {
                        lastPurge = now
                        let purged = try await sensors.purge(before: now.addingTimeInterval(-retention))
                        if purged > 0 { logger.info("purged sensor records", metadata: ["count": "\(purged)"]) }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("sensor housekeeping failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(30))
            }
        }
    }
}
