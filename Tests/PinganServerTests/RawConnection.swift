import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to the server under test, for bytes no HTTP client would send: a NUL
/// in a header, half a request, a TLS ClientHello, silence. Reads block on a thread of their
/// own: blocking one of Swift concurrency's few shared threads would starve the server itself.
final class RawConnection: @unchecked Sendable {
    let fd: Int32
    /// When the connection opened or last sent: what `readUntilClosed` counts its seconds from,
    /// so a reader thread that starts late on a loaded machine does not shorten the interval.
    private(set) var since = Date()

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure("connect() failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func send(_ bytes: [UInt8]) {
        defer { since = Date() }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Everything the server sends until it closes the connection or `timeout` passes, and
    /// whether it closed; with `headOnly`, reading also stops once a response head is complete
    /// (a WebSocket upgrade that succeeded stays open, and a loaded machine may take a while to
    /// answer it).
    func readUntilClosed(timeout: Double, headOnly: Bool = false) async -> (text: String, closed: Bool, seconds: Double) {
        let fd = self.fd
        let since = self.since
        let got = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.read(fd: fd, timeout: timeout, headOnly: headOnly)) }.start()
        }
        return (got.text, got.closed, Date().timeIntervalSince(since))
    }

    /// Whether `bytes` hold a whole response head and, when it names a `Content-Length`, its body.
    static func holdsFirstResponse(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 })
        else { return false }
        let head = firstResponse(String(decoding: bytes[..<(end + 4)], as: UTF8.self)).headers
        let length = head["content-length"].flatMap(Int.init) ?? 0
        return bytes.count >= end + 4 + length
    }

    private static func read(fd: Int32, timeout: Double, headOnly: Bool = false) -> (text: String, closed: Bool, seconds: Double) {
        let start = Date()
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = timeout - Date().timeIntervalSince(start)
            guard left > 0 else { return (String(decoding: out, as: UTF8.self), false, Date().timeIntervalSince(start)) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, Int32(left * 1000)) <= 0 { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (String(decoding: out, as: UTF8.self), true, Date().timeIntervalSince(start)) }
            out += buffer[0..<n]
            if headOnly, Self.holdsFirstResponse(out) { return (String(decoding: out, as: UTF8.self), false, Date().timeIntervalSince(start)) }
        }
    }
}

/// The status code and body of the first HTTP response in `text`.
func firstResponse(_ text: String) -> (status: Int?, headers: [String: String], body: String) {
    guard let split = text.range(of: "\r\n\r\n") else { return (nil, [:], "") }
    let lines = text[..<split.lowerBound].split(separator: "\r\n")
    let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
        let parts = line.split(separator: ":", maxSplits: 1)
        if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
    }
    var body = String(text[split.upperBound...])
    if let length = headers["content-length"].flatMap(Int.init) { body = String(decoding: Array(body.utf8).prefix(length), as: UTF8.self) }
    return (status, headers, body)
}
