import Crypto
import Foundation
import PinganCore

/// Bearer tokens: 32 random bytes, base64url without padding. The store keeps only their SHA-256,
/// so a copy of the database cannot be used to sign in.
enum Tokens {
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        sha256Hex(Data(token.utf8))
    }

    static func sha256Hex(_ data: some DataProtocol) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }
}
