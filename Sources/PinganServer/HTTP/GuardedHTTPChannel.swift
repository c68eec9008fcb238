import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1.1 channel with WebSocket upgrade, with the two guards of every
/// connection added to its pipeline: `ConnectionGuard` in front of the decoder (connection cap,
/// first-request deadline) and `RequestGuard` right after it (answers for unreadable requests,
/// stalled bodies, refused upgrades).
struct GuardedHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value
    let inner: HTTP1WebSocketUpgradeChannel
    let budget: ConnectionBudget

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let budget = self.budget
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let state = ConnectionState()
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ConnectionGuard(budget: budget, state: state), position: .first)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestGuard(state: state, idleTimeout: budget.idleTimeout), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades decided by `webSocketRouter` (see `WebSocketUpgrade`),
    /// every connection guarded by `budget` (see `GuardedHTTPChannel`).
    static func guardedHTTP1WebSocketUpgrade(webSocketRouter: Router<PinganRequestContext>, budget: ConnectionBudget,
                                             metrics: ServerMetrics) -> HTTPServerBuilder {
        let upgrade = WebSocketUpgrade(responder: webSocketRouter.buildResponder(), metrics: metrics)
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: HTTP1Channel.Configuration(idleTimeout: budget.idleTimeout),
            ws: WebSocketServerConfiguration(maxFrameSize: 1 << 16, autoPing: .enabled(timePeriod: .seconds(30))))
        return HTTPServerBuilder { responder in
            GuardedHTTPChannel(inner: HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration) { head, channel, logger in
                                   await upgrade.decide(head, channel: channel, logger: logger)
                               },
                               budget: budget)
        }
    }
}
