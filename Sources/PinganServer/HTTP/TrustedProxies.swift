import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The address of the client behind a request, for rate limits and logs: the peer's own, unless
/// the peer is a configured trusted proxy, in which case `X-Forwarded-For` is read from the right
/// (the hop nearest to us) and the first address that is not itself a trusted proxy is the
/// client. A header from anyone else is ignored: otherwise any client could name any address.
public struct TrustedProxies: Sendable {
    /// Network prefixes: the address's bytes (4 or 16) and how many leading bits must match.
    private let networks: [(bytes: [UInt8], bits: Int)]

    /// - Throws: `InvalidProxy` naming the first entry that is neither an address nor a CIDR block.
    public init(_ entries: [String]) throws {
        networks = try entries.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else { throw InvalidProxy(entry: entry) }
            let width = bytes.count * 8
            guard let bits = parts.count == 2 ? Int(parts[1]) : width, (0...width).contains(bits) else { throw InvalidProxy(entry: entry) }
            return (bytes, bits)
        }
    }

    public struct InvalidProxy: Error, CustomStringConvertible {
        let entry: String
        public var description: String { "trusted proxy \(entry.prefix(100)) is neither an IP address nor a CIDR block (e.g. 10.0.0.0/8)" }
    }

    var isEmpty: Bool { networks.isEmpty }

    func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return networks.contains { network in
            guard network.bytes.count == bytes.count else { return false }
            var left = network.bits
            for (a, b) in zip(network.bytes, bytes) where left > 0 {
                let take = min(8, left)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
                if a & mask != b & mask { return false }
                left -= take
            }
            return true
        }
    }

    /// The client's address, given the peer and the `X-Forwarded-For` values in order. An IPv4
    /// client reached over an IPv6 socket (`::ffff:10.0.0.5`) is named as IPv4, so it is one client
    /// whichever way it came.
    func client(peer: String, forwardedFor: [String]) -> String {
        let peer = Self.unmapped(peer)
        guard contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { Self.unmapped($0.trimmingCharacters(in: .whitespaces)) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { break }  // garbage: trust nothing further left
            client = hop
            if !contains(hop) { break }
        }
        return client
    }

    /// The address in network byte order (4 bytes for IPv4 and for IPv4-mapped IPv6, 16 for other
    /// IPv6), or nil.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        return bytes.prefix(12) == Self.mappedPrefix[...] ? Array(bytes.suffix(4)) : bytes
    }

    private static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]

    /// `::ffff:a.b.c.d` as `a.b.c.d`; anything else as it is.
    static func unmapped(_ text: String) -> String {
        guard text.contains(":"), let bytes = bytes(of: text), bytes.count == 4 else { return text }
        return bytes.map(String.init).joined(separator: ".")
    }
}
