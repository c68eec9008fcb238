import ServiceLifecycle

/// Runs `PositionService.follow(_:)` for the application's lifetime, so the tracker hears about
/// unit and zone changes made by other instances on the same database.
struct TrackerFollower: Service {
    let positions: PositionService
    let hub: LiveHub

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await positions.follow(hub)
        }
    }
}
