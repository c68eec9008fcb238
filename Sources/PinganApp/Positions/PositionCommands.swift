import Foundation
import PinganCore
import PinganStore

/// Position reports from units' phones, car terminals and TAK devices: the tracker decides what
/// each fix means; the thinned track points are stored, then the batch's zone events and its
/// idempotency record are committed through the runner, and only then is the batch answered and
/// the units' new positions broadcast.
public struct PositionCommands: Sendable {
    let runner: CommandRunner
    let tracks: any TrackStore & PositionFeed
    public let tracking: PositionTracking
    let sink: (any PositionSink)?

    /// Ingests `fixes` in order for `user`. Acknowledged means durable: the track points and the
    /// events are stored before it returns.
    public func report(_ fixes: [PositionFix], by user: User,
                       idempotency: Idempotency<PositionBatchResult>? = nil) async throws -> Outcome<PositionBatchResult> {
        var live: [LivePosition] = []
        let outcome = try await runner.run(.reportPositions, by: Actor(user), idempotency: idempotency) { now in
            let batch = try await tracking.ingest(fixes, by: user, now: now)
            try await tracks.appendTrackPoints(batch.tracks)
            live = batch.live
            return Decision(events: batch.events, writes: [], output: batch.result)
        }
        if case .done = outcome, !live.isEmpty {
            if let sink { await sink.broadcast(live) }
            // Durable already: a feed that fails costs the other instances this batch, not the caller.
            try? await tracks.publishPositions(live.map {
                TrackRecord(unitID: $0.unitID, path: $0.path, at: $0.time, lat: $0.lat, lon: $0.lon, speed: $0.speed, heading: $0.heading)
            })
        }
        return outcome
    }
}
