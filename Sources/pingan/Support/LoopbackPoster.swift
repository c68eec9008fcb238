import Foundation

/// One keep-alive HTTP/1.1 connection that posts pre-encoded bodies and reads each answer, on a
/// thread of its own with blocking sockets.
///
/// Why not `APIClient`: on Linux URLSession runs every request through libcurl and Foundation's
/// own threads, and with the server in the same process that client cost more CPU than the
/// ingest it was measuring. This does the least a client can: one `write` of the head and body,
/// one read of the answer. It speaks only what Pingan answers (a `Content-Length` body, no
/// chunking), which is all a benchmark against Pingan needs.
final class LoopbackPoster {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    private let host: String
    private let token: String
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var pending: [UInt8] = []

    init(port: Int, token: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            throw Failure(description: "could not connect to 127.0.0.1:\(port): errno \(errno)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd
        host = "127.0.0.1:\(port)"
        self.token = token
    }

    deinit { close(fd) }

    /// Posts `body` to `path` and returns the status and the answer's body.
    func post(_ path: String, body: [UInt8]) throws -> (status: Int, body: [UInt8]) {
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        try write(Array(head.utf8))
        try write(body)
        return try readAnswer()
    }

    /// `post` for an async caller, on a thread of its own: blocking sockets must stay off the
    /// cooperative pool an in-process server runs on.
    func postOffPool(_ path: String, body: [UInt8]) async throws -> (status: Int, body: [UInt8]) {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<(status: Int, body: [UInt8]), any Error>) in
            nonisolated(unsafe) let poster = self
            Thread.detachNewThread {
                do { done.resume(returning: try poster.post(path, body: body)) } catch { done.resume(throwing: error) }
            }
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads until a whole answer is buffered; keeps any bytes past it for the next one.
    private func readAnswer() throws -> (status: Int, body: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if headEnd == nil, let end = Self.find(separator, in: pending) { headEnd = end }
            if let end = headEnd {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n")
                guard let statusLine = lines.first, statusLine.count >= 12, let status = Int(statusLine.dropFirst(9).prefix(3)) else {
                    throw Failure(description: "not an HTTP answer: \(head.prefix(80))")
                }
                let length = lines.dropFirst().compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                let total = end + 4 + length
                if pending.count >= total {
                    let body = Array(pending[(end + 4)..<total])
                    pending.removeFirst(total)
                    return (status, body)
                }
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            guard n > 0 else { throw Failure(description: n == 0 ? "the server closed the connection" : "recv failed: errno \(errno)") }
            pending.append(contentsOf: buffer[0..<n])
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
