import Foundation
import Logging
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import PinganTestSupport
import Testing

@Suite("Live hub", .timeLimit(TestWorld.liveTimeLimit))
struct LiveHubTests {
    /// A subscriber that stops reading is cut off once its buffer is full; the others go on.
    @Test func slowSubscriberIsDisconnectedOthersContinue() async throws {
        let world = try await TestWorld.make()
        let metrics = ServerMetrics()
        let hub = LiveHub(store: world.store, after: try await world.store.lastSequence(), bufferSize: 2, interval: .seconds(60),
                          metrics: metrics, logger: Logger(label: "test"))
        let service = AppServices(store: world.store, time: world.time)
        let slow = await hub.subscribe(scope: .everything)
        let fast = await hub.subscribe(scope: .everything)
        let otherStation = await hub.subscribe(scope: world.fixtures.stationB.scope)
        #expect(await hub.subscriberCount == 3)
        var iterator = fast.events.makeAsyncIterator()
        var seen: [Int64] = []
        for i in 0..<5 {
            _ = try await service.incidents.create(Fixtures.call("call \(i)"), by: world.fixtures.dispatcher).get()
            await hub.pull()
            if let event = await iterator.next() { seen.append(event.seq) }
        }
        #expect(seen == Array((fast.start + 1)...(fast.start + 5)))
        var slowSeen: [Int64] = []
        for await event in slow.events { slowSeen.append(event.seq) }
        #expect(slowSeen == [slow.start + 1, slow.start + 2])
        // Station B's subscriber heard nothing (all calls were in A) and is still connected.
        #expect(await hub.subscriberCount == 2)
        #expect(metrics.render().contains("pingan_live_subscribers 2"))
        await hub.unsubscribe(otherStation.id)
        #expect(await hub.subscriberCount == 1)
    }

    /// Events handed over by their commit go out at once, in order; one that would leave a gap
    /// waits for the reader, and nothing goes out twice, whichever of the two saw it first.
    @Test func committedEventsAreHandedOverInOrderOnce() async throws {
        let world = try await TestWorld.make()
        let hub = LiveHub(store: world.store, after: try await world.store.lastSequence(), bufferSize: 100, interval: .seconds(60),
                          metrics: ServerMetrics(), logger: Logger(label: "test"))
        let subscription = await hub.subscribe(scope: .everything)
        // The service commits without telling the hub: the test hands the events over itself.
        let service = AppServices(store: world.store, time: world.time)
        for i in 0..<4 { _ = try await service.incidents.create(Fixtures.call("call \(i)"), by: world.fixtures.dispatcher).get() }
        let events = try await world.store.events(after: subscription.start, scope: .everything, limit: 100)
        #expect(events.count >= 4)
        await hub.handOver([events[1]])             // a gap: left for the reader
        await hub.handOver([events[0]])             // goes out
        await hub.handOver([events[0], events[1]])  // only the second is new
        await hub.pull()                            // the reader brings the rest
        await hub.handOver([events[2]])             // already out
        await hub.unsubscribe(subscription.id)
        var seen: [Int64] = []
        for await event in subscription.events { seen.append(event.seq) }
        #expect(seen == events.map(\.seq))
    }
}

extension Jurisdiction {
    var scope: Scope { Scope(path: path) }
}
