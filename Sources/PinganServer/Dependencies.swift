import Foundation
import Logging
import PinganCore
import PinganGeo
import PinganStore

/// What the controllers share, built once by `buildApplication`: the (notifying) store, the
/// command service over it, the clock, strict body reading and idempotency.
struct Dependencies: Sendable {
    let store: any Store
    let service: CommandService
    let time: any TimeSource
    let configuration: ServerConfiguration
    let body: BodyReader
    let idempotency: Idempotency
    let metrics: ServerMetrics
    let limiter: LoginLimiter
    /// Whose `X-Forwarded-For` names the client (see `TrustedProxies`).
    let proxies: TrustedProxies
    /// Verified against when a username is unknown, so a failed sign-in takes as long either way.
    let decoyHash: String
    let logger: Logger
    /// The road network and the tracker over it; nil when the server runs without a map, and
    /// then every route that needs them answers 503 `no_road_network`.
    var positions: PositionService? = nil
    /// The demo city's switches, when the server runs one (`serve --demo`).
    var demo: DemoControl? = nil
    /// Recently resolved bearer tokens (see `SessionCache` for the staleness it allows).
    let sessions = SessionCache()

    /// The position service, or the 503 problem a map-less server answers.
    func requirePositions() throws -> PositionService {
        guard let positions else {
            throw Problem(.serviceUnavailable, code: "no_road_network", detail: "the server was started without a road network (pingan serve --map FILE)")
        }
        return positions
    }
}
