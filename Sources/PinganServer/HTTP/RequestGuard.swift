import Foundation
import NIOCore
import NIOHTTP1
import Hummingbird

/// Sits right after the HTTP decoder of every connection and answers what no route ever sees:
///
/// - a request the decoder cannot read (a NUL byte in the path or a header, a TLS ClientHello on
///   the plain port, an over-long URI or head) gets 400, 414 or 431 as problem+json and the
///   connection is closed. Hummingbird answers parse errors itself only after the first request,
///   and the WebSocket upgrade check in front of that first request swallows them, leaving the
///   socket open with no reply (issue 13);
/// - a request body that stops arriving for the idle timeout closes the connection, and so does
///   one that trickles: after the first idle timeout each byte buys `minimumBodyRate`'s worth
///   of time, so a client sending a byte every minute cannot hold a connection for ever, while a
///   phone uploading at a few kilobytes a second is never cut off;
/// - a refused WebSocket upgrade gets the refusal the route decided (401 `token_expired`, …)
///   instead of the bare `400` Hummingbird writes for every failed upgrade: `WebSocketUpgrade`
///   hands it over with `refuse(status:reason:contentType:body:)` before Hummingbird answers.
///
/// Once a connection is upgraded to a WebSocket the guard only passes bytes through.
final class RequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let state: ConnectionState
    let idleTimeout: TimeAmount
    /// Requests read whose response has not ended yet.
    private var responsesOwed = 0
    /// A parse error that arrived while a response was still being written; answered after it.
    private var pendingError: HTTPStatusForGuard?
    private var bodyTimer: Scheduled<Void>?
    /// When the body being read must be complete: the idle timeout after its head, plus
    /// `1 / minimumBodyRate` seconds for every byte that has arrived.
    private var bodyDeadline = NIODeadline.distantFuture
    /// Bytes a second a request body must average once its first idle timeout is over.
    static let minimumBodyRate: Int64 = 500
    private var closing = false
    /// The response to send instead of Hummingbird's bare 400 when the upgrade is refused.
    private var refusal: (status: Int, reason: String, contentType: String, body: ByteBuffer)?
    private var rewriting = false
    /// After `101 Switching Protocols` the parts are WebSocket bytes: pass everything through.
    private var upgraded = false

    init(state: ConnectionState, idleTimeout: TimeAmount) {
        self.state = state
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        state.answer = { [weak self] status, code, detail in
            self?.answer(context: loopBound.value, status, code: code, detail: detail)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyTimer?.cancel()
        state.answer = nil
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if upgraded {
            context.fireChannelRead(data)
            return
        }
        switch unwrapInboundIn(data) {
        case .head:
            state.headSeen = true
            state.cancelHeadTimer?()
            responsesOwed += 1
            bodyDeadline = .now() + idleTimeout
            armBodyTimer(context)
        case .body(let bytes):
            if bodyDeadline != .distantFuture {
                bodyDeadline = bodyDeadline + .nanoseconds(Int64(bytes.readableBytes) * 1_000_000_000 / Self.minimumBodyRate)
            }
            armBodyTimer(context)
        case .end:
            bodyTimer?.cancel()
            bodyTimer = nil
            bodyDeadline = .distantFuture
            state.nextMessage()
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !upgraded, let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let status: HTTPStatusForGuard = switch parse {
        case .headerOverflow: state.uriTooLong ? .uriTooLong : .headersTooLarge
        default: .badRequest
        }
        if responsesOwed > 0 {
            // Never interleave with a response being written: answer once it ends.
            pendingError = pendingError ?? status
        } else {
            answer(context: context, status)
        }
    }

    /// Closes the connection at the next idle timeout or at the body's deadline, whichever is first.
    private func armBodyTimer(_ context: ChannelHandlerContext) {
        bodyTimer?.cancel()
        let channel = context.channel
        bodyTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: min(.now() + idleTimeout, bodyDeadline)) {
            channel.close(promise: nil)
        }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if upgraded {
            context.write(data, promise: promise)
            return
        }
        let part = unwrapOutboundIn(data)
        switch part {
        case .head(let head) where head.status == .switchingProtocols:
            // Upgraded: from here on the bytes are WebSocket frames, none of our business.
            // (Removing the handler here instead upsets NIO's upgrade in progress.)
            upgraded = true
            bodyTimer?.cancel()
            bodyTimer = nil
            context.write(data, promise: promise)
            return
        case .head(let head) where head.status == .badRequest && refusal != nil:
            // Hummingbird's answer to a refused upgrade: send the route's own instead.
            let r = refusal!
            refusal = nil
            rewriting = true
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: r.contentType)
            headers.add(name: "Content-Length", value: String(r.body.readableBytes))
            headers.add(name: "Connection", value: "close")
            let status = HTTPResponseStatus(statusCode: r.status, reasonPhrase: r.reason)
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(r.body))), promise: promise)
            return
        case .body where rewriting:
            promise?.succeed(())
            return
        case .end:
            rewriting = false
            responsesOwed = max(0, responsesOwed - 1)
            context.write(data, promise: promise)
            if responsesOwed == 0, let pending = pendingError {
                pendingError = nil
                answer(context: context, pending)
            }
            return
        default:
            context.write(data, promise: promise)
        }
    }

    /// Takes the response a refused WebSocket upgrade should get. Call before the route answers.
    func refuse(status: Int, reason: String, contentType: String, body: ByteBuffer) {
        refusal = (status, reason, contentType, body)
    }

    // MARK: Answers

    private func answer(context: ChannelHandlerContext, _ status: HTTPStatusForGuard) {
        switch status {
        case .badRequest: answer(context: context, status, code: "malformed_request", detail: "the request is not well-formed HTTP/1.1")
        case .uriTooLong: answer(context: context, status, code: "uri_too_long", detail: "the request URI is longer than the server accepts")
        case .headersTooLarge:
            answer(context: context, status, code: "headers_too_large", detail: "the request's header fields are larger than the server accepts")
        case .requestTimeout: answer(context: context, status, code: "request_timeout", detail: "the request did not arrive in time")
        }
    }

    /// Writes a problem+json answer with `Connection: close` and closes once it is out.
    private func answer(context: ChannelHandlerContext, _ status: HTTPStatusForGuard, code: String, detail: String) {
        guard !closing, context.channel.isActive else { return }
        closing = true
        let body = Problem(HTTPResponse.Status(code: status.rawValue, reasonPhrase: status.reason), code: code, detail: detail).jsonBody
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status.rawValue, reasonPhrase: status.reason),
                                    headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
