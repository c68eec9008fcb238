import PinganApp
import PinganCore
import PinganStore
import ServiceLifecycle

/// Feeds the tracker the unit and zone changes made by *other* instances on the same database,
/// read from the event log through the live hub, for the application's lifetime. (Changes made
/// here reach it at once, as a commit observer.) A subscription dropped for falling behind is
/// taken up again.
struct TrackerFollower: Service {
    let tracking: PositionTracking
    let hub: LiveHub

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let subscription = await hub.subscribe(scope: .everything)
                for await event in subscription.events {
                    if event.type.rawValue.hasPrefix("zone.") {
                        await tracking.zonesChanged()
                    } else if event.type.rawValue.hasPrefix("unit."), let data = try? event.payload(as: EntityEventData<PoliceUnit>.self) {
                        await tracking.unitChanged(data.entity)
                    }
                }
                await hub.unsubscribe(subscription.id)
            }
        }
    }
}
