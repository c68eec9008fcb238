import Foundation
import NIOCore
import Logging
import PinganApp
import PinganCore
import PinganStore
import ServiceLifecycle

/// Fans the event log out to live subscribers.
///
/// Events committed on this instance are handed over as they commit (`handOver`); one reader
/// pulls from the store where they leave a gap, and on a short timer so writes by other
/// instances on a shared database arrive too. Each event goes to every subscriber whose scope
/// contains its path. Each subscriber has a bounded buffer; one that falls behind is
/// disconnected rather than slowing the hub or the others.
///
/// Ordering without gaps or duplicates: a subscription records the hub's position (`start`) at
/// the moment it joins and receives exactly the events after it; the caller replays from its own
/// `after` up to `start` from the store.
///
/// Unit positions take a second, lighter channel (`broadcast(_:)`): not audited, not in the
/// event log, no sequence numbers, and buffered newest-first per subscriber, so a flood of
/// fixes can neither fill the audit log nor cut a slow console off the event stream.
actor LiveHub: Service, PositionSink, CommitObserver {
    /// A joined subscriber: live events after `start` arrive on `events`.
    struct Subscription: Sendable {
        let id: UUID
        let start: Int64
        let events: AsyncStream<RecordedEvent>
        /// Frames of unit positions in scope (`LivePositionFrame` text, encoded once per scope
        /// for every subscriber that shares it); only the newest `positionBuffer` are kept.
        let positions: AsyncStream<ByteBuffer>
    }

    private struct Subscriber {
        let scope: Scope
        let continuation: AsyncStream<RecordedEvent>.Continuation
        let positions: AsyncStream<ByteBuffer>.Continuation
    }

    /// Position batches a subscriber may have waiting before the oldest is dropped.
    private let positionBuffer = 16

    private let store: any Store
    private let bufferSize: Int
    private let interval: Duration
    private let metrics: ServerMetrics
    private let logger: Logger
    private let pageSize = 500
    /// The highest sequence number handed out.
    private var last: Int64
    private var subscribers: [UUID: Subscriber] = [:]
    private var pulling = false
    private var pullAgain = false
    private var stopped = false
    private nonisolated let pokes: AsyncStream<Void>
    private nonisolated let pokeContinuation: AsyncStream<Void>.Continuation

    init(store: any Store, after last: Int64, bufferSize: Int, interval: Duration, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.last = last
        self.bufferSize = max(1, bufferSize)
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
        (pokes, pokeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the reader to pull now. Cheap and non-blocking: pokes coalesce.
    nonisolated func poke() { pokeContinuation.yield() }

    /// A commit on this instance: its events go out at once (`handOver`), not at the next poll.
    nonisolated func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        if !recorded.isEmpty { await handOver(recorded) }
    }

    /// Fans out events this instance has just committed, as the store recorded them, while they
    /// follow the last one handed out; at a gap (another instance's commit, or one of ours whose
    /// observer has not run yet) the reader pulls from the store instead. Poking the reader
    /// after every commit put a wake-up and a read of the store between a wanted car's alert and
    /// the console: `alert_p50_ms` in `pingan bench sensing` went from 14–17 to 12–13 ms without them.
    func handOver(_ events: [RecordedEvent]) {
        for event in events where event.seq > last {
            guard event.seq == last + 1 else {
                poke()
                return
            }
            fanOut(event)
            last = event.seq
        }
    }

    func subscribe(scope: Scope) -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(of: RecordedEvent.self, bufferingPolicy: .bufferingOldest(bufferSize))
        let (positions, positionContinuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(positionBuffer))
        let id = UUID()
        if stopped {
            continuation.finish()
            positionContinuation.finish()
        } else {
            subscribers[id] = Subscriber(scope: scope, continuation: continuation, positions: positionContinuation)
            metrics.subscribers(1)
            continuation.onTermination = { [weak self] _ in
                Task { await self?.unsubscribe(id) }
            }
        }
        return Subscription(id: id, start: last, events: stream, positions: positions)
    }

    func unsubscribe(_ id: UUID) {
        guard let subscriber = subscribers.removeValue(forKey: id) else { return }
        metrics.subscribers(-1)
        subscriber.continuation.finish()
        subscriber.positions.finish()
    }

    /// Hands a batch of positions to every subscriber whose scope holds some of them. The frame
    /// is filtered and encoded once per distinct scope, not once per subscriber: a hundred
    /// consoles of one city share one encoding of each batch.
    func broadcast(_ positions: [LivePosition]) {
        guard !positions.isEmpty else { return }
        var frames: [String: ByteBuffer?] = [:]
        for subscriber in subscribers.values {
            let path = subscriber.scope.path
            if frames[path] == nil {
                let visible = positions.filter { subscriber.scope.contains(path: $0.path) }
                frames[path] = visible.isEmpty ? .some(nil) : try? LivePositionFrame(positions: visible).bytes()
            }
            if let frame = frames[path] ?? nil { subscriber.positions.yield(frame) }
        }
    }

    var subscriberCount: Int { subscribers.count }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in self.pokes { await self.pull() }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.interval)
                        await self.pull()
                    }
                }
            }
        }
        stop()
    }

    private func stop() {
        stopped = true
        for id in Array(subscribers.keys) { unsubscribe(id) }
    }

    /// Reads everything after `last` and fans it out. Re-entrant calls (a poke during a pull)
    /// only ask the running pull to go round once more, so no event is handed out twice.
    func pull() async {
        if pulling {
            pullAgain = true
            return
        }
        pulling = true
        defer { pulling = false }
        repeat {
            pullAgain = false
            do {
                while true {
                    let batch = try await store.events(after: last, scope: .everything, limit: pageSize)
                    for event in batch where event.seq > last {
                        fanOut(event)
                        last = event.seq
                    }
                    if batch.count < pageSize { break }
                }
            } catch is CancellationError {
                return  // shutting down
            } catch {
                logger.warning("live feed could not read events", metadata: ["error": "\(error)"])
                return
            }
        } while pullAgain
    }

    private func fanOut(_ event: RecordedEvent) {
        // Imported history is closed years ago: tens of thousands of frames nobody watches live,
        // which would only overflow every console's buffer while an import runs.
        if event.type == .incidentImported { return }
        for (id, subscriber) in subscribers where subscriber.scope.contains(path: event.path) {
            switch subscriber.continuation.yield(event) {
            case .enqueued: break
            case .dropped, .terminated: unsubscribe(id)
            @unknown default: unsubscribe(id)
            }
        }
    }
}
