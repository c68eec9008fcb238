import Testing
@testable import PinganServer

@Suite("Client address behind trusted proxies")
struct TrustedProxiesTests {
    @Test func cidrBlocksMatchByPrefix() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "192.168.1.7", "fd00::/8"])
        #expect(proxies.contains("10.200.3.4"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("192.168.1.7"))
        #expect(!proxies.contains("192.168.1.8"))
        #expect(proxies.contains("fd12:3456::1"))
        #expect(!proxies.contains("fe80::1"))
        #expect(!proxies.contains("not an address"))
    }

    @Test func badEntriesAreRefused() {
        for entry in ["10.0.0.0/33", "host.example", "::/129", "1.2.3.4/x", "", "/8", "10.0.0.1/"] {
            #expect(throws: TrustedProxies.InvalidProxy.self) { try TrustedProxies([entry]) }
        }
    }

    @Test func theClientIsTheFirstUntrustedHopFromTheRight() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8"])
        // An untrusted peer's header is ignored.
        #expect(proxies.client(peer: "203.0.113.5", forwardedFor: ["198.51.100.1"]) == "203.0.113.5")
        // A trusted peer: the rightmost address that is not a proxy.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["6.6.6.6, 198.51.100.1, 10.0.0.9"]) == "198.51.100.1")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["6.6.6.6", "198.51.100.1"]) == "198.51.100.1")
        // Garbage stops the walk at the last good hop.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.1, junk, 10.0.0.3"]) == "10.0.0.3")
        // No header: the proxy itself.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
    }

    /// An IPv4 client on a server listening on `::` arrives as `::ffff:a.b.c.d`: the same client,
    /// matched by IPv4 blocks and counted under one name.
    @Test func ipv4MappedAddressesAreIPv4() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8"])
        #expect(proxies.contains("::ffff:10.1.2.3"))
        #expect(!proxies.contains("::ffff:11.1.2.3"))
        #expect(proxies.client(peer: "::ffff:203.0.113.5", forwardedFor: []) == "203.0.113.5")
        #expect(proxies.client(peer: "::ffff:10.0.0.2", forwardedFor: ["::ffff:198.51.100.1"]) == "198.51.100.1")
        #expect(proxies.client(peer: "2001:db8::1", forwardedFor: []) == "2001:db8::1")
    }
}
