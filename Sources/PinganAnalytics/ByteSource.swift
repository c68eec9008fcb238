import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Streams a file's bytes, inflating gzip when the file starts with the gzip magic number.
///
/// Why not PinganGeo's reader: its `CompressedFileReader` is internal to the road engine. Call
/// files are gzip or plain CSV only, so this is the small zlib loop we need and nothing more.
/// Not Sendable: one source belongs to one parse.
final class ByteSource {
    let path: String
    private let fd: Int32
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputPos = 0, inputLen = 0
    private var eof = false, finished = false
    private var zs: UnsafeMutablePointer<z_stream>?
    private(set) var isGzip = false

    init(path: String) throws(AnalyticsError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw AnalyticsError(.fileNotFound, "cannot open call file: \(String(cString: strerror(errno)))", file: path) }
        self.fd = fd
        let n = input.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 { close(fd); throw AnalyticsError(.io, "read failed", file: path) }
        inputLen = n
        if n == 0 { eof = true }
        if n >= 2, input[0] == 0x1f, input[1] == 0x8b {
            let p = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            p.initialize(to: z_stream())
            if inflateInit2_(p, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) != Z_OK {
                p.deallocate(); close(fd)
                throw AnalyticsError(.io, "zlib init failed", file: path)
            }
            zs = p
            isGzip = true
        }
    }

    deinit {
        close(fd)
        if let zs { inflateEnd(zs); zs.deallocate() }
    }

    private func refill() throws(AnalyticsError) {
        if eof || inputPos < inputLen { return }
        let n = input.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw AnalyticsError(.io, "read failed", file: path) }
        inputPos = 0
        inputLen = n
        if n == 0 { eof = true }
    }

    /// Inflated bytes land here first, then are appended to the caller's buffer in one copy.
    private var out = [UInt8](repeating: 0, count: 1 << 16)

    /// Appends up to `max` (at most 64 KiB) new bytes to `buffer`; returns how many (0 at the end).
    func read(into buffer: inout [UInt8], max wanted: Int) throws(AnalyticsError) -> Int {
        if finished { return 0 }
        let max = min(wanted, out.count)
        guard let zs else {
            try refill()
            if inputPos >= inputLen { finished = true; return 0 }
            let take = min(max, inputLen - inputPos)
            buffer.append(contentsOf: input[inputPos..<(inputPos + take)])
            inputPos += take
            return take
        }
        var produced = 0
        while produced == 0 {
            try refill()
            if inputPos >= inputLen {
                finished = true
                throw AnalyticsError(.corrupt, "gzip stream ends early (truncated file?)", file: path)
            }
            let rc: Int32 = input.withUnsafeMutableBufferPointer { inb in
                out.withUnsafeMutableBufferPointer { ob in
                    zs.pointee.next_in = inb.baseAddress! + inputPos
                    zs.pointee.avail_in = UInt32(inputLen - inputPos)
                    zs.pointee.next_out = ob.baseAddress! + produced
                    zs.pointee.avail_out = UInt32(max - produced)
                    let rc = inflate(zs, Z_NO_FLUSH)
                    inputPos = inputLen - Int(zs.pointee.avail_in)
                    produced = max - Int(zs.pointee.avail_out)
                    return rc
                }
            }
            if rc == Z_STREAM_END {
                try refill()
                if inputPos < inputLen { inflateReset(zs) } else { finished = true; break }
            } else if rc != Z_OK && rc != Z_BUF_ERROR {
                finished = true
                throw AnalyticsError(.corrupt, "gzip data corrupt (zlib \(rc))", file: path)
            }
        }
        buffer.append(contentsOf: out[0..<produced])
        return produced
    }
}
