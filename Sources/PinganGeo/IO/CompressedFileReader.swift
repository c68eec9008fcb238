import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(CLzma)
import CLzma
#endif

/// Streams a file's bytes, transparently inflating gzip or xz by magic number, so the text
/// readers (OSM XML, DIMACS, and the call-file CSV reader in PinganAnalytics) hold one chunk at a
/// time instead of the whole decompressed file. Not Sendable: one reader belongs to one parse.
public final class CompressedFileReader {
    enum Codec { case plain, gzip, xz, xzProcess }

    public let path: String
    let codec: Codec
    private var fd: Int32
    /// Fallback when liblzma is not linked: an `xz -dc` child process feeding a pipe.
    private var xzProcess: Process?
    private var xzPipe: Pipe?
    private var input: [UInt8]
    private var inputPos = 0
    private var inputLen = 0
    private var eof = false
    private var finished = false
    /// Bytes of the compressed file consumed so far: what error messages report.
    private(set) var compressedOffset = 0
    private var zs: UnsafeMutablePointer<z_stream>?
    #if canImport(CLzma)
    private var xs: UnsafeMutablePointer<lzma_stream>?
    #endif

    /// Opens `path`; throws `GeoError` (`fileNotFound`, `io`) when it cannot be read.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw GeoError(.fileNotFound, "cannot open: \(String(cString: strerror(errno)))", file: path) }
        self.fd = fd
        input = [UInt8](repeating: 0, count: 1 << 18)
        let n = input.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 1 << 18) }
        if n < 0 { close(fd); throw GeoError(.io, "read failed", file: path, byteOffset: 0) }
        inputLen = n
        if n == 0 { eof = true }
        if n >= 2, input[0] == 0x1f, input[1] == 0x8b {
            codec = .gzip
            let p = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            p.initialize(to: z_stream())
            if inflateInit2_(p, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) != Z_OK {
                p.deallocate(); close(fd)
                throw GeoError(.io, "zlib init failed", file: path)
            }
            zs = p
        } else if n >= 6, input[0] == 0xFD, input[1] == 0x37, input[2] == 0x7A, input[3] == 0x58, input[4] == 0x5A, input[5] == 0 {
            #if canImport(CLzma)
            codec = .xz
            let p = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
            p.initialize(to: lzma_stream())
            if lzma_stream_decoder(p, UInt64.max, 0x08 /* LZMA_CONCATENATED */) != LZMA_OK {
                p.deallocate(); close(fd)
                throw GeoError(.io, "liblzma init failed", file: path)
            }
            xs = p
            #else
            // Without the CLzma module, stream through the xz tool instead.
            close(fd)
            let candidates: [String] = ["/usr/bin/xz", "/bin/xz", "/usr/local/bin/xz"]
            let xzPath = candidates.first { access($0, X_OK) == 0 }
            guard let xzPath else {
                throw GeoError(.unsupported, ".xz input needs liblzma (CLzma module) or the xz tool", file: path)
            }
            let proc = Process()
            let pipe = Pipe()
            proc.executableURL = URL(fileURLWithPath: xzPath)
            proc.arguments = ["-dc", "--", path]
            proc.standardOutput = pipe
            proc.standardError = FileHandle.nullDevice
            do { try proc.run() } catch { throw GeoError(.io, "cannot run xz: \(error)", file: path) }
            codec = .xzProcess
            xzProcess = proc
            xzPipe = pipe
            self.fd = dup(pipe.fileHandleForReading.fileDescriptor)
            try? pipe.fileHandleForReading.close()
            inputLen = 0
            inputPos = 0
            #endif
        } else {
            codec = .plain
        }
    }

    deinit {
        close(fd)
        if let p = xzProcess, p.isRunning { p.terminate(); p.waitUntilExit() }
        if let zs { inflateEnd(zs); zs.deallocate() }
        #if canImport(CLzma)
        if let xs { lzma_end(xs); xs.deallocate() }
        #endif
    }

    private func refill() throws {
        if eof { return }
        if inputPos < inputLen { return }
        let n = input.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw GeoError(.io, "read failed", file: path, byteOffset: compressedOffset) }
        inputPos = 0
        inputLen = n
        if n == 0 { eof = true }
    }

    /// Appends up to `max` decompressed bytes to `buffer`; returns 0 only at the end of data.
    public func read(into buffer: inout [UInt8], max: Int) throws -> Int {
        if finished { return 0 }
        let start = buffer.count
        buffer.reserveCapacity(start + max)
        switch codec {
        case .plain, .xzProcess:
            try refill()
            if inputPos >= inputLen {
                finished = true
                if let p = xzProcess {
                    p.waitUntilExit()
                    if p.terminationStatus != 0 {
                        throw GeoError(.corrupt, "xz reports corrupt or truncated data (exit \(p.terminationStatus))",
                                       file: path, byteOffset: compressedOffset)
                    }
                }
                return 0
            }
            let take = min(max, inputLen - inputPos)
            buffer.append(contentsOf: input[inputPos..<(inputPos + take)])
            inputPos += take
            compressedOffset += take
            return take
        case .gzip:
            guard let zs else { return 0 }
            var out = [UInt8](repeating: 0, count: max)
            var produced = 0
            while produced == 0 {
                try refill()
                if inputPos >= inputLen {
                    finished = true
                    throw GeoError(.truncated, "gzip stream ends early", file: path, byteOffset: compressedOffset)
                }
                let before = inputPos
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
                compressedOffset += inputPos - before
                if rc == Z_STREAM_END {
                    // Multi-member gzip: continue if more input follows.
                    try refill()
                    if inputPos < inputLen {
                        inflateReset(zs)
                    } else {
                        finished = true
                        break
                    }
                } else if rc != Z_OK && rc != Z_BUF_ERROR {
                    finished = true
                    throw GeoError(.corrupt, "gzip data corrupt (zlib \(rc))", file: path, byteOffset: compressedOffset)
                }
            }
            buffer.append(contentsOf: out[0..<produced])
            return produced
        case .xz:
            #if canImport(CLzma)
            guard let xs else { return 0 }
            var out = [UInt8](repeating: 0, count: max)
            var produced = 0
            while produced == 0 {
                try refill()
                let action = (eof && inputPos >= inputLen) ? LZMA_FINISH : LZMA_RUN
                let before = inputPos
                let rc: lzma_ret = input.withUnsafeMutableBufferPointer { inb in
                    out.withUnsafeMutableBufferPointer { ob in
                        xs.pointee.next_in = UnsafePointer(inb.baseAddress! + inputPos)
                        xs.pointee.avail_in = inputLen - inputPos
                        xs.pointee.next_out = ob.baseAddress! + produced
                        xs.pointee.avail_out = max - produced
                        let rc = lzma_code(xs, action)
                        inputPos = inputLen - Int(xs.pointee.avail_in)
                        produced = max - Int(xs.pointee.avail_out)
                        return rc
                    }
                }
                compressedOffset += inputPos - before
                if rc == LZMA_STREAM_END { finished = true; break }
                if rc == LZMA_BUF_ERROR || (rc == LZMA_OK && action == LZMA_FINISH && produced == 0) {
                    finished = true
                    throw GeoError(.truncated, "xz stream ends early", file: path, byteOffset: compressedOffset)
                }
                if rc != LZMA_OK {
                    finished = true
                    throw GeoError(.corrupt, "xz data corrupt (lzma \(rc.rawValue))", file: path, byteOffset: compressedOffset)
                }
            }
            buffer.append(contentsOf: out[0..<produced])
            return produced
            #else
            return 0
            #endif
        }
    }
}
