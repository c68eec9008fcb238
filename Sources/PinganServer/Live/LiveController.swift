import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import PinganCore
import PinganStore

/// `GET /v1/live?token=…&after=SEQ`: the event log as a WebSocket of JSON text frames, replayed
/// from `after` and then live, in sequence order, limited to the user's scope. Interleaved with
/// them, once live, come `{"type":"unit.position","positions":[…]}` frames for units in scope
/// (see `LivePosition`): no `seq`, not replayed, so a resuming client uses only event frames'
/// `seq` for `after=`.
struct LiveController {
    typealias Context = PinganRequestContext
    let hub: LiveHub
    let store: any EventLog
    let pageSize = 500
    /// Each event's frame, encoded once per kind of viewer rather than once per subscriber.
    let frames = LiveFrameCache()

    /// Upgrade route on the WebSocket router (behind `Authenticator` with query tokens allowed):
    /// checks the request, then leaves the session to run in the request's `UpgradeSlot`.
    func addUpgradeRoute(to router: Router<Context>) {
        router.get("/v1/live") { request, context -> Response in
            // An agency's users follow their referrals (`EventAudience` keeps the rest from them).
            let user = try context.require(anyOf: [.readIncidents, .readReferrals])
            let after = try Self.after(request)
            guard let slot = context.upgrade else {
                throw Problem(.upgradeRequired, code: "upgrade_required", detail: "connect with a WebSocket client")
            }
            slot.offer { inbound, outbound in
                try await stream(to: outbound, inbound: inbound, user: user, after: after)
            }
            return Response(status: .ok)
        }
    }

    /// Plain GET without an upgrade: tells the client what to do instead of a bare 404.
    func addRoutes(to group: RouterGroup<Context>) {
        group.get("live") { _, context -> Response in
            _ = try context.require(anyOf: [.readIncidents, .readReferrals])
            throw Problem(.upgradeRequired, code: "upgrade_required", detail: "connect with a WebSocket client")
        }
    }

    static func after(_ request: Request) throws -> Int64? {
        guard let raw = request.uri.queryParameters["after"] else { return nil }
        guard let value = Int64(raw), (0...9_007_199_254_740_991).contains(value) else { throw Problem.invalidField("after", "after must be a sequence number ≥ 0") }
        return value
    }

    /// A text frame of already encoded JSON. Written as is, the buffer shared with every other
    /// subscriber it goes to (`.text(String)` would copy it into a new buffer per connection).
    static func text(_ bytes: ByteBuffer) -> WebSocketOutboundWriter.OutboundFrame {
        .custom(WebSocketFrame(fin: true, opcode: .text, data: bytes))
    }

    func stream(to outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream, user: User, after: Int64?) async throws {
        let subscription = await hub.subscribe(scope: user.scope)
        do {
            try await send(subscription, to: outbound, inbound: inbound, user: user, after: after)
        } catch {
            await hub.unsubscribe(subscription.id)
            throw error
        }
        await hub.unsubscribe(subscription.id)
    }

    /// Replays from `after` up to the subscription's start, then forwards live events, until the
    /// client leaves or the hub drops the subscription (shutdown, or the client fell too far behind).
    private func send(_ subscription: LiveHub.Subscription, to outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream,
                      user: User, after: Int64?) async throws {
        let store = self.store
        let pageSize = self.pageSize
        let frames = self.frames
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Drain the client's frames so close and ping are handled; its end ends the feed.
                for try await _ in inbound {}
            }
            group.addTask {
                var position = after ?? subscription.start
                while position < subscription.start {
                    let batch = try await store.events(after: position, scope: user.scope, limit: pageSize)
                    for event in batch where event.seq <= subscription.start && EventAudience.admits(event, user) {
                        try await outbound.write(Self.text(try frames.frame(for: event, viewer: user)))
                    }
                    guard let lastSeq = batch.last?.seq, batch.count == pageSize else { break }
                    position = lastSeq
                }
                let threshold = max(after ?? subscription.start, subscription.start)
                for await event in subscription.events where event.seq > threshold && EventAudience.admits(event, user) {
                    try await outbound.write(Self.text(try frames.frame(for: event, viewer: user)))
                }
            }
            // Units' positions are for those who may see units (not an agency's users).
            let seesUnits = user.role.may(.readUnits)
            group.addTask {
                for await frame in subscription.positions where seesUnits {
                    try await outbound.write(Self.text(frame))
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
