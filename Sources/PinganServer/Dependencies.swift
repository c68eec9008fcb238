import Foundation
import Logging
import PinganCore
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
    /// Verified against when a username is unknown, so a failed sign-in takes as long either way.
    let decoyHash: String
    let logger: Logger
}
