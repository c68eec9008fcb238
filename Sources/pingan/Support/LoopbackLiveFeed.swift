import Foundation

/// A live-feed subscriber for benchmarks: one WebSocket connection to `/v1/live` on loopback,
/// read on a thread of its own, that hands every text frame to `onFrame` with the instant it
/// arrived. Like `LoopbackPoster`, it speaks only what Pingan sends (unmasked, unfragmented
/// server frames), so the measurement costs the server's own work and little else.
///
/// A frame is handed over as its bytes, read where they lie: the benchmark shares the cores with
/// the server, and this thread's share was about 5 % of all CPU samples at 200k reads/s (`perf
/// record`) while it made a `String` of each frame, searched it through the standard library's
/// generic search (metadata look-ups on every call), shifted the rest of its buffer after each
/// frame and zeroed 64 KiB for every `recv`.
final class LoopbackLiveFeed: @unchecked Sendable {
    private let fd: Int32
    private var pending: [UInt8] = []
    /// Where the next frame starts in `pending`; what is before it has been handed over.
    private var consumed = 0
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private let onFrame: @Sendable (UnsafeRawBufferPointer, UInt64) -> Void

    init(port: Int, token: String, after: Int64, onFrame: @escaping @Sendable (UnsafeRawBufferPointer, UInt64) -> Void) throws {
        self.onFrame = onFrame
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackPoster.Failure(description: "socket() failed: errno \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            throw LoopbackPoster.Failure(description: "could not connect to 127.0.0.1:\(port)")
        }
        self.fd = fd
        let head = "GET /v1/live?token=\(token)&after=\(after) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: cGluZ2FuLWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let bytes = Array(head.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw LoopbackPoster.Failure(description: "could not send the upgrade request")
        }
        // The 101 answer's head; whatever follows it is frame data.
        while true {
            if let end = pending.withUnsafeBytes({ Self.end(of: "\r\n\r\n", in: $0) }) {
                let status = String(decoding: pending[..<end], as: UTF8.self)
                guard status.hasPrefix("HTTP/1.1 101") else { throw LoopbackPoster.Failure(description: "live feed refused: \(status.prefix(120))") }
                pending.removeFirst(end)
                break
            }
            guard try fill() else { throw LoopbackPoster.Failure(description: "the server closed the live feed") }
        }
    }

    deinit { close(fd) }

    /// Reads frames until the connection ends (`stop` shuts it down).
    func start() {
        Thread.detachNewThread { [self] in
            while true {
                guard (try? nextFrame({ onFrame($0, DispatchTime.now().uptimeNanoseconds) })) == true else { return }
            }
        }
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Hands the next text frame's payload to `body`; false once the connection has ended.
    private func nextFrame(_ body: (UnsafeRawBufferPointer) -> Void) throws -> Bool {
        while true {
            let available = pending.count - consumed
            if available >= 2 {
                let opcode = pending[consumed] & 0x0F
                var length = Int(pending[consumed + 1] & 0x7F), offset = 2
                if length == 126, available >= 4 { length = Int(pending[consumed + 2]) << 8 | Int(pending[consumed + 3]); offset = 4 }
                else if length == 127, available >= 10 { length = pending[(consumed + 2)..<(consumed + 10)].reduce(0) { $0 << 8 | Int($1) }; offset = 10 }
                if length < 126 || offset > 2, available >= offset + length {
                    let from = consumed + offset
                    consumed = from + length
                    if opcode == 0x8 { return false }
                    if opcode == 0x1 {
                        pending.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[from..<(from + length)])) }
                        return true
                    }
                    continue
                }
            }
            guard try fill() else { return false }
        }
    }

    /// Reads what has arrived onto `pending`, first dropping what has been handed over.
    private func fill() throws -> Bool {
        if consumed > 0 { pending.removeFirst(consumed); consumed = 0 }
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { return false }
        pending.append(contentsOf: buffer[0..<n])
        return true
    }

    /// Where `needle` first occurs in `bytes`, as the offset just past it.
    static func end(of needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        let n = needle.utf8CodeUnitCount, p = needle.utf8Start
        guard n > 0, bytes.count >= n else { return nil }
        var i = 0
        while i <= bytes.count - n {
            if bytes[i] == p[0], memcmp(bytes.baseAddress! + i, p, n) == 0 { return i + n }
            i += 1
        }
        return nil
    }
}
