import PinganApp
import PinganStore
import ServiceLifecycle

/// Feeds this instance's tracker and live feed the fixes other instances on the same database
/// accepted (see `PositionFeed`), for the application's lifetime.
struct PositionFollower: Service {
    let feed: any PositionFeed
    let tracking: PositionTracking
    let hub: LiveHub

    func run() async {
        await cancelWhenGracefulShutdown {
            // Ends only by cancellation (the feed itself rides out lost connections).
            try? await feed.followPositions { positions in
                let live = await tracking.mirror(positions)
                await hub.broadcast(live)
            }
        }
    }
}
