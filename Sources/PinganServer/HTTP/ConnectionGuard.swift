import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The server's connection budget: how many sockets may be open at once and how long a client
/// may take to say what it wants. Shared by every connection of one server.
///
/// Why: without it a client that connects and says nothing, or sends a request one byte at a
/// time (slowloris), holds a descriptor for ever, and 20,000 of them stop the server accepting
/// anyone (issue 13).
final class ConnectionBudget: Sendable {
    let maxConnections: Int
    let requestHeadTimeout: TimeAmount
    let idleTimeout: TimeAmount
    let logger: Logger
    private struct Counts {
        var open = 0
        var refused = 0
        var lastWarning: NIODeadline = .distantPast
    }
    private let counts = NIOLockedValueBox(Counts())

    init(maxConnections: Int, requestHeadTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) {
        self.maxConnections = maxConnections
        self.requestHeadTimeout = requestHeadTimeout
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// Takes a slot for a new connection; false when the server is full. The first refusal, and
    /// then at most one every ten seconds, is logged with how many were refused meanwhile.
    func open(from peer: String) -> Bool {
        let (admitted, warn) = counts.withLockedValue { c -> (Bool, Int?) in
            guard c.open < maxConnections else {
                c.refused += 1
                let now = NIODeadline.now()
                guard now - c.lastWarning >= .seconds(10) else { return (false, nil) }
                c.lastWarning = now
                defer { c.refused = 0 }
                return (false, c.refused)
            }
            c.open += 1
            return (true, nil)
        }
        if let warn {
            logger.warning("connection limit reached: refusing new connections", metadata: [
                "limit": "\(maxConnections)", "refused": "\(warn)", "peer": "\(peer)",
                "hint": "raise --max-connections (PINGAN_MAX_CONNECTIONS) or find the client holding them",
            ])
        }
        return admitted
    }

    func close() { counts.withLockedValue { $0.open -= 1 } }

    var openConnections: Int { counts.withLockedValue { $0.open } }
}

/// First in every connection's pipeline, on raw bytes: holds the connection's slot in the
/// budget, closes a connection that has not sent a complete first request head in time, and
/// notes whether the request line of the message being read has ended (so an over-long head can
/// be told apart as a URI too long, 414, or headers too large, 431).
///
/// Later requests on a kept-alive connection are bounded by Hummingbird's idle timeout, and a
/// request body that stops arriving by `RequestGuard`.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let budget: ConnectionBudget
    /// Shared with the connection's `RequestGuard`; both live on the channel's event loop.
    let state: ConnectionState
    private var admitted = false
    private var headTimer: Scheduled<Void>?

    init(budget: ConnectionBudget, state: ConnectionState) {
        self.budget = budget
        self.state = state
    }

    func channelActive(context: ChannelHandlerContext) {
        let peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard budget.open(from: peer) else {
            context.close(promise: nil)
            return
        }
        admitted = true
        let channel = context.channel
        let state = self.state
        headTimer = context.eventLoop.assumeIsolated().scheduleTask(in: budget.requestHeadTimeout) {
            // No complete request head in time: a silent or trickling client. Say why when it
            // sent something, then hang up.
            guard !state.headSeen else { return }
            if state.bytesSeen { state.answer?(.requestTimeout, "request_timeout", "the request head did not arrive in time") }
            channel.close(promise: nil)
        }
        state.cancelHeadTimer = { [weak self] in
            self?.headTimer?.cancel()
            self?.headTimer = nil
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        headTimer?.cancel()
        headTimer = nil
        if admitted {
            admitted = false
            budget.close()
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if buffer.readableBytes > 0 { state.bytesSeen = true }
        if state.requestLineLength == nil {
            if let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                state.requestLineLength = state.requestLineSoFar + (end - buffer.readerIndex)
            } else {
                state.requestLineSoFar += buffer.readableBytes
            }
        }
        context.fireChannelRead(data)
    }
}

/// What the two guards of one connection share. Touched only on the channel's event loop.
final class ConnectionState {
    /// Any byte arrived.
    var bytesSeen = false
    /// A complete request head was decoded.
    var headSeen = false
    /// Bytes of the current message's request line seen so far, while it has not ended.
    var requestLineSoFar = 0
    /// The length of the current message's request line once its line feed arrived.
    var requestLineLength: Int?

    /// Starts looking at the next message's request line.
    func nextMessage() {
        requestLineSoFar = 0
        requestLineLength = nil
    }

    /// Whether a head too large for the decoder was so because of its request line: the line
    /// had not ended, or was longer than any sane URI (8 KiB, as common servers allow).
    var uriTooLong: Bool { (requestLineLength ?? Int.max) > 8192 }
    var cancelHeadTimer: (() -> Void)?
    /// Writes a problem response and closes; set by `RequestGuard`.
    var answer: ((HTTPStatusForGuard, String, String) -> Void)?
}

/// The few statuses the guards answer with before any route runs.
enum HTTPStatusForGuard: Int {
    case badRequest = 400
    case requestTimeout = 408
    case uriTooLong = 414
    case headersTooLarge = 431

    var reason: String {
        switch self {
        case .badRequest: "Bad Request"
        case .requestTimeout: "Request Timeout"
        case .uriTooLong: "URI Too Long"
        case .headersTooLarge: "Request Header Fields Too Large"
        }
    }
}
