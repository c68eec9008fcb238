import Foundation

extension String {
    /// The text of `bytes` when they are well-formed UTF-8, else nil.
    ///
    /// Why not `String(validating:as:)`: in this toolchain it is not specialised for the caller,
    /// and every call looked up generic metadata at run time — a fifth of the time of reading a
    /// gate's batch of 2,000 plate reads, a few strings each. Decoding (which repairs ill-formed
    /// input) and comparing the bytes is exact: well-formed input decodes to the same bytes, and
    /// a repair puts U+FFFD's bytes where the ill-formed ones were, which never spell the same.
    public init?(wellFormedUTF8 bytes: UnsafeRawBufferPointer) {
        var text = String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        let same = text.withUTF8 { decoded in
            decoded.count == bytes.count && (bytes.isEmpty || memcmp(decoded.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        guard same else { return nil }
        self = text
    }
}
