import Foundation
import Logging
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// What the controllers share, built once by `buildApplication`: the store to read, the
/// application layer to write through, the clock and strict body reading.
struct Dependencies: Sendable {
    /// Reads only: every write goes through `app`.
    let store: any Store
    let app: AppServices
    let time: any TimeSource
    let configuration: ServerConfiguration
    let body: BodyReader
    let metrics: ServerMetrics
    let limiter: LoginLimiter
    /// Whose `X-Forwarded-For` names the client (see `TrustedProxies`).
    let proxies: TrustedProxies
    /// Verified against when a username is unknown, so a failed sign-in takes as long either way.
    let decoyHash: String
    let logger: Logger
    /// The demo city's switches, when the server runs one (`serve --demo`).
    var demo: DemoControl? = nil
    /// Recently resolved bearer tokens (see `SessionCache` for the staleness it allows).
    let sessions = SessionCache()
    /// The recent calls for duplicate detection, kept by commits (registered as an observer).
    var duplicates = DuplicateWatch()
    /// Every incident's facts for the KPIs and the response report, kept by commits (registered
    /// as an observer) and loaded in the background by `StatsLoader`.
    var stats = StatsWatch()

    /// The position commands, or the 503 problem a map-less server answers.
    func requirePositions() throws -> PositionCommands {
        guard let positions = app.positions else {
            throw Problem(.serviceUnavailable, code: "no_road_network", detail: "the server was started without a road network (pingan serve --map FILE)")
        }
        return positions
    }

    /// The tracker, for the read questions (recommendations, routes, coverage).
    func requireTracking() throws -> PositionTracking { try requirePositions().tracking }
}
